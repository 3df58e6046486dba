"""Writes on meetings: plan (or 补录 one already held), sign in by the host (the QR scan is
signin.py), leave, close and lock, the higher level's review of the record, 补学, reminders,
party-group membership and the kinds' frequencies.

Late and absent are decided when the meeting is closed (late: signed in more than 5 minutes after
the start); whoever missed it (absent or on leave) then owes a make-up study of its minutes and
materials.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_event
from apps.core.errors import CoreError, DomainError
from apps.core.rules import StateMachine, clean_text
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_upload
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person
from apps.orgs.scope import subtree_q

from .choices import (
    DEFAULT_KINDS,
    RECORDED,
    AttendanceStatus,
    Frequency,
    MakeupStatus,
    MeetingStatus,
    RecordReviewStatus,
    SignMethod,
)
from .errors import MeetingError
from .models import Attendance, Meeting, MeetingKind, PartyGroupMember, RecordReview
from .permissions import (
    MEETING_UNIT_KINDS,
    REVIEWED_UNIT_KINDS,
    can_manage,
    can_plan,
    can_review_record,
    can_set_kinds,
)
from .roll import roll_update
from .signin import LATE_GRACE, SIGNIN_OPENS

S = AttendanceStatus
MATERIAL_KINDS = {"pdf", "office", "image"}
PHOTO_KINDS = {"image"}
MAX_FILES = 20
TOPIC_MAX = 200
TEXT_MAX = 20_000
REASON_MAX = 200


def _files(files, *, field: str, kinds: set[str]) -> list:
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise MeetingError.TOO_MANY_FILES(field=field, n=MAX_FILES)
    for f in files:
        try:
            check_upload(f, kinds=kinds)
        except DomainError as e:
            e.field = field
            raise
    return files


def _url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _invitee_users(meeting, *, statuses=None) -> list:
    from apps.accounts.models import User

    rows = Attendance.objects.filter(meeting=meeting)
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    return list(User.objects.filter(is_active=True, person_id__in=rows.values("person_id")))


def kinds_ensure_defaults() -> None:
    """The kinds the issue names, with their default frequencies (the kinds page changes them)."""
    for i, (code, name, frequency, study, unit_kind) in enumerate(DEFAULT_KINDS):
        MeetingKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "frequency": frequency,
                "counts_as_study": study,
                "unit_kind": unit_kind,
                "sort": (i + 1) * 10,
            },
        )


def unit_members(unit):
    """The people a unit's meetings invite by default, active employees only: a party group's
    recorded members (PartyGroupMember); the party members of a branch, or of everything under
    a general branch or committee."""
    active = Person.objects.filter(status=EmploymentStatus.ACTIVE)
    if unit.kind == UnitKind.PARTY_GROUP:
        return active.filter(pk__in=PartyGroupMember.objects.filter(group=unit).values("person_id"))
    branches = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
    return active.filter(
        pk__in=PartyMembership.objects.filter(branch__in=branches).values("person_id")
    )


def kind_fits(kind: MeetingKind, unit) -> bool:
    """A party group holds only the kinds set for party groups (党小组会), and those kinds are
    held by party groups alone; branches, general branches and committees hold the others."""
    return (kind.unit_kind == UnitKind.PARTY_GROUP) == (unit.kind == UnitKind.PARTY_GROUP)


def _check_plan(*, actor, unit, kind, topic, starts_at, ends_at, place, online_url, host):
    if unit is None or unit.kind not in MEETING_UNIT_KINDS or unit.dissolved_at is not None:
        raise CoreError.UNIT_UNKNOWN(field="unit", message=_("请选择在用的党组织。"))
    if not can_plan(actor, unit):
        raise CoreError.FORBIDDEN(message=_("您不能为“%(unit)s”安排会议。") % {"unit": unit.name})
    if kind is None or not kind.active:
        raise MeetingError.KIND_UNKNOWN(field="kind")
    if not kind_fits(kind, unit):
        raise MeetingError.KIND_WRONG_UNIT(
            field="kind", kind=kind.name, unit_kind=unit.get_kind_display(), unit=unit.name
        )
    topic = clean_text(topic, field="topic", label=_("会议主题"), limit=TOPIC_MAX)
    if starts_at is None or ends_at is None:
        raise MeetingError.TIME_REQUIRED(field="starts_at")
    if ends_at <= starts_at:
        raise MeetingError.BAD_TIME(field="ends_at")
    if ends_at - starts_at > timedelta(hours=12):
        raise MeetingError.DURATION_TOO_LONG(field="ends_at")
    if not (place or "").strip() and not (online_url or "").strip():
        raise MeetingError.PLACE_REQUIRED(field="place")
    if host is None:
        raise MeetingError.HOST_REQUIRED(field="host")
    return topic


def _default_invitees(unit) -> list[Person]:
    people = list(unit_members(unit))
    if not people and unit.kind == UnitKind.PARTY_GROUP:
        raise MeetingError.GROUP_EMPTY(field="invitees", unit=unit.name)
    return people


@transaction.atomic
def meeting_plan(
    *,
    actor,
    unit,
    kind: MeetingKind,
    topic: str,
    starts_at: datetime,
    ends_at: datetime,
    host: Person,
    place: str = "",
    online_url: str = "",
    recorder: Person | None = None,
    agenda: str = "",
    invitees=None,
    materials=(),
    now: datetime | None = None,
) -> Meeting:
    """A secretary plans a meeting of a unit they run, in the future, with a host and invitees
    (the unit's members unless given); invitees are told at once and reminded before it starts."""
    now = now or timezone.now()
    topic = _check_plan(
        actor=actor,
        unit=unit,
        kind=kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        host=host,
    )
    if starts_at <= now:
        raise MeetingError.PAST(field="starts_at")
    people = list(invitees) if invitees is not None else _default_invitees(unit)
    if not people:
        raise MeetingError.INVITEES_REQUIRED(field="invitees")
    materials = _files(materials, field="materials", kinds=MATERIAL_KINDS)
    meeting = Meeting.objects.create(
        unit=unit,
        kind=kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip()[:200],
        online_url=(online_url or "").strip(),
        host=host,
        recorder=recorder,
        agenda=clean_text(
            agenda, field="agenda", label=_("会议议程"), limit=TEXT_MAX, required=False
        ),
        created_by=actor,
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pk) for pk in {p.pk for p in people}],
        batch_size=1000,
    )
    for f in materials:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    when = timezone.localtime(starts_at).strftime("%m-%d %H:%M")
    notify(
        users=_invitee_users(meeting),
        title=_("会议通知:%(kind)s · %(topic)s") % {"kind": kind.name, "topic": topic},
        body=_("%(when)s,%(place)s") % {"when": when, "place": meeting.place or _("线上")},
        url=_url(meeting),
        dedupe_key=f"meeting:{meeting.pk}:invite",
    )
    return meeting


