"""Records and settings: 补录 of a meeting already held, the level above's review of a
branch's record, 党小组 membership and the kinds' required frequencies."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_event
from apps.core.errors import CoreError
from apps.core.rules import clean_text
from apps.core.services import notify
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person

from ..choices import (
    RECORDED,
    Frequency,
    MeetingStatus,
    SignMethod,
)
from ..errors import MeetingError
from ..models import Attendance, Meeting, MeetingKind, PartyGroupMember, RecordReview
from ..permissions import (
    REVIEWED_UNIT_KINDS,
    can_plan,
    can_review_record,
    can_set_kinds,
)
from .base import (
    REASON_MAX,
    S,
    _file_record,
    _locked,
    _move_review,
    _plan_fields,
    _record,
    _url,
    people_by_numbers,
)


@transaction.atomic
def meeting_record(
    *,
    actor,
    unit,
    kind: MeetingKind,
    topic: str,
    starts_at: datetime,
    ends_at: datetime,
    host: Person,
    attendance: dict,
    minutes: str,
    place: str = "",
    online_url: str = "",
    recorder: Person | None = None,
    agenda: str = "",
    resolutions: str = "",
    photos=(),
    files=(),
    now: datetime | None = None,
) -> Meeting:
    """补录: a cadre records a meeting already held (it ended before now) with its attendance
    ({person: present / late / leave / absent}) and minutes. It is stored closed and marked 补录,
    the step is audited, and it counts as held like any closed meeting."""
    now = now or timezone.now()
    fields = _plan_fields(
        actor=actor,
        unit=unit,
        kind=kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        host=host,
        recorder=recorder,
        agenda=agenda,
    )
    if ends_at > now:
        raise MeetingError.NOT_YET_HELD(field="ends_at")
    if not attendance:
        raise MeetingError.INVITEES_REQUIRED(field="invitees")
    if any(status not in RECORDED for status in attendance.values()):
        raise CoreError.INVALID(field="invitees")
    record = _record(minutes, resolutions, photos, files)
    meeting = Meeting.objects.create(
        **fields,
        status=MeetingStatus.CLOSED,
        closed_at=now,
        backfilled=True,
        created_by=actor,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person_id=person.pk,
                status=status,
                signed_in_at=starts_at if status in (S.PRESENT, S.LATE) else None,
                sign_method=SignMethod.MANUAL if status in (S.PRESENT, S.LATE) else "",
            )
            for person, status in attendance.items()
        ],
        batch_size=1000,
    )
    _file_record(actor=actor, meeting=meeting, record=record)
    audit_event(
        actor=actor,
        instance=meeting,
        message=_("补录会议"),
        data={"held": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")},
    )
    return meeting


@transaction.atomic
def record_review_decide(*, actor, meeting: Meeting, approve: bool, note: str = ""):
    """A cadre of the 党委 / 党总支 above marks a branch's closed meeting record 合格, or
    returns it with a reason the host and recorder are told; they correct it (meeting_amend)
    and it is pending again."""
    meeting = _locked(meeting)
    if meeting.unit.kind not in REVIEWED_UNIT_KINDS:
        raise MeetingError.NOT_REVIEWED_LEVEL()
    if not can_review_record(actor, meeting):
        raise CoreError.FORBIDDEN(message=_("只有上级党委、党总支可以审核本支部的会议记录。"))
    review = RecordReview.objects.select_for_update().filter(meeting=meeting).first()
    if review is None:
        raise CoreError.BAD_TRANSITION(message=_("会议结束归档后才能审核会议记录。"))
    note = clean_text(
        note, field="note", label=_("退回理由"), limit=REASON_MAX, required=not approve
    )
    review = _move_review(
        review, "approve" if approve else "return", actor=actor, note="" if approve else note
    )
    if not approve:
        people = {p for p in (meeting.host, meeting.recorder) if p is not None}
        notify(
            users=[
                u
                for u in (getattr(p, "user", None) for p in people)
                if u is not None and u.is_active
            ],
            title=_("会议记录被退回:%(topic)s") % {"topic": meeting.topic},
            body=note,
            url=_url(meeting),
        )
    return review


# --- party groups and the kinds ----------------------------------------------------------------


def _require_group(actor, group) -> OrgUnit:
    if group is None or group.kind != UnitKind.PARTY_GROUP or group.dissolved_at is not None:
        raise MeetingError.NOT_A_GROUP(field="group")
    if not can_plan(actor, group):
        raise CoreError.FORBIDDEN(message=_("只有本支部的书记、委员可以登记党小组成员。"))
    return OrgUnit.objects.get_parent(group)


@transaction.atomic
def group_members_add(*, actor, group: OrgUnit, numbers: list[str]) -> int:
    """Record party members of the group's branch (by 工号) as members of the 党小组; a member
    moving from another group of the branch leaves it. Returns how many were added."""
    branch = _require_group(actor, group)
    people = people_by_numbers(actor=actor, numbers=numbers, field="numbers")
    if not people:
        raise CoreError.REQUIRED(field="numbers", label=_("工号"))
    in_branch = set(
        PartyMembership.objects.filter(
            branch=branch, person__in=[p.pk for p in people]
        ).values_list("person_id", flat=True)
    )
    outside = [p.name for p in people if p.pk not in in_branch]
    if outside:
        raise MeetingError.NOT_IN_BRANCH(
            field="numbers", names="、".join(outside[:10]), branch=branch.name
        )
    current = {
        m.person_id: m
        for m in PartyGroupMember.objects.select_for_update().filter(
            person__in=[p.pk for p in people]
        )
    }
    added = 0
    for person in people:
        row = current.get(person.pk)
        if row is not None and row.group_id == group.pk:
            continue
        if row is not None:
            row.soft_delete()  # the move out of the other group stays on record
        PartyGroupMember.objects.create(group=group, person=person)
        added += 1
    return added


@transaction.atomic
def group_member_remove(*, actor, group: OrgUnit, person_id: int) -> None:
    """Take a member off the 党小组 (soft: the membership stays on record, audited)."""
    _require_group(actor, group)
    row = PartyGroupMember.objects.filter(group=group, person_id=person_id).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    row.soft_delete()


@transaction.atomic
def kinds_update(*, actor, changes: dict[int, dict]) -> int:
    """The party-work department sets each kind's required frequency, the level it applies to,
    whether it counts as study or as 廉政教育 (issue 14 §2), its order and whether it is in use
    (each change audited). `changes` maps a kind's id to those fields (a field left out keeps
    its value). Returns how many kinds changed."""
    if not can_set_kinds(actor):
        raise CoreError.FORBIDDEN(message=_("只有党委/党群工作部管理员可以设置会议类型。"))
    fields = (
        "frequency",
        "unit_kind",
        "counts_as_study",
        "integrity_education",
        "sort",
        "active",
    )
    kinds = {k.pk: k for k in MeetingKind.objects.select_for_update().filter(pk__in=list(changes))}
    saved = 0
    for pk, values in changes.items():
        kind = kinds.get(pk)
        if kind is None:
            raise CoreError.NOT_FOUND()
        values = {f: values[f] if f in values else getattr(kind, f) for f in fields}
        if values.get("frequency") not in Frequency.values:
            raise CoreError.INVALID(field=f"frequency_{pk}")
        if values.get("unit_kind") not in (UnitKind.BRANCH, UnitKind.PARTY_GROUP):
            raise CoreError.INVALID(field=f"unit_kind_{pk}")
        if any(getattr(kind, f) != values[f] for f in fields):
            for f in fields:
                setattr(kind, f, values[f])
            kind.save()
            saved += 1
    return saved
