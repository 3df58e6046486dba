"""Writes on hazards: report, confirm or reject, rectify, verify or send back; inspections.

The loop is one explicit table of transitions (TRANSITIONS); every refused step raises a
DomainError with a Chinese message. A confirmed hazard is supervised (督办) until verified.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.selectors import user_of
from apps.core.errors import CoreError, Forbidden
from apps.core.rules import StateMachine, clean_text
from apps.core.services import attachment_create, notify
from apps.core.timeline import timeline_write
from apps.core.uploads import check_uploads
from apps.core.workdays import deadline_after_workdays
from apps.orgs.choices import ADMIN_KINDS
from apps.supervision.services import supervise, supervision_close

from .choices import HazardAction, HazardLevel, HazardStatus
from .errors import HazardError
from .models import Hazard, HazardEvent, HazardPolicy, Inspection
from .permissions import (
    can_manage_hazards,
    can_manage_unit,
    can_rectify,
    can_set_policy,
    safety_users,
)

S = HazardStatus
A = HazardAction
# action -> (the states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    A.CONFIRM: (frozenset({S.REPORTED}), S.RECTIFYING),
    A.REJECT: (frozenset({S.REPORTED}), S.REJECTED),
    A.RECTIFY: (frozenset({S.RECTIFYING}), S.SUBMITTED),
    A.VERIFY: (frozenset({S.SUBMITTED}), S.RECTIFIED),
    A.RETURN: (frozenset({S.SUBMITTED}), S.RECTIFYING),
}
REFUSALS = {
    A.CONFIRM: _l("只有待确认的隐患才能确认交办,该隐患当前为“%(status)s”。"),
    A.REJECT: _l("只有待确认的隐患才能不予确认,该隐患当前为“%(status)s”。"),
    A.RECTIFY: _l("只有整改中的隐患才能提交整改,该隐患当前为“%(status)s”。"),
    A.VERIFY: _l("只有已提交整改、待验收的隐患才能验收,该隐患当前为“%(status)s”。"),
    A.RETURN: _l("只有待验收的隐患才能退回重改,该隐患当前为“%(status)s”。"),
}
MAX_PHOTOS = 9
PLACE_MAX = 200
TEXT_MAX = 2000
REASON_MAX = 500
KIND = "hazard"


# The table is the rule: the page offers `allowed_actions`, each service moves by `_transition`.
MACHINE = StateMachine(TRANSITIONS, REFUSALS)
allowed_actions = MACHINE.allowed
_transition = MACHINE.move


def _check_photos(photos, *, field: str, required: bool = False) -> list:
    photos = check_uploads(
        photos, field=field, most=MAX_PHOTOS, too_many=HazardError.PHOTOS_TOO_MANY, kinds={"image"}
    )
    if required and not photos:
        raise HazardError.PHOTOS_REQUIRED(field=field)
    return photos


def _due_at(value, *, now: datetime, field: str = "due_at") -> datetime:
    if value <= now:
        raise HazardError.DEADLINE_PAST(field=field)
    return value


def default_due_at(level: str, *, now: datetime | None = None) -> datetime:
    """The default deadline: the admin-set working days for the level, from now."""
    now = now or timezone.now()
    return deadline_after_workdays(now, HazardPolicy.current().days_for(level))


def _locked(hazard: Hazard) -> Hazard:
    """The row again, locked: two cadres acting at once cannot both move it."""
    return (
        Hazard.objects.select_for_update(of=("self",))
        .select_related("unit", "owner_unit", "owner_person__user", "reporter__user")
        .get(pk=hazard.pk)
    )


def _owner_users(hazard) -> list:
    user = user_of(hazard.owner_person) or user_of(getattr(hazard.owner_unit, "head", None))
    return [user] if user else []


def _reporter_users(hazard) -> list:
    user = hazard.reported_by
    return [user] if user is not None and user.is_active else []


def _event(hazard, action, source, *, actor, now, **fields) -> HazardEvent:
    """One step on the hazard's timeline, from `source` to the state it is now in."""
    return timeline_write(
        HazardEvent,
        hazard,
        actor=actor,
        action=action,
        from_status=source,
        to_status=hazard.status,
        at=now,
        **fields,
    )


def _tell(users, hazard, title, body) -> None:
    """Tell `users` of a step: the title names the hazard's place, the link opens it."""
    notify(
        users=users, title=title % {"place": hazard.place}, body=body, url=hazard.get_absolute_url()
    )


def _supervise(hazard, now):
    supervise(
        record=hazard,
        kind=KIND,
        title=_("隐患整改:%(place)s") % {"place": hazard.place},
        url=hazard.get_absolute_url(),
        owner_unit=hazard.owner_unit,
        owner_person=hazard.owner_person,
        due_at=hazard.due_at,
        now=now,
    )