def _locked(meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("unit", "kind", "host", "recorder")
        .get(pk=meeting.pk)
    )


def _require_manager(actor, meeting):
    if not can_manage(actor, meeting):
        raise CoreError.FORBIDDEN(message=_("只有会议主持人、记录人或本组织的书记、委员可以操作。"))


def _require_planned(meeting):
    if meeting.status != MeetingStatus.PLANNED:
        raise CoreError.BAD_TRANSITION(
            message=_("会议已%(status)s,不能再进行此操作。")
            % {"status": meeting.get_status_display()}
        )


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    topic: str,
    starts_at: datetime,
    ends_at: datetime,
    host: Person,
    place: str = "",
    online_url: str = "",
    recorder: Person | None = None,
    agenda: str = "",
    invitees=None,
    now: datetime | None = None,
) -> Meeting:
    """Change a planned meeting; invitees may change until it starts (those already signed in
    stay). Invitees are told of a new time."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    topic = _check_plan(
        actor=actor,
        unit=meeting.unit,
        kind=meeting.kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        host=host,
    )
    moved = starts_at != meeting.starts_at
    meeting.topic, meeting.starts_at, meeting.ends_at = topic, starts_at, ends_at
    meeting.place, meeting.online_url = (place or "").strip()[:200], (online_url or "").strip()
    meeting.host, meeting.recorder = host, recorder
    meeting.agenda = clean_text(
        agenda, field="agenda", label=_("会议议程"), limit=TEXT_MAX, required=False
    )
    if moved:
        meeting.reminded_at = None
    meeting.save()
    if invitees is not None:
        wanted = {p.pk for p in invitees}
        if not wanted:
            raise MeetingError.INVITEES_REQUIRED(field="invitees")
        current = set(
            Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)
        )
        Attendance.objects.filter(
            meeting=meeting, person_id__in=current - wanted, signed_in_at__isnull=True
        ).delete()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, person_id=pk) for pk in wanted - current],
            ignore_conflicts=True,
        )
    if moved:
        when = timezone.localtime(starts_at).strftime("%m-%d %H:%M")
        notify(
            users=_invitee_users(meeting),
            title=_("会议时间变更:%(topic)s") % {"topic": meeting.topic},
            body=_("改为 %(when)s") % {"when": when},
            url=_url(meeting),
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """A planned meeting is called off, with a reason the invitees are told."""
    meeting = _locked(meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    reason = clean_text(reason, field="reason", label=_("取消原因"), limit=REASON_MAX)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    audit_event(actor=actor, instance=meeting, message=_("取消会议"), data={"reason": reason})
    notify(
        users=_invitee_users(meeting),
        title=_("会议取消:%(topic)s") % {"topic": meeting.topic},
        body=reason,
        url=_url(meeting),
    )
    return meeting


@transaction.atomic
def attendance_sign_in_manual(
    *, actor, meeting: Meeting, person_ids, now: datetime | None = None
) -> int:
    """The host signs in invitees who could not scan (until the meeting is closed); those
    already signed in are left as they are."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    if now < meeting.starts_at - SIGNIN_OPENS:
        raise MeetingError.TOO_EARLY()
    ids = [int(i) for i in person_ids or []]
    if not ids:
        raise MeetingError.PEOPLE_REQUIRED(field="people")
    return roll_update(
        Attendance.objects.filter(meeting=meeting, person_id__in=ids, signed_in_at__isnull=True),
        actor=actor,
        status=S.SIGNED,
        signed_in_at=min(now, meeting.ends_at),
        sign_method=SignMethod.MANUAL,
    )


