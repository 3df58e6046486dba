"""Writes on 组织关系转接 and 流动党员: each one transaction, audited by its timeline; the
secretaries hear of it after the commit."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.errors import CoreError, Forbidden
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervise, supervision_close

from .choices import FlowDirection, FlowStatus, TransferAction, TransferKind, TransferStatus
from .errors import TransferError
from .models import FlowActivity, FlowingMember, Transfer, TransferEvent, TransferSettings
from .permissions import can_handle, can_set

KIND = "transfer_receipt"  # the 督办 kind of a 介绍信 whose 回执 is late


def secretaries(*branches) -> list:
    """The active secretaries of these branches: they hear of every move in or out."""
    ids = [b.pk for b in branches if b is not None]
    rows = RoleAssignment.objects.filter(
        unit_id__in=ids, role=Role.BRANCH_SECRETARY, user__is_active=True
    ).select_related("user")
    return list({ra.user_id: ra.user for ra in rows}.values())


def _check(actor, branch) -> None:
    if not can_handle(actor, branch):
        raise Forbidden(_("只有该支部的书记、委员或党委管理员可以办理。"))


def _target(branch) -> OrgUnit:
    """The branch a member moves to: an alive 党支部, else the code every form shows."""
    if branch is None:
        raise TransferError.BRANCH_UNKNOWN(field="to_branch")
    unit = OrgUnit.objects.alive().filter(pk=branch.pk, kind=UnitKind.BRANCH).first()
    if unit is None:
        raise TransferError.BRANCH_UNKNOWN(field="to_branch")
    return unit


def _membership(person: Person) -> PartyMembership:
    m = (
        PartyMembership.objects.select_for_update()
        .select_related("branch")
        .filter(person=person)
        .first()
    )
    if m is None:
        raise TransferError.NOT_MEMBER(field="person", name=person.name)
    return m


def _tell(users, transfer: Transfer, title: str) -> None:
    notify(
        users=users,
        title=title % {"name": transfer.person.name, "number": transfer.number},
        url=transfer.get_absolute_url(),
    )


@transaction.atomic
def transfer_inside(*, actor, person: Person, to_branch, reason: str = "") -> Transfer:
    """Move a member from their branch's roster to another branch's: the membership row, the
    transfer and its timeline are one transaction, so both rosters change or neither."""
    membership = _membership(person)
    source = membership.branch
    _check(actor, source)
    target = _target(to_branch)
    if target.pk == source.pk:
        raise TransferError.SAME_BRANCH(field="to_branch")
    transfer = Transfer.objects.create(
        kind=TransferKind.INSIDE,
        status=TransferStatus.DONE,
        person=person,
        from_branch=source,
        to_branch=target,
        reason=reason.strip(),
        created_by=actor,
    )
    # The post held in the old branch (书记, 委员) does not travel with the member.
    membership.branch, membership.party_post = target, ""
    membership.save(update_fields=["branch", "party_post", "updated_at"])
    timeline_write(
        TransferEvent,
        transfer,
        actor=actor,
        action=TransferAction.MOVE,
        to_status=TransferStatus.DONE,
        note=reason,
        data={"from": source.name, "to": target.name},
    )
    _tell(secretaries(source, target), transfer, _("%(name)s 的组织关系已转接(%(number)s)"))
    return transfer


@transaction.atomic
def transfer_out(*, actor, person: Person, outside_org: str, reason: str = "") -> Transfer:
    """Issue a numbered 介绍信 to an organisation outside the company: the member leaves the
    branch's roster now, and the 回执 is owed within the settings' days."""
    membership = _membership(person)
    _check(actor, membership.branch)
    if not outside_org.strip():
        raise TransferError.PLACE_REQUIRED(field="outside_org")
    now = timezone.now()
    transfer = Transfer.objects.create(
        kind=TransferKind.OUT,
        status=TransferStatus.ISSUED,
        person=person,
        from_branch=membership.branch,
        outside_org=outside_org.strip(),
        reason=reason.strip(),
        issued_at=now,
        due_at=now + timedelta(days=TransferSettings.current().receipt_days),
        created_by=actor,
    )
    membership.soft_delete()
    timeline_write(
        TransferEvent,
        transfer,
        actor=actor,
        action=TransferAction.ISSUE,
        to_status=TransferStatus.ISSUED,
        note=reason,
        due_at=transfer.due_at,
    )
    _tell(
        secretaries(membership.branch), transfer, _("%(name)s 的组织关系已转出,介绍信 %(number)s")
    )
    return transfer


@transaction.atomic
def transfer_in(
    *, actor, person: Person, to_branch, outside_org: str, reason: str = ""
) -> Transfer:
    """Receive a member from outside the company into a branch's roster on their 介绍信; our
    numbered 回执 goes back to the sending organisation."""
    target = _target(to_branch)
    _check(actor, target)
    if not outside_org.strip():
        raise TransferError.PLACE_REQUIRED(field="outside_org")
    held = PartyMembership.all_objects.select_for_update().filter(person=person).first()
    if held is not None and held.deleted_at is None:
        raise TransferError.ALREADY_MEMBER(field="person", name=person.name, branch=held.branch)
    transfer = Transfer.objects.create(
        kind=TransferKind.IN,
        status=TransferStatus.DONE,
        person=person,
        to_branch=target,
        outside_org=outside_org.strip(),
        reason=reason.strip(),
        created_by=actor,
    )
    if held is None:
        PartyMembership.objects.create(person=person, branch=target)
    else:  # a member who once left comes back: the same row, alive again
        held.branch, held.party_post, held.deleted_at = target, "", None
        held.save(update_fields=["branch", "party_post", "deleted_at", "updated_at"])
    timeline_write(
        TransferEvent,
        transfer,
        actor=actor,
        action=TransferAction.RECEIVE,
        to_status=TransferStatus.DONE,
        note=reason,
    )
    _tell(secretaries(target), transfer, _("%(name)s 的组织关系已转入本支部(%(number)s)"))
    return transfer


@transaction.atomic
def receipt_record(*, actor, number: str, received_on: date, note: str = "") -> Transfer:
    """The 回执 of a 介绍信 came back: found by the number printed on it, among the letters
    the user may see; the letter leaves 督办."""
    pk = Transfer.pk_of(number or "")
    transfer = (
        Transfer.objects.visible_to(actor)
        .select_for_update()
        .filter(pk=pk, kind=TransferKind.OUT)
        .first()
        if pk
        else None
    )
    if transfer is None:
        raise TransferError.LETTER_UNKNOWN(field="number", number=number.strip()[:20])
    _check(actor, transfer.from_branch)
    if transfer.status != TransferStatus.ISSUED:
        raise TransferError.RECEIPT_DONE(field="number", number=transfer.number)
    if received_on is None:
        raise CoreError.REQUIRED(field="received_on", label=_("回执日期"))
    if received_on < timezone.localdate(transfer.issued_at) or received_on > timezone.localdate():
        raise TransferError.RECEIPT_DATE(field="received_on")
    transfer.status = TransferStatus.DONE
    transfer.receipt_at = timezone.now()
    transfer.receipt_note = note.strip()[:200]
    transfer.save(update_fields=["status", "receipt_at", "receipt_note", "updated_at"])
    timeline_write(
        TransferEvent,
        transfer,
        actor=actor,
        action=TransferAction.RECEIPT,
        from_status=TransferStatus.ISSUED,
        to_status=TransferStatus.DONE,
        note=note,
        data={"received_on": received_on.isoformat()},
    )
    supervision_close(record=transfer)
    return transfer


@transaction.atomic
def transfer_cancel(*, actor, transfer: Transfer, note: str) -> Transfer:
    """A letter not used (the member stays): the member is back on the branch's roster."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    _check(actor, transfer.from_branch)
    if transfer.status != TransferStatus.ISSUED:
        raise CoreError.BAD_TRANSITION()
    if not note.strip():
        raise CoreError.REQUIRED(field="note", label=_("撤销原因"))
    PartyMembership.all_objects.filter(person=transfer.person_id).update(
        deleted_at=None, branch=transfer.from_branch
    )
    transfer.status = TransferStatus.CANCELLED
    transfer.save(update_fields=["status", "updated_at"])
    timeline_write(
        TransferEvent,
        transfer,
        actor=actor,
        action=TransferAction.CANCEL,
        from_status=TransferStatus.ISSUED,
        to_status=TransferStatus.CANCELLED,
        note=note,
    )
    supervision_close(record=transfer)
    return transfer


