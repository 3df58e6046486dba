"""The checklist is kept on pages, not in the back office: the party admin adds, changes and
removes standard items and sets the 达标 line, until a round uses the year; then it is locked.
Others cannot; bad values are refused with what was typed kept; every change is audited."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from apps.standards.models import StandardItem

from .factories import make_checklist, open_round


@pytest.fixture
def checklist(db):
    return make_checklist()


def test_the_admin_adds_changes_and_removes_an_item(client, login, checklist):
    login("dangwei")
    page = client.get(reverse("standards:checklist") + f"?year={checklist.year}").content.decode()
    assert 'data-testid="item-new"' in page and "在后台编辑" not in page
    r = client.post(
        reverse("standards:checklist_item_new", args=[checklist.pk]),
        {"group": "组织建设", "title": "党员积分管理落实到位", "points": "5", "judge": ""},
    )
    assert r.status_code == 302
    item = StandardItem.objects.get(title="党员积分管理落实到位")
    assert item.points == Decimal("5") and item.checklist == checklist
    r = client.post(
        reverse("standards:checklist_item", args=[checklist.pk, item.pk]),
        {"group": "组织建设", "title": "党员积分管理", "points": "7.5", "needs_file": "on"},
    )
    item.refresh_from_db()
    assert r.status_code == 302 and item.points == Decimal("7.5") and item.needs_file
    assert LogEntry.objects.get_for_object(item).count() == 2
    r = client.post(reverse("standards:checklist_item_delete", args=[checklist.pk, item.pk]))
    assert r.status_code == 302 and not checklist.items.filter(pk=item.pk).exists()


def test_bad_values_are_refused_and_what_was_typed_stays(client, login, checklist):
    login("dangwei")
    url = reverse("standards:checklist_item_new", args=[checklist.pk])
    r = client.post(url, {"group": "组织建设", "title": "某项", "points": "0.2"})
    assert r.status_code == 400 and 'value="某项"' in r.content.decode()
    r = client.post(url, {"group": "组织建设", "title": "某项", "points": "1", "judge": "nope"})
    assert r.status_code == 400
    r = client.post(
        reverse("standards:checklist_settings", args=[checklist.pk]),
        {"threshold": "999", "note": ""},
    )
    assert r.status_code == 400 and "总分" in r.content.decode()
    assert not StandardItem.objects.filter(title="某项").exists()


def test_the_line_is_set_on_a_page(client, login, checklist):
    login("dangwei")
    r = client.post(
        reverse("standards:checklist_settings", args=[checklist.pk]),
        {"threshold": "85", "note": "按季度检查"},
    )
    checklist.refresh_from_db()
    assert r.status_code == 302 and checklist.threshold == Decimal("85")


def test_a_year_in_use_is_locked(client, login, company, checklist):
    open_round(company, checklist)
    login("dangwei")
    page = client.get(reverse("standards:checklist") + f"?year={checklist.year}").content.decode()
    assert 'data-testid="in-use"' in page and 'data-testid="item-new"' not in page
    item = checklist.items.first()
    r = client.post(
        reverse("standards:checklist_item", args=[checklist.pk, item.pk]),
        {"group": item.group, "title": "改过的", "points": "1"},
    )
    assert r.status_code == 400 and "已锁定" in r.content.decode()
    item.refresh_from_db()
    assert item.title != "改过的"


@pytest.mark.parametrize("username", ["shuji", "zhigong"])
def test_others_cannot_edit(client, login, checklist, username):
    login(username)
    url = reverse("standards:checklist_item_new", args=[checklist.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"group": "x", "title": "y", "points": "1"}).status_code == 403
    assert not StandardItem.objects.filter(title="y").exists()