@transaction.atomic
def leave_request(*, actor, meeting: Meeting, reason: str, now: datetime | None = None):
    """An invitee asks for leave, with a reason, before the meeting ends; the host decides."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    _require_planned(meeting)
    row = Attendance.objects.filter(meeting=meeting, person_id=actor.person_id).first()
    if row is None:
        raise MeetingError.NOT_INVITED()
    if row.signed_in_at is not None:
        raise MeetingError.ALREADY_SIGNED()
    if now > meeting.ends_at:
        raise MeetingError.LEAVE_TOO_LATE()
    row.leave_reason = clean_text(reason, field="reason", label=_("请假事由"), limit=REASON_MAX)
    row.status = S.LEAVE_REQUESTED
    row.leave_decided_by = None
    row.save()
    host_user = getattr(meeting.host, "user", None)
    notify(
        users=[host_user] if host_user and host_user.is_active else [],
        title=_("请假待审批:%(name)s · %(topic)s")
        % {"name": actor.person.name, "topic": meeting.topic},
        body=row.leave_reason,
        url=_url(meeting),
    )
    return row


@transaction.atomic
def leave_decide(*, actor, attendance: Attendance, approve: bool):
    """The host approves or refuses a request for leave (refused: the invitee is expected)."""
    meeting = _locked(attendance.meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    row = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("person__user")
        .get(pk=attendance.pk)
    )
    if row.status != S.LEAVE_REQUESTED:
        raise MeetingError.NO_LEAVE_REQUEST()
    row.status = S.LEAVE if approve else S.INVITED
    row.leave_decided_by = actor
    row.save()
    user = getattr(row.person, "user", None)
    notify(
        users=[user] if user and user.is_active else [],
        title=(_("请假已批准:%(topic)s") if approve else _("请假未批准,请按时参会:%(topic)s"))
        % {"topic": meeting.topic},
        url=_url(meeting),
    )
    return row


# --- close and after --------------------------------------------------------------------------


@transaction.atomic
def meeting_close(
    *,
    actor,
    meeting: Meeting,
    minutes: str,
    resolutions: str = "",
    photos=(),
    files=(),
    now: datetime | None = None,
) -> Meeting:
    """After it started, the host closes the meeting with its minutes: each invitee becomes
    present, late (signed in more than 5 minutes after the start), on leave or absent, and
    whoever missed it gets a 补学 task. The meeting is then locked."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    if now < meeting.starts_at:
        raise MeetingError.NOT_STARTED()
    record = _record(minutes, resolutions, photos, files)
    late_after = meeting.starts_at + LATE_GRACE
    rows = Attendance.objects.filter(meeting=meeting)
    roll_update(
        rows.filter(status=S.SIGNED, signed_in_at__lte=late_after), actor=actor, status=S.PRESENT
    )
    roll_update(
        rows.filter(status=S.SIGNED, signed_in_at__gt=late_after), actor=actor, status=S.LATE
    )
    roll_update(
        rows.filter(status__in=(S.INVITED, S.LEAVE_REQUESTED)), actor=actor, status=S.ABSENT
    )
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, now
    _file_record(actor=actor, meeting=meeting, record=record)
    return meeting