@transaction.atomic
def transfer_settings_save(*, actor, receipt_days: int) -> TransferSettings:
    if not can_set(actor):
        raise Forbidden()
    if not receipt_days or not 1 <= receipt_days <= 180:
        raise TransferError.BAD_DAYS(field="receipt_days")
    row = TransferSettings.current()
    row.receipt_days = receipt_days
    row.save()
    return row


def receipts_remind(*, now) -> int:
    """The periodic pass: each 介绍信 whose 回执 is late reminds its branch's secretaries once
    and joins 督办 (owned by the issuing branch)."""
    # Once supervised, 督办 itself reminds and escalates: a letter joins once.
    supervised = SupervisedItem.objects.filter(kind=KIND).values("object_id")
    late = (
        Transfer.objects.filter(status=TransferStatus.ISSUED, due_at__lt=now)
        .exclude(pk__in=supervised)
        .select_related("person", "from_branch")
    )
    count = 0
    for transfer in late:
        with transaction.atomic():
            supervise(
                record=transfer,
                kind=KIND,
                title=_("介绍信回执未返回:%(number)s %(name)s")
                % {"number": transfer.number, "name": transfer.person.name},
                url=transfer.get_absolute_url(),
                owner_unit=transfer.from_branch,
                due_at=transfer.due_at,
                now=now,
            )
            notify(
                users=secretaries(transfer.from_branch),
                title=_("介绍信 %(number)s(%(name)s)的回执逾期未返回,请联系%(org)s")
                % {
                    "number": transfer.number,
                    "name": transfer.person.name,
                    "org": transfer.outside_org,
                },
                url=transfer.get_absolute_url(),
                dedupe_key=f"transfer:{transfer.pk}:late",
            )
        count += 1
    return count