@transaction.atomic
def hazard_report(
    *,
    actor,
    place: str,
    description: str,
    level: str = HazardLevel.GENERAL,
    unit=None,
    inspection: Inspection | None = None,
    photos=(),
    now: datetime | None = None,
) -> Hazard:
    """Anyone logged in reports a hazard; it belongs to the unit given, or else the reporter's
    team or department. Photos must be real images; nothing is stored if one is not."""
    now = now or timezone.now()
    place = clean_text(place, field="place", label=_("隐患地点"), limit=PLACE_MAX)
    description = clean_text(description, field="description", label=_("隐患描述"), limit=TEXT_MAX)
    if level not in HazardLevel.values:
        raise HazardError.BAD_LEVEL(field="level")
    person = getattr(actor, "person", None)
    if unit is None and person is not None:
        unit = person.team or person.department
    if unit is None:
        raise HazardError.UNIT_REQUIRED(field="unit")
    if unit.kind not in ADMIN_KINDS or unit.dissolved_at is not None:
        raise HazardError.BAD_UNIT(field="unit")
    if inspection is not None and not (
        Inspection.objects.visible_to(actor).filter(pk=inspection.pk).exists()
    ):
        raise HazardError.BAD_INSPECTION(field="inspection")
    photos = _check_photos(photos, field="photos")
    hazard = Hazard.objects.create(
        place=place,
        description=description,
        level=level,
        unit=unit,
        inspection=inspection,
        reporter=person,
        reported_by=actor,
        reported_at=now,
    )
    for photo in photos:
        attachment_create(actor=actor, upload=photo, owner=hazard, kinds={"image"})
    _event(hazard, A.REPORT, "", actor=actor, now=now)
    _tell(
        [u for u in safety_users(unit) if u.pk != actor.pk],
        hazard,
        _("新隐患待确认:%(place)s"),
        description[:200],
    )
    return hazard


def _require_manager(actor, hazard):
    if not can_manage_hazards(actor, hazard):
        raise Forbidden(_("只有安全管理部门、工会或党群工作部可以处理该隐患。"))