def _record(minutes, resolutions, photos, files) -> dict:
    """The record a meeting is closed (or 补录) with, checked."""
    return {
        "minutes": clean_text(minutes, field="minutes", label=_("会议记录"), limit=TEXT_MAX * 5),
        "resolutions": clean_text(
            resolutions, field="resolutions", label=_("会议决议"), limit=TEXT_MAX, required=False
        ),
        "photos": _files(photos, field="photos", kinds=PHOTO_KINDS),
        "files": _files(files, field="files", kinds=MATERIAL_KINDS),
    }


def _file_record(*, actor, meeting, record: dict) -> None:
    """Store a closed meeting's record: the minutes and files, the 补学 owed by whoever missed
    it, and a review by the level above for a branch's or party group's meeting."""
    meeting.minutes, meeting.resolutions = record["minutes"], record["resolutions"]
    meeting.save()
    for f in record["photos"]:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=PHOTO_KINDS)
    for f in record["files"]:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    roll_update(
        Attendance.objects.filter(meeting=meeting, status__in=(S.ABSENT, S.LEAVE)),
        actor=actor,
        makeup_status=MakeupStatus.PENDING,
    )
    if meeting.unit.kind in REVIEWED_UNIT_KINDS:
        RecordReview.objects.create(meeting=meeting)
    notify(
        users=_invitee_users(meeting, statuses=(S.ABSENT, S.LEAVE)),
        title=_("补学任务:%(kind)s · %(topic)s")
        % {"kind": meeting.kind.name, "topic": meeting.topic},
        body=_("您未参加本次会议,请阅读会议记录和材料完成补学。"),
        url=reverse("meetings:mine"),
        dedupe_key=f"meeting:{meeting.pk}:makeup",
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
    topic = _check_plan(
        actor=actor,
        unit=unit,
        kind=kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        host=host,
    )
    if ends_at > now:
        raise MeetingError.NOT_YET_HELD(field="ends_at")
    if not attendance:
        raise MeetingError.INVITEES_REQUIRED(field="invitees")
    if any(status not in RECORDED for status in attendance.values()):
        raise CoreError.INVALID(field="invitees")
    record = _record(minutes, resolutions, photos, files)
    meeting = Meeting.objects.create(
        unit=unit,
        kind=kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip()[:200],
        online_url=(online_url or "").strip(),
        host=host,
        recorder=recorder,
        agenda=clean_text(
            agenda, field="agenda", label=_("会议议程"), limit=TEXT_MAX, required=False
        ),
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
def meeting_amend(
    *, actor, meeting: Meeting, minutes: str, resolutions: str = "", files=(), photos=()
) -> Meeting:
    """A closed meeting stays locked: only its record (minutes, resolutions, files) may be
    corrected, by whoever runs it, and each correction is audited."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.CLOSED:
        raise CoreError.BAD_TRANSITION(message=_("只有已结束的会议才能修改会议记录。"))
    _require_manager(actor, meeting)
    minutes = clean_text(minutes, field="minutes", label=_("会议记录"), limit=TEXT_MAX * 5)
    resolutions = clean_text(
        resolutions, field="resolutions", label=_("会议决议"), limit=TEXT_MAX, required=False
    )
    photos = _files(photos, field="photos", kinds=PHOTO_KINDS)
    files = _files(files, field="files", kinds=MATERIAL_KINDS)
    meeting.minutes, meeting.resolutions = minutes, resolutions
    meeting.save()
    for f in [*photos, *files]:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    audit_event(
        actor=actor,
        instance=meeting,
        message=_("结束后修改会议记录"),
        data={"files": len(photos) + len(files)},
    )
    review = RecordReview.objects.filter(meeting=meeting).first()
    if review is not None and review.status == RecordReviewStatus.RETURNED:
        _move_review(review, "resubmit", actor=actor)
    return meeting


# --- the higher level's review of the record ---------------------------------------------------

REVIEW_FLOW = StateMachine(
    {
        "approve": ({RecordReviewStatus.PENDING}, RecordReviewStatus.APPROVED),
        "return": ({RecordReviewStatus.PENDING}, RecordReviewStatus.RETURNED),
        "resubmit": ({RecordReviewStatus.RETURNED}, RecordReviewStatus.PENDING),
    },
    {
        "approve": _("会议记录当前为“%(status)s”,不能再审核。"),
        "return": _("会议记录当前为“%(status)s”,不能退回。"),
        "resubmit": _("会议记录当前为“%(status)s”,无需重新提交。"),
    },
)


def _move_review(review: RecordReview, action: str, *, actor, note: str = "") -> RecordReview:
    _from, review.status = REVIEW_FLOW.move(review, action)
    if action != "resubmit":
        review.reviewed_by, review.reviewed_at = actor, timezone.now()
    review.note = note
    review.save()
    return review


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


@transaction.atomic
def materials_add(*, actor, meeting: Meeting, files) -> int:
    """Add materials to a planned meeting (closed ones go through meeting_amend, audited)."""
    meeting = _locked(meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    files = _files(files, field="materials", kinds=MATERIAL_KINDS)
    if not files:
        raise MeetingError.NO_FILES(field="materials")
    for f in files:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    return len(files)


@transaction.atomic
def makeup_complete(
    *, actor, attendance: Attendance, note: str = "", now: datetime | None = None
) -> Attendance:
    """The absentee completes their 补学 after reading the minutes and materials; only their
    own, only once."""
    now = now or timezone.now()
    row = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if row.person_id != getattr(actor, "person_id", None):
        raise CoreError.FORBIDDEN(message=_("只能完成自己的补学任务。"))
    if row.makeup_status != MakeupStatus.PENDING:
        raise MeetingError.NO_MAKEUP()
    row.makeup_note = clean_text(
        note, field="note", label=_("学习体会"), limit=2000, required=False
    )
    row.makeup_status, row.makeup_done_at = MakeupStatus.DONE, now
    row.save()
    return row


def remind_upcoming(*, now: datetime, ahead: timedelta = timedelta(hours=2)) -> int:
    """Remind the invitees of meetings starting within `ahead` (not those on leave); each
    meeting once, however often the tick runs."""
    due = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + ahead,
    ).select_related("kind")
    sent = 0
    for meeting in due:
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            when = timezone.localtime(meeting.starts_at).strftime("%H:%M")
            notify(
                users=_invitee_users(meeting, statuses=(S.INVITED, S.LEAVE_REQUESTED)),
                title=_("会议提醒:%(topic)s %(when)s 开始")
                % {"topic": meeting.topic, "when": when},
                body=meeting.place,
                url=_url(meeting),
                dedupe_key=f"meeting:{meeting.pk}:remind",
            )
            sent += 1
    return sent


def people_by_numbers(*, actor, numbers: list[str], field: str) -> list[Person]:
    """People named by 工号 that the actor may see; an unknown number is refused by name."""
    numbers = [n for n in dict.fromkeys(numbers) if n]
    found = {
        p.employee_no: p
        for p in Person.objects.visible_to(actor).filter(
            Q(employee_no__in=numbers), status=EmploymentStatus.ACTIVE
        )
    }
    missing = [n for n in numbers if n not in found]
    if missing:
        raise CoreError.PERSON_UNKNOWN(field=field, no="、".join(missing[:10]))
    return [found[n] for n in numbers]


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
    whether it counts as study, its order and whether it is in use (each change audited).
    `changes` maps a kind's id to those fields. Returns how many kinds changed."""
    if not can_set_kinds(actor):
        raise CoreError.FORBIDDEN(message=_("只有党委/党群工作部管理员可以设置会议类型。"))
    fields = ("frequency", "unit_kind", "counts_as_study", "sort", "active")
    kinds = {k.pk: k for k in MeetingKind.objects.select_for_update().filter(pk__in=list(changes))}
    saved = 0
    for pk, values in changes.items():
        kind = kinds.get(pk)
        if kind is None:
            raise CoreError.NOT_FOUND()
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


def remind_to_close(*, now: datetime) -> int:
    """Tell the host of a meeting that ended over half an hour ago (within the last two days)
    to close it with its minutes: only closed meetings count as held. Once per meeting."""
    due = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        ends_at__lte=now - timedelta(minutes=30),
        ends_at__gt=now - timedelta(days=2),
    ).select_related("host__user")
    sent = 0
    for meeting in due:
        user = getattr(meeting.host, "user", None)
        if user is None or not user.is_active:
            continue
        with transaction.atomic():
            notify(
                users=[user],
                title=_("请归档会议:%(topic)s") % {"topic": meeting.topic},
                body=_("会议已结束,请填写会议记录并结束归档;归档后才计入已召开。"),
                url=reverse("meetings:close", args=[meeting.pk]),
                dedupe_key=f"meeting:{meeting.pk}:close",
            )
        sent += 1
    return sent
