"""Issue 10's 督办 defects: escalation that found nobody, 只看我负责的, 催办, deadline
extensions and the Excel export."""

import io
from datetime import timedelta

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.models import Notification
from apps.supervision import services
from apps.supervision.choices import ExtensionStatus, ItemAction
from apps.supervision.errors import SupervisionError
from apps.supervision.models import ExtensionRequest, ItemEvent, SupervisedItem
from apps.supervision.services import supervise, supervision_pass

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


def _item(company, *, unit="team1", person="zhigong", due=None, by="bumen", record=None):
    return supervise(
        record=record or company.people["zhigong"],
        kind="appeal",
        title="食堂排队时间过长",
        url="/appeals/1/",
        owner_unit=company.units[unit],
        owner_person=company.people[person] if person else None,
        due_at=due or timezone.now() + timedelta(days=3),
        now=NOW,
        assigned_by=company.users[by] if by else None,
    )


def _titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


# --- escalation ------------------------------------------------------------------------------


def test_assigner_office_is_the_assigners_unit_over_the_owner(company):
    item = _item(company)
    assert item.assigned_by == company.users["bumen"]
    assert item.assigner_unit == company.units["prod"]


def test_escalation_with_no_superior_head_goes_to_the_assigning_office(company):
    """No unit above 运行一班 has a head with an account: before, nobody but the owner heard."""
    item = _item(company, due=NOW, by="dangwei")
    assert item.assigner_unit == company.units["company"]
    assert supervision_pass(now=NOW + timedelta(hours=1))["escalated"] == 1
    assert _titles(company.users["dangwei"]) == ["逾期督办:“食堂排队时间过长”已超过办结时限"]


def test_escalation_still_goes_to_the_superior_head_when_there_is_one(company):
    company.units["prod"].head = company.people["bumen"]
    company.units["prod"].save()
    _item(company, due=NOW, by="dangwei")
    supervision_pass(now=NOW + timedelta(hours=1))
    assert len(_titles(company.users["bumen"])) == 1
    assert _titles(company.users["dangwei"]) == []


# --- 只看我负责的 --------------------------------------------------------------------------------


def test_mine_includes_items_owned_by_units_i_lead(client, login, company):
    _item(company, unit="prod", person=None, record=company.people["bumen"])
    _item(company, unit="tech", person="tech_worker", record=company.people["tech_worker"])
    login("bumen")  # 部门负责人 of 生产部, not named on the item
    r = client.get(reverse("supervision:list"), {"mine": "true"})
    assert [i.owner_unit.name for i in r.context["page"].object_list] == ["生产部"]


def test_mine_without_a_person_does_not_list_unowned_items(client, company):
    _item(company, unit="prod", person=None, record=company.people["bumen"])
    client.force_login(company.users["admin"])  # no person, no leading role
    r = client.get(reverse("supervision:list"), {"mine": "true"})
    assert list(r.context["page"].object_list) == []


# --- 催办 --------------------------------------------------------------------------------------


def test_a_cadre_reminds_the_owner_once_a_day(
    client, login, company, django_capture_on_commit_callbacks
):
    item = _item(company)
    login("bumen")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("supervision:remind", args=[item.pk]), {"note": "请本周内办结"})
    assert r.status_code == 302
    assert _titles(company.users["zhigong"]) == ["催办:“食堂排队时间过长”"]
    event = ItemEvent.objects.get(item=item)
    assert event.action == ItemAction.REMIND and event.actor == company.users["bumen"]
    logged = LogEntry.objects.get_for_object(company.people["zhigong"]).filter(
        action=LogEntry.Action.ACCESS
    )
    assert logged.count() == 1 and logged.get().actor == company.users["bumen"]
    again = client.post(reverse("supervision:remind", args=[item.pk]), {"note": ""})
    assert again.status_code == 400 and "今天已催办" in again.content.decode()
    assert ItemEvent.objects.filter(item=item).count() == 1


