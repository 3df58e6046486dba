"""The supervision index: supervise/close, the reminder and escalation pass, page and API."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.core.models import Notification
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervise, supervision_close, supervision_pass

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def heads(company):
    """生产部 is headed by 李明 (bumen), the company by 刘芳 (dangwei)."""
    u, p = company.units, company.people
    u["prod"].head = p["bumen"]
    u["prod"].save()
    u["company"].head = p["dangwei"]
    u["company"].save()
    return company


def _item(company, *, unit="team1", person="zhigong", due=NOW + timedelta(days=3), record=None):
    record = record or company.people["zhigong"]
    return supervise(
        record=record,
        kind="appeal",
        title="食堂排队时间过长",
        url="/appeals/1/",
        owner_unit=company.units[unit],
        owner_person=company.people[person] if person else None,
        due_at=due,
        now=NOW,
    )


def _titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_supervise_then_close_on_time(company):
    item = _item(company)
    assert item.is_open and item.level == SupervisedItem.Level.NONE
    supervision_close(record=company.people["zhigong"], at=NOW + timedelta(days=1))
    item.refresh_from_db()
    assert not item.is_open and item.closed_on_time


def test_a_new_deadline_restarts_reminders_and_reopens(company, heads):
    item = _item(company, due=NOW + timedelta(hours=2))
    supervision_pass(now=NOW)
    item.refresh_from_db()
    assert item.level == SupervisedItem.Level.REMINDED
    supervision_close(record=company.people["zhigong"], at=NOW)
    item = _item(company, due=NOW + timedelta(days=5))
    assert item.is_open and item.level == SupervisedItem.Level.NONE
    assert SupervisedItem.objects.count() == 1


def test_reminder_goes_once_to_the_owner_before_the_deadline(company, heads):
    _item(company, due=NOW + timedelta(hours=20))
    assert supervision_pass(now=NOW - timedelta(days=1))["reminded"] == 0  # not yet in window
    assert supervision_pass(now=NOW)["reminded"] == 1
    assert supervision_pass(now=NOW + timedelta(minutes=1))["reminded"] == 0
    assert _titles(company.users["zhigong"]) == ["督办提醒:“食堂排队时间过长”即将到期"]


def test_overdue_escalates_to_the_superior_head_then_further_up(company, heads):
    item = _item(company, due=NOW)
    first = supervision_pass(now=NOW + timedelta(hours=1))
    assert first["escalated"] == 1
    # 运行一班's superior unit is 生产部, headed by 李明 (bumen); the owner is told as well.
    assert _titles(company.users["bumen"]) == ["逾期督办:“食堂排队时间过长”已超过办结时限"]
    assert len(_titles(company.users["zhigong"])) == 1
    assert supervision_pass(now=NOW + timedelta(hours=2)) == {
        "reminded": 0,
        "escalated": 0,
        "escalated_again": 0,
    }
    second = supervision_pass(now=NOW + timedelta(days=3, hours=1))
    assert second["escalated_again"] == 1
    # The next head up is the company's, 刘芳 (dangwei).
    assert _titles(company.users["dangwei"]) == ["二次督办:“食堂排队时间过长”逾期未办结"]
    item.refresh_from_db()
    assert item.level == SupervisedItem.Level.ESCALATED_AGAIN
    events = LogEntry.objects.get_for_object(company.people["zhigong"]).filter(
        action=LogEntry.Action.ACCESS
    )
    assert events.count() == 2  # each escalation is logged on the record itself


def test_closed_items_are_never_reminded(company, heads):
    _item(company, due=NOW)
    supervision_close(record=company.people["zhigong"], at=NOW - timedelta(hours=1))
    assert supervision_pass(now=NOW + timedelta(days=10)) == {
        "reminded": 0,
        "escalated": 0,
        "escalated_again": 0,
    }
    assert not Notification.objects.exists()


def test_scope_owner_unit_subtree_and_owner_person(company):
    _item(company)
    seen = {
        name: SupervisedItem.objects.visible_to(company.users[name]).count()
        for name in ("admin", "bumen", "shuji", "zhigong", "tech_shuji", "norole")
    }
    assert seen == {"admin": 1, "bumen": 1, "shuji": 1, "zhigong": 1, "tech_shuji": 0, "norole": 0}


def test_overview_is_cached_per_scope(client, login, company, django_assert_num_queries):
    _item(company)
    login("bumen")
    first = client.get(reverse("supervision:list")).context["counts"]
    _item(company, unit="prod", person="bumen", record=company.people["bumen"])
    again = client.get(reverse("supervision:list"))
    assert again.context["counts"] == first  # a minute-old overview
    assert len(again.context["page"].object_list) == 2  # but the list itself is live
    login("tech_shuji")  # another scope is never served bumen's figures
    assert client.get(reverse("supervision:list")).context["counts"]["open"] == 0


def test_page_counts_filters_and_404_free_scope(client, login, company):
    _item(company, due=NOW - timedelta(days=1), record=company.people["zhigong"])
    later = timezone.now() + timedelta(days=10)
    _item(
        company, unit="tech", person="tech_worker", record=company.people["tech_worker"], due=later
    )
    login("bumen")
    response = client.get(reverse("supervision:list"))
    assert response.status_code == 200
    assert response.context["counts"] == {"open": 1, "due_soon": 0, "overdue": 1, "closed": 0}
    html = response.content.decode()
    assert "食堂排队时间过长" in html and "已逾期" in html
    assert response.context["units"][0]["owner_unit__name"] == "运行一班"
    login("tech_shuji")
    response = client.get(reverse("supervision:list"), {"state": "overdue"})
    assert list(response.context["page"].object_list) == []  # 技术部's item is not overdue
    response = client.get(reverse("supervision:list"), {"state": "open"})
    assert [i.title for i in response.context["page"].object_list] == ["食堂排队时间过长"]


def test_page_queries_do_not_grow_with_items(client, login, company, django_assert_max_num_queries):
    login("admin")
    _item(company, record=company.people["zhigong"])
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("supervision:list"))
    for key in ("shuji", "bumen", "dangwei", "tech_worker", "safety_worker"):
        _item(company, record=company.people[key])
    cache.clear()  # the counts are cached for a minute; measure them computed again
    with django_assert_max_num_queries(20) as large:
        client.get(reverse("supervision:list"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_api_lists_in_scope_and_404s_outside(client, login, company):
    item = _item(company, unit="tech", person="tech_worker", record=company.people["tech_worker"])
    login("bumen")
    body = client.get("/api/v1/supervision/items").json()
    assert body["count"] == 0
    assert client.get(f"/api/v1/supervision/items/{item.pk}").status_code == 404
    login("tech_shuji")
    body = client.get("/api/v1/supervision/items", {"state": "open"}).json()
    assert body["count"] == 1 and body["items"][0]["owner_unit_name"] == "技术部"
