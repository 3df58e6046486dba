from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.orgs.models import PartyMembership
from apps.orgs.testing import add
from apps.supervision.models import SupervisedItem
from apps.transfers import services
from apps.transfers.choices import TransferKind, TransferStatus
from apps.transfers.models import Transfer, TransferEvent, TransferSettings

pytestmark = pytest.mark.django_db(transaction=False)


def _branch_of(person):
    return PartyMembership.objects.get(person=person).branch_id


def test_a_move_inside_changes_both_rosters_tells_both_secretaries_and_keeps_the_history(
    company, django_capture_on_commit_callbacks
):
    u, p = company.units, company.people
    with django_capture_on_commit_callbacks(execute=True):
        t = services.transfer_inside(
            actor=company.users["dangwei"], person=p["shuji"], to_branch=u["branch2"], reason="调动"
        )
    assert _branch_of(p["shuji"]) == u["branch2"].pk
    assert PartyMembership.objects.get(person=p["shuji"]).party_post == ""
    assert t.kind == TransferKind.INSIDE and t.from_branch == u["branch1"]
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"shuji", "tech_shuji"} <= told
    assert TransferEvent.objects.filter(transfer=t).count() == 1


def test_a_move_that_fails_half_way_leaves_both_rosters_as_they_were(company):
    u, p = company.units, company.people
    with (
        mock.patch("apps.transfers.services.timeline_write", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.transfer_inside(
            actor=company.users["dangwei"], person=p["shuji"], to_branch=u["branch2"]
        )
    assert _branch_of(p["shuji"]) == u["branch1"].pk
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("target", ["same", "missing", "dissolved", "not_branch"])
def test_a_move_to_the_same_or_no_branch_is_refused(company, target):
    u, p = company.units, company.people
    to = {
        "same": u["branch1"],
        "missing": None,
        "not_branch": u["gb"],
        "dissolved": add(u["party"], name="已撤支部", kind="branch", dissolved_at=timezone.now()),
    }[target]
    with pytest.raises(DomainError) as e:
        services.transfer_inside(actor=company.users["dangwei"], person=p["shuji"], to_branch=to)
    assert e.value.code == ("same_branch" if target == "same" else "branch_unknown")
    assert _branch_of(p["shuji"]) == u["branch1"].pk


def test_a_secretary_moves_only_members_of_a_branch_they_reach(company):
    with pytest.raises(Forbidden):
        services.transfer_inside(
            actor=company.users["shuji"],
            person=company.people["tech_worker"],
            to_branch=company.units["branch1"],
        )


def test_a_letter_out_is_numbered_owes_a_receipt_and_the_late_one_is_reminded_and_supervised(
    company, django_capture_on_commit_callbacks
):
    p = company.people
    TransferSettings.objects.create(receipt_days=10)
    t = services.transfer_out(
        actor=company.users["shuji"], person=p["shuji"], outside_org="中共某市委组织部"
    )
    assert t.number == f"JS{t.pk:06d}" and t.status == TransferStatus.ISSUED
    assert t.due_at - t.issued_at == timedelta(days=10)
    assert not PartyMembership.objects.filter(person=p["shuji"]).exists()
    # The day before the deadline nothing happens; after it, one reminder however often it runs.
    assert services.receipts_remind(now=t.due_at - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.receipts_remind(now=t.due_at + timedelta(hours=1))
        services.receipts_remind(now=t.due_at + timedelta(hours=2))
    assert Notification.objects.filter(dedupe_key=f"transfer:{t.pk}:late").count() == 1
    item = SupervisedItem.objects.get(object_id=t.pk, kind=services.KIND)
    assert item.closed_at is None and item.owner_unit == company.units["branch1"]
    services.receipt_record(
        actor=company.users["shuji"], number=t.number.lower(), received_on=timezone.localdate()
    )
    t.refresh_from_db()
    item.refresh_from_db()
    assert t.status == TransferStatus.DONE and item.closed_at is not None
    with pytest.raises(DomainError) as e:
        services.receipt_record(
            actor=company.users["shuji"], number=t.number, received_on=timezone.localdate()
        )
    assert e.value.code == "receipt_done"


@pytest.mark.parametrize("number", ["JS999999", "abc", "", "JS"])
def test_a_receipt_for_an_unknown_letter_is_refused(company, number):
    with pytest.raises(DomainError) as e:
        services.receipt_record(
            actor=company.users["shuji"], number=number, received_on=timezone.localdate()
        )
    assert e.value.code == "letter_unknown" and e.value.field == "number"


def test_a_receipt_for_a_letter_of_another_scope_is_unknown(company):
    t = services.transfer_out(
        actor=company.users["dangwei"], person=company.people["tech_worker"], outside_org="外单位"
    )
    with pytest.raises(DomainError) as e:
        services.receipt_record(
            actor=company.users["shuji"], number=t.number, received_on=timezone.localdate()
        )
    assert e.value.code == "letter_unknown"


def test_a_cancelled_letter_puts_the_member_back_and_a_member_received_from_outside_joins(
    company,
):
    p, u, admin = company.people, company.units, company.users["dangwei"]
    t = services.transfer_out(actor=admin, person=p["shuji"], outside_org="外单位")
    services.transfer_cancel(actor=admin, transfer=t, note="本人未调动")
    assert _branch_of(p["shuji"]) == u["branch1"].pk
    t = services.transfer_in(
        actor=admin, person=p["bumen"], to_branch=u["branch1"], outside_org="中共某大学委员会"
    )
    assert t.kind == TransferKind.IN and _branch_of(p["bumen"]) == u["branch1"].pk
    with pytest.raises(DomainError) as e:
        services.transfer_in(
            actor=admin, person=p["bumen"], to_branch=u["branch2"], outside_org="x"
        )
    assert e.value.code == "already_member"