def test_reminding_again_the_next_day_is_allowed(company):
    item = _item(company)
    services.item_remind(actor=company.users["bumen"], item=item, now=timezone.now())
    tomorrow = timezone.now() + timedelta(days=1)
    services.item_remind(actor=company.users["bumen"], item=item, now=tomorrow)
    assert ItemEvent.objects.filter(item=item, action=ItemAction.REMIND).count() == 2


def test_the_owner_cannot_remind_themself_and_outsiders_get_404(client, login, company):
    item = _item(company)
    login("zhigong")
    assert client.post(reverse("supervision:remind", args=[item.pk])).status_code == 403
    login("tech_shuji")
    assert client.get(reverse("supervision:detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("supervision:remind", args=[item.pk])).status_code == 404
    assert not ItemEvent.objects.exists()


def test_a_closed_item_is_not_reminded(company):
    item = _item(company)
    services.supervision_close(record=company.people["zhigong"])
    with pytest.raises(Exception) as e:
        services.item_remind(actor=company.users["bumen"], item=item)
    assert e.value.code == SupervisionError.CLOSED.code


# --- deadline extension ------------------------------------------------------------------------


def test_owner_requests_and_the_assigner_grants_an_extension(
    client, login, company, django_capture_on_commit_callbacks
):
    item = _item(company)
    old_due = item.due_at
    new_day = timezone.localdate(old_due) + timedelta(days=7)
    login("zhigong")
    page = client.get(reverse("supervision:detail", args=[item.pk])).content.decode()
    assert reverse("supervision:extend", args=[item.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("supervision:extend", args=[item.pk]),
            {"new_due_date": new_day.isoformat(), "reason": "设备到货推迟"},
        )
    assert r.status_code == 302
    ext = ExtensionRequest.objects.get()
    assert ext.status == ExtensionStatus.PENDING and ext.old_due_at == old_due
    assert _titles(company.users["bumen"]) == ["延期申请待审批:“食堂排队时间过长”"]
    login("bumen")
    page = client.get(reverse("supervision:detail", args=[item.pk])).content.decode()
    assert "设备到货推迟" in page and 'data-testid="decide"' in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("supervision:extension_decide", args=[ext.pk]), {"grant": "1"})
    assert r.status_code == 302
    item.refresh_from_db()
    ext.refresh_from_db()
    assert ext.status == ExtensionStatus.GRANTED and ext.decided_by == company.users["bumen"]
    assert timezone.localdate(item.due_at) == new_day
    actions = list(ItemEvent.objects.filter(item=item).values_list("action", flat=True))
    assert actions == [ItemAction.EXTEND_REQUEST, ItemAction.EXTEND_GRANT]
    assert any("已同意" in t for t in _titles(company.users["zhigong"]))
    assert LogEntry.objects.get_for_object(ext).exists()  # the request is audited


def test_refusal_needs_a_reason_and_keeps_the_deadline(client, login, company):
    item = _item(company)
    ext = services.extension_request(
        actor=company.users["zhigong"],
        item=item,
        new_due_at=item.due_at + timedelta(days=3),
        reason="人手不足",
    )
    login("bumen")
    url = reverse("supervision:extension_decide", args=[ext.pk])
    r = client.post(url, {"grant": "0", "note": ""})
    assert r.status_code == 400 and "审批意见" in r.content.decode()
    assert client.post(url, {"grant": "0", "note": "按原期限办结"}).status_code == 302
    ext.refresh_from_db()
    due = item.due_at
    item.refresh_from_db()
    assert ext.status == ExtensionStatus.REFUSED and item.due_at == due


def test_extension_rules(company):
    item = _item(company)
    zhigong, bumen = company.users["zhigong"], company.users["bumen"]
    with pytest.raises(Exception) as e:
        services.extension_request(
            actor=zhigong, item=item, new_due_at=item.due_at - timedelta(days=1), reason="x"
        )
    assert e.value.code == "extension_not_later" and e.value.field == "new_due_at"
    with pytest.raises(Exception) as e:
        services.extension_request(
            actor=bumen, item=item, new_due_at=item.due_at + timedelta(days=1), reason="x"
        )
    assert e.value.status == 403  # bumen assigned it; he does not owe it
    ext = services.extension_request(
        actor=zhigong, item=item, new_due_at=item.due_at + timedelta(days=1), reason="x"
    )
    with pytest.raises(Exception) as e:
        services.extension_request(
            actor=zhigong, item=item, new_due_at=item.due_at + timedelta(days=2), reason="y"
        )
    assert e.value.code == "extension_pending"
    with pytest.raises(Exception) as e:
        services.extension_decide(actor=zhigong, request=ext, grant=True)
    assert e.value.status == 403  # nobody grants their own request
    services.extension_decide(actor=bumen, request=ext, grant=True)
    with pytest.raises(Exception) as e:
        services.extension_decide(actor=bumen, request=ext, grant=False, note="晚了")
    assert e.value.code == "extension_decided"


def test_a_granted_extension_restarts_the_reminders(company):
    item = _item(company, due=NOW)
    supervision_pass(now=NOW + timedelta(hours=1))
    item.refresh_from_db()
    assert item.level == SupervisedItem.Level.ESCALATED
    ext = services.extension_request(
        actor=company.users["zhigong"],
        item=item,
        new_due_at=timezone.now() + timedelta(days=5),
        reason="x",
    )
    services.extension_decide(actor=company.users["bumen"], request=ext, grant=True)
    item.refresh_from_db()
    assert item.level == SupervisedItem.Level.NONE


# --- export ------------------------------------------------------------------------------------


def test_export_streams_the_filtered_list_in_scope(client, login, company):
    _item(company)
    _item(company, unit="tech", person="tech_worker", record=company.people["tech_worker"])
    login("dangwei")
    r = client.get(reverse("supervision:export"), {"unit": company.units["prod"].pk})
    assert r.status_code == 200 and r.streaming
    assert "attachment" in r["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("类别", "事项", "责任单位")
    assert [row[2] for row in rows[1:]] == ["运行一班"]
    login("tech_shuji")
    r = client.get(reverse("supervision:export"))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert [row[2] for row in list(wb.active.iter_rows(values_only=True))[1:]] == ["技术部"]


def test_list_links_the_detail_and_the_export(client, login, company):
    item = _item(company)
    login("bumen")
    html = client.get(reverse("supervision:list"), {"state": "open"}).content.decode()
    assert reverse("supervision:detail", args=[item.pk]) in html
    assert reverse("supervision:export") + "?state=open" in html


@pytest.mark.parametrize("query", ["unit=abc", "unit=99999999999999999999", "state=x", "page=x"])
def test_bad_query_strings_never_500(client, login, company, query):
    _item(company)
    login("dangwei")
    assert client.get(f"{reverse('supervision:list')}?{query}").status_code == 200
    assert client.get(f"{reverse('supervision:export')}?{query}").status_code == 200


def test_policy_is_audited(company):
    from apps.supervision.models import Policy

    policy = Policy.objects.create(remind_before_hours=12)
    assert LogEntry.objects.get_for_object(policy).count() == 1


def test_a_role_on_the_assigner_unit_may_decide(company):
    item = _item(company, by="dangwei")  # assigned from the company
    RoleAssignment.objects.create(
        user=company.users["tech_shuji"], role=Role.PARTY_ADMIN, unit=company.units["company"]
    )
    ext = services.extension_request(
        actor=company.users["zhigong"],
        item=item,
        new_due_at=item.due_at + timedelta(days=1),
        reason="x",
    )
    services.extension_decide(actor=company.users["tech_shuji"], request=ext, grant=True)
    ext.refresh_from_db()
    assert ext.status == ExtensionStatus.GRANTED