@transaction.atomic
def hazard_confirm(
    *,
    actor,
    hazard: Hazard,
    owner_unit,
    owner_person=None,
    due_at: datetime | None = None,
    level: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Hazard:
    """The safety unit confirms a reported hazard, names the unit (and person) that rectifies
    it and a deadline (by default the level's working days; never in the past); it is then
    supervised until verified."""
    now = now or timezone.now()
    hazard = _locked(hazard)
    source, target = _transition(hazard, A.CONFIRM)
    _require_manager(actor, hazard)
    if level is not None and level not in HazardLevel.values:
        raise HazardError.BAD_LEVEL(field="level")
    level = level or hazard.level
    if owner_unit is None:
        raise HazardError.OWNER_REQUIRED(field="owner_unit")
    if owner_unit.kind not in ADMIN_KINDS or owner_unit.dissolved_at is not None:
        raise HazardError.BAD_OWNER_UNIT(field="owner_unit")
    if not can_manage_unit(actor, owner_unit):
        raise HazardError.OWNER_OUT_OF_REACH(field="owner_unit")
    if owner_person is not None:
        units = [u for u in (owner_person.department, owner_person.team) if u is not None]
        if not any(u.path.startswith(owner_unit.path) for u in units):
            raise CoreError.OWNER_PERSON_OUTSIDE(
                field="owner_person", name=owner_person.name, unit=owner_unit.name
            )
    due_at = _due_at(due_at, now=now) if due_at else default_due_at(level, now=now)
    note = clean_text(note, field="note", label=_("说明"), limit=REASON_MAX, required=False)
    hazard.status, hazard.level, hazard.confirmed_at = target, level, now
    hazard.owner_unit, hazard.owner_person, hazard.due_at = owner_unit, owner_person, due_at
    hazard.save()
    _event(hazard, A.CONFIRM, source, actor=actor, now=now, note=note, due_at=due_at)
    _supervise(hazard, now)
    due = timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")
    _tell(
        _owner_users(hazard),
        hazard,
        _("隐患整改交办:%(place)s"),
        _("请于 %(due)s 前完成整改并提交。") % {"due": due},
    )
    _tell(
        _reporter_users(hazard),
        hazard,
        _("您上报的隐患已确认:%(place)s"),
        _("已交由%(unit)s整改。") % {"unit": owner_unit.name},
    )
    return hazard


@transaction.atomic
def hazard_reject(*, actor, hazard: Hazard, reason: str, now: datetime | None = None) -> Hazard:
    """The safety unit decides a report is not a hazard, with a reason the reporter sees."""
    now = now or timezone.now()
    hazard = _locked(hazard)
    source, target = _transition(hazard, A.REJECT)
    _require_manager(actor, hazard)
    reason = clean_text(reason, field="reason", label=_("不予确认的理由"), limit=REASON_MAX)
    hazard.status, hazard.reject_reason = target, reason
    hazard.save()
    _event(hazard, A.REJECT, source, actor=actor, now=now, note=reason)
    _tell(_reporter_users(hazard), hazard, _("您上报的隐患未予确认:%(place)s"), reason)
    return hazard


@transaction.atomic
def hazard_rectify(
    *, actor, hazard: Hazard, measures: str, photos=(), now: datetime | None = None
) -> Hazard:
    """The owner records what was done, with at least one photo after rectification; the
    hazard then waits for the safety unit's verification."""
    now = now or timezone.now()
    hazard = _locked(hazard)
    source, target = _transition(hazard, A.RECTIFY)
    if not can_rectify(actor, hazard):
        raise Forbidden(_("只有整改责任人(或责任单位负责人)可以提交整改。"))
    measures = clean_text(measures, field="measures", label=_("整改措施"), limit=TEXT_MAX)
    photos = _check_photos(photos, field="photos", required=True)
    hazard.status, hazard.measures, hazard.submitted_at = target, measures, now
    hazard.save()
    event = _event(hazard, A.RECTIFY, source, actor=actor, now=now, note=measures)
    for photo in photos:
        attachment_create(actor=actor, upload=photo, owner=event, kinds={"image"})
    _tell(
        [u for u in safety_users(hazard.unit) if u.pk != actor.pk],
        hazard,
        _("隐患整改待验收:%(place)s"),
        measures[:200],
    )
    return hazard


@transaction.atomic
def hazard_verify(*, actor, hazard: Hazard, note: str = "", now: datetime | None = None) -> Hazard:
    """The safety unit accepts the rectification: the hazard is closed and leaves 督办."""
    now = now or timezone.now()
    hazard = _locked(hazard)
    source, target = _transition(hazard, A.VERIFY)
    _require_manager(actor, hazard)
    note = clean_text(note, field="note", label=_("验收意见"), limit=REASON_MAX, required=False)
    hazard.status, hazard.rectified_at = target, now
    hazard.save()
    _event(hazard, A.VERIFY, source, actor=actor, now=now, note=note)
    supervision_close(record=hazard, at=now)
    _tell(
        _owner_users(hazard) + _reporter_users(hazard), hazard, _("隐患整改已验收:%(place)s"), note
    )
    return hazard


@transaction.atomic
def hazard_return(
    *,
    actor,
    hazard: Hazard,
    reason: str,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Hazard:
    """The safety unit sends a rectification back with a reason; the owner rectifies again,
    under supervision, by the same deadline or a new one (never in the past)."""
    now = now or timezone.now()
    hazard = _locked(hazard)
    source, target = _transition(hazard, A.RETURN)
    _require_manager(actor, hazard)
    reason = clean_text(reason, field="reason", label=_("退回理由"), limit=REASON_MAX)
    if due_at is not None:
        hazard.due_at = _due_at(due_at, now=now)
    hazard.status = target
    hazard.returned_count += 1
    hazard.save()
    _event(hazard, A.RETURN, source, actor=actor, now=now, note=reason, due_at=hazard.due_at)
    _supervise(hazard, now)
    _tell(_owner_users(hazard), hazard, _("隐患整改被退回:%(place)s"), reason)
    return hazard


@transaction.atomic
def inspection_create(
    *,
    actor,
    title: str,
    organizer,
    units,
    date,
    inspectors=(),
    notes: str = "",
) -> Inspection:
    """The safety unit or the union plans an inspection over units of its company."""
    if not can_manage_hazards(actor):
        raise Forbidden(_("只有安全管理部门、工会或党群工作部可以组织检查。"))
    title = clean_text(title, field="title", label=_("检查名称"), limit=100)
    notes = clean_text(notes, field="notes", label=_("检查内容"), limit=TEXT_MAX, required=False)
    if organizer is None or not can_manage_unit(actor, organizer):
        raise HazardError.BAD_ORGANIZER(field="organizer")
    units = list(units or [])
    if not units:
        raise HazardError.UNITS_REQUIRED(field="units")
    outside = [u.name for u in units if not can_manage_unit(actor, u)]
    if outside:
        raise HazardError.UNITS_OUT_OF_REACH(field="units", names="、".join(outside))
    if date is None:
        raise HazardError.DATE_REQUIRED(field="date")
    inspection = Inspection.objects.create(
        title=title, organizer=organizer, date=date, notes=notes, created_by=actor
    )
    inspection.units.set(units)
    inspection.inspectors.set(list(inspectors or []))
    notify(
        users=[u for u in (user_of(p) for p in inspectors or []) if u is not None],
        title=_("检查活动:%(title)s") % {"title": title},
        body=_("检查日期:%(date)s") % {"date": date},
        url=inspection.get_absolute_url(),
    )
    return inspection


@transaction.atomic
def hazard_policy_save(*, actor, safety_units, general_days, larger_days, major_days):
    """Party and system admins name the safety units and set the rectification days; the row
    and its units are audited."""
    if not can_set_policy(actor):
        raise Forbidden(_("只有党群管理员或系统管理员可以修改隐患管理设置。"))
    days = {"general_days": general_days, "larger_days": larger_days, "major_days": major_days}
    for field, value in days.items():
        if value is None or not 1 <= value <= 60:
            raise HazardError.BAD_DAYS(field=field)
    if not major_days <= larger_days <= general_days:
        raise HazardError.DAYS_ORDER(field="major_days")
    policy = HazardPolicy.objects.select_for_update().first() or HazardPolicy()
    for field, value in days.items():
        setattr(policy, field, value)
    policy.save()
    policy.safety_units.set(list(safety_units or []))
    return policy