# --- 流动党员 -----------------------------------------------------------------------------------


def _check_period(start_on: date, end_on: date | None) -> None:
    if start_on is None:
        raise CoreError.REQUIRED(field="start_on", label=_("开始日期"))
    if end_on is not None and end_on < start_on:
        raise TransferError.FLOW_DATES(field="end_on")


@transaction.atomic
def flowing_register(
    *,
    actor,
    direction: str,
    branch,
    place: str,
    start_on: date,
    contact: str,
    certificate_no: str,
    person: Person | None = None,
    name: str = "",
    place_org: str = "",
    end_on: date | None = None,
) -> FlowingMember:
    """Register a 流动党员: out-going, a member of the branch (person required); in-coming, a
    member of another organisation (by name, or a person on the roster)."""
    if direction not in FlowDirection.values:
        raise CoreError.BAD_CHOICE(field="direction", label=_("方向"))
    branch = _target(branch)
    _check(actor, branch)
    if direction == FlowDirection.OUT:
        on_roster = PartyMembership.objects.filter(person=person, branch=branch).exists()
        if person is None or not on_roster:
            raise TransferError.FLOW_PERSON(field="person")
    name = (person.name if person else name).strip()
    if not name:
        raise CoreError.REQUIRED(field="name", label=_("姓名"))
    for field, value, label in (
        ("place", place, _("流入/流出地")),
        ("contact", contact, _("联系人及电话")),
        ("certificate_no", certificate_no, _("活动证编号")),
    ):
        if not value.strip():
            raise CoreError.REQUIRED(field=field, label=label)
    _check_period(start_on, end_on)
    certificate_no = certificate_no.strip()
    if FlowingMember.all_objects.filter(certificate_no=certificate_no).exists():
        raise TransferError.CERTIFICATE_TAKEN(field="certificate_no", no=certificate_no)
    return FlowingMember.objects.create(
        direction=direction,
        person=person,
        name=name,
        branch=branch,
        place=place.strip(),
        place_org=place_org.strip(),
        start_on=start_on,
        end_on=end_on,
        contact=contact.strip(),
        certificate_no=certificate_no,
        created_by=actor,
    )


@transaction.atomic
def flowing_end(*, actor, member: FlowingMember, end_on: date) -> FlowingMember:
    member = FlowingMember.objects.select_for_update().get(pk=member.pk)
    _check(actor, member.branch)
    if member.status != FlowStatus.ACTIVE:
        raise TransferError.FLOW_ENDED()
    _check_period(member.start_on, end_on)
    member.status, member.end_on = FlowStatus.ENDED, end_on
    member.save(update_fields=["status", "end_on", "updated_at"])
    return member


@transaction.atomic
def activity_record(
    *,
    actor,
    member: FlowingMember,
    kind: str,
    day: date,
    title: str,
    hours: Decimal | None = None,
    organiser: str = "",
) -> FlowActivity:
    """A meeting or study the 流动党员 attended where they are, counted for them."""
    _check(actor, member.branch)
    if member.status != FlowStatus.ACTIVE:
        raise TransferError.FLOW_ENDED()
    if day is None or day < member.start_on or day > timezone.localdate():
        raise TransferError.ACTIVITY_DAY(field="day")
    hours = hours if hours is not None else Decimal(0)
    if not Decimal(0) <= hours <= Decimal(24):
        raise TransferError.HOURS(field="hours")
    if not title.strip():
        raise CoreError.REQUIRED(field="title", label=_("内容"))
    return FlowActivity.objects.create(
        member=member,
        kind=kind,
        day=day,
        title=title.strip(),
        hours=hours,
        organiser=organiser.strip(),
        created_by=actor,
    )
