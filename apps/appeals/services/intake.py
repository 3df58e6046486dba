"""Intake by the union / 党群工作部: accept and assign, reassign, decline, merge."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.supervision.services import supervision_close

from ..choices import EventKind, Status
from ..errors import AppealError
from ..models import Appeal
from ..permissions import (
    can_intake,
)
from .common import (
    _deadline,
    _event,
    _locked,
    _owner_users,
    _require,
    _submitter_users,
    _supervise,
    _take,
    _tell,
    _text,
)
from .rules import (
    MACHINE,
    REASON_MAX,
)

# --- intake ----------------------------------------------------------------------------------


def _intake_step(appeal, actor, action):
    """Intake's step on the row re-read under lock: (the appeal, the machine's move); refused to
    a user who is not its intake (403), or in a state that does not allow it (409)."""
    appeal = _locked(appeal)
    _require(can_intake(actor, appeal))
    return appeal, MACHINE.move(appeal, action)


def _check_owner(*, owner_unit, owner_person):
    if owner_unit is None:
        raise AppealError.OWNER_UNIT(field="owner_unit")
    if owner_unit.dissolved_at is not None:
        raise AppealError.OWNER_UNIT_DISSOLVED(field="owner_unit")
    if owner_person is not None and owner_person.deleted_at is not None:
        raise AppealError.OWNER_PERSON_GONE(field="owner_person")


@transaction.atomic
def appeal_accept(
    *,
    actor,
    appeal: Appeal,
    owner_unit,
    owner_person=None,
    due_at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Appeal:
    """Intake accepts the appeal and assigns a responsible unit (and person) with a deadline
    that defaults by urgency in working days; a deadline in the past is refused."""
    now = now or timezone.now()
    appeal, move = _intake_step(appeal, actor, "accept")
    _check_owner(owner_unit=owner_unit, owner_person=owner_person)
    due = _deadline(appeal=appeal, due_at=due_at, now=now)
    due_text = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    note = (note or "").strip()[:REASON_MAX]
    _take(
        appeal,
        move,
        EventKind.ACCEPTED,
        fields={
            "accepted_at": now,
            "owner_unit": owner_unit,
            "owner_person": owner_person,
            "due_at": due,
        },
        actor=actor,
        note=note,
        now=now,
        unit=owner_unit.name,
        person=owner_person.name if owner_person else "",
        due=due_text,
    )
    _supervise(appeal, now=now)
    _tell(
        appeal, _owner_users(appeal), _("交办诉求:%(t)s"), _("办结时限:%(due)s") % {"due": due_text}
    )
    _tell(
        appeal,
        _submitter_users(appeal),
        _("您的诉求已受理:%(t)s"),
        _("责任单位:%(u)s") % {"u": owner_unit.name},
    )
    return appeal


@transaction.atomic
def appeal_reassign(
    *,
    actor,
    appeal: Appeal,
    owner_unit,
    owner_person=None,
    reason: str,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Appeal:
    """Intake hands a handling appeal to another unit or person, with a reason; the deadline
    stays unless a new (future) one is given."""
    now = now or timezone.now()
    appeal, _move = _intake_step(appeal, actor, "reassign")
    _check_owner(owner_unit=owner_unit, owner_person=owner_person)
    reason = _text(reason, field="reason", label=_("改派理由"), max_len=REASON_MAX)
    due = _deadline(appeal=appeal, due_at=due_at, now=now) if due_at else appeal.due_at
    person_id = owner_person.pk if owner_person else None
    if (
        owner_unit.pk == appeal.owner_unit_id
        and person_id == appeal.owner_person_id
        and due == appeal.due_at
    ):
        raise AppealError.REASSIGN_SAME(field="owner_unit")
    before = appeal.owner_unit.name + (
        f" / {appeal.owner_person.name}" if appeal.owner_person else ""
    )
    appeal.owner_unit, appeal.owner_person, appeal.due_at = owner_unit, owner_person, due
    appeal.save(update_fields=["owner_unit", "owner_person", "due_at", "updated_at"])
    _event(
        appeal,
        EventKind.REASSIGNED,
        actor=actor,
        note=reason,
        now=now,
        before=before,
        unit=owner_unit.name,
        person=owner_person.name if owner_person else "",
        due=timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
    )
    _supervise(appeal, now=now)
    _tell(appeal, _owner_users(appeal), _("改派诉求:%(t)s"), reason)
    return appeal


@transaction.atomic
def appeal_decline(*, actor, appeal: Appeal, reason: str, now=None) -> Appeal:
    """Intake declines an appeal it will not take up, with a reason the submitter sees."""
    now = now or timezone.now()
    appeal, move = _intake_step(appeal, actor, "decline")
    reason = _text(reason, field="reason", label=_("不予受理理由"), max_len=REASON_MAX)
    fields = {"decline_reason": reason, "closed_at": now}
    _take(appeal, move, EventKind.DECLINED, fields=fields, actor=actor, note=reason, now=now)
    supervision_close(record=appeal, at=now)
    _tell(appeal, _submitter_users(appeal), _("您的诉求未予受理:%(t)s"), reason)
    return appeal


@transaction.atomic
def appeal_merge(*, actor, appeal: Appeal, original: Appeal, now=None) -> Appeal:
    """Intake merges a duplicate into the original: the duplicate closes, pointing to it."""
    now = now or timezone.now()
    appeal, move = _intake_step(appeal, actor, "merge")
    if original is None or original.pk == appeal.pk:
        raise AppealError.MERGE_TARGET(field="original")
    if original.status in (Status.MERGED, Status.DECLINED):
        raise AppealError.MERGE_FINAL(field="original")
    fields = {"merged_into": original, "closed_at": now}
    _take(
        appeal,
        move,
        EventKind.MERGED,
        fields=fields,
        actor=actor,
        now=now,
        original=original.number,
    )
    _event(original, EventKind.MERGED_IN, actor=actor, now=now, duplicate=appeal.number)
    supervision_close(record=appeal, at=now)
    _tell(
        appeal, _submitter_users(appeal), _("您的诉求已与相同诉求合并办理:%(t)s"), original.number
    )
    return appeal
