"""A meeting's life: plan, change, cancel, sign in by the host, leave, close and lock, amend the
record, materials, 补学, reminders.

Late and absent are decided when the meeting is closed (late: signed in more than 5 minutes after
the start); whoever missed it (absent or on leave) then owes a make-up study of its minutes and
materials.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_event
from apps.core.errors import CoreError
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify
from apps.orgs.models import Person

from ..choices import (
    MakeupStatus,
    MeetingStatus,
    RecordReviewStatus,
    SignMethod,
)
from ..errors import MeetingError
from ..models import Attendance, Meeting, MeetingKind, RecordReview
from ..roll import roll_update
from ..signin import LATE_GRACE, SIGNIN_OPENS
from .base import (
    MATERIAL_KINDS,
    PHOTO_KINDS,
    REASON_MAX,
    TEXT_MAX,
    S,
    _default_invitees,
    _file_record,
    _files,
    _invitee_users,
    _locked,
    _move_review,
    _plan_fields,
    _record,
    _require_manager,
    _require_planned,
    _url,
)


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
    if starts_at <= now:
        raise MeetingError.PAST(field="starts_at")
    people = list(invitees) if invitees is not None else _default_invitees(unit)
    if not people:
        raise MeetingError.INVITEES_REQUIRED(field="invitees")
    materials = _files(materials, field="materials", kinds=MATERIAL_KINDS)
    meeting = Meeting.objects.create(**fields, created_by=actor)
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pk) for pk in {p.pk for p in people}],
        batch_size=1000,
    )
    for f in materials:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    when = timezone.localtime(starts_at).strftime("%m-%d %H:%M")
    notify(
        users=_invitee_users(meeting),
        title=_("会议通知:%(kind)s · %(topic)s") % {"kind": kind.name, "topic": meeting.topic},
        body=_("%(when)s,%(place)s") % {"when": when, "place": meeting.place or _("线上")},
        url=_url(meeting),
        dedupe_key=f"meeting:{meeting.pk}:invite",
    )
    return meeting


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
    fields = _plan_fields(
        actor=actor,
        unit=meeting.unit,
        kind=meeting.kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        host=host,
        recorder=recorder,
        agenda=agenda,
    )
    moved = starts_at != meeting.starts_at
    for name, value in fields.items():
        setattr(meeting, name, value)
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
