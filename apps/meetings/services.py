"""Writes on meetings: plan, sign in by the host (the QR scan is signin.py), leave, close and
lock, 补学, reminders.

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
from apps.core.errors import DomainError, Forbidden
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_upload
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person

from .choices import (
    DEFAULT_KINDS,
    AttendanceStatus,
    MakeupStatus,
    MeetingStatus,
    SignMethod,
)
from .models import Attendance, Meeting, MeetingKind
from .permissions import MEETING_UNIT_KINDS, can_manage, can_plan
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
        raise DomainError(
            "too_many_files", _("最多上传 %(n)d 个文件。") % {"n": MAX_FILES}, field=field
        )
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
    """The kinds the issue names, with their default frequencies (admins change them later)."""
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
    """The people a unit's meetings invite by default: the party members of the unit (a party
    group meets with its branch's members; a general branch or committee with everyone under
    it), active employees only."""
    from apps.core.scope import subtree_q

    if unit.kind == UnitKind.PARTY_GROUP:
        branches = OrgUnit.objects.filter(pk=unit.get_parent().pk).values("pk")
    else:
        branches = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
    return Person.objects.filter(
        status=EmploymentStatus.ACTIVE,
        pk__in=PartyMembership.objects.filter(branch__in=branches).values("person_id"),
    )


def _check_plan(*, actor, unit, kind, topic, starts_at, ends_at, place, online_url, host, now):
    if unit is None or unit.kind not in MEETING_UNIT_KINDS or unit.dissolved_at is not None:
        raise DomainError("bad_unit", _("请选择在用的党组织。"), field="unit")
    if not can_plan(actor, unit):
        raise Forbidden(_("您不能为“%(unit)s”安排会议。") % {"unit": unit.name})
    if kind is None or not kind.active:
        raise DomainError("bad_kind", _("请选择会议类型。"), field="kind")
    topic = clean_text(topic, field="topic", label=_("会议主题"), limit=TOPIC_MAX)
    if starts_at is None or ends_at is None:
        raise DomainError("time_required", _("请填写开始和结束时间。"), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError("bad_time", _("结束时间须晚于开始时间。"), field="ends_at")
    if ends_at - starts_at > timedelta(hours=12):
        raise DomainError("too_long", _("一次会议不能超过 12 小时。"), field="ends_at")
    if not (place or "").strip() and not (online_url or "").strip():
        raise DomainError("place_required", _("请填写会议地点或线上会议链接。"), field="place")
    if host is None:
        raise DomainError("host_required", _("请指定主持人。"), field="host")
    return topic


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
        now=now,
    )
    if starts_at <= now:
        raise DomainError("past", _("开始时间须晚于当前时间。"), field="starts_at")
    people = list(invitees) if invitees is not None else list(unit_members(unit))
    if not people:
        raise DomainError("invitees_required", _("请至少邀请一人参会。"), field="invitees")
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
        raise Forbidden(_("只有会议主持人、记录人或本组织的书记、委员可以操作。"))


def _require_planned(meeting):
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(
            "not_planned",
            _("会议已%(status)s,不能再进行此操作。") % {"status": meeting.get_status_display()},
            status=409,
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
        now=now,
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
            raise DomainError("invitees_required", _("请至少邀请一人参会。"), field="invitees")
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
        raise DomainError("too_early", _("签到将在会议开始前 30 分钟开放。"))
    ids = [int(i) for i in person_ids or []]
    if not ids:
        raise DomainError("nobody", _("请勾选要代签的参会人。"), field="people")
    return Attendance.objects.filter(
        meeting=meeting, person_id__in=ids, signed_in_at__isnull=True
    ).update(status=S.SIGNED, signed_in_at=min(now, meeting.ends_at), sign_method=SignMethod.MANUAL)


@transaction.atomic
def leave_request(*, actor, meeting: Meeting, reason: str, now: datetime | None = None):
    """An invitee asks for leave, with a reason, before the meeting ends; the host decides."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    _require_planned(meeting)
    row = Attendance.objects.filter(meeting=meeting, person_id=actor.person_id).first()
    if row is None:
        raise DomainError("not_invited", _("您不在本次会议的参会名单中。"), status=403)
    if row.signed_in_at is not None:
        raise DomainError("signed", _("您已签到,无需请假。"), status=409)
    if now > meeting.ends_at:
        raise DomainError("too_late", _("会议已结束,不能再请假。"))
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
        raise DomainError("no_request", _("该参会人没有待审批的请假。"), status=409)
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
        raise DomainError("not_started", _("会议还未开始,不能结束归档。"), status=409)
    minutes = clean_text(minutes, field="minutes", label=_("会议记录"), limit=TEXT_MAX * 5)
    resolutions = clean_text(
        resolutions, field="resolutions", label=_("会议决议"), limit=TEXT_MAX, required=False
    )
    photos = _files(photos, field="photos", kinds=PHOTO_KINDS)
    files = _files(files, field="files", kinds=MATERIAL_KINDS)
    late_after = meeting.starts_at + LATE_GRACE
    rows = Attendance.objects.filter(meeting=meeting)
    rows.filter(status=S.SIGNED, signed_in_at__lte=late_after).update(status=S.PRESENT)
    rows.filter(status=S.SIGNED, signed_in_at__gt=late_after).update(status=S.LATE)
    rows.filter(status__in=(S.INVITED, S.LEAVE_REQUESTED)).update(status=S.ABSENT)
    rows.filter(status__in=(S.ABSENT, S.LEAVE)).update(makeup_status=MakeupStatus.PENDING)
    meeting.minutes, meeting.resolutions = minutes, resolutions
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, now
    meeting.save()
    for f in photos:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=PHOTO_KINDS)
    for f in files:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    notify(
        users=_invitee_users(meeting, statuses=(S.ABSENT, S.LEAVE)),
        title=_("补学任务:%(kind)s · %(topic)s")
        % {"kind": meeting.kind.name, "topic": meeting.topic},
        body=_("您未参加本次会议,请阅读会议记录和材料完成补学。"),
        url=reverse("meetings:mine"),
        dedupe_key=f"meeting:{meeting.pk}:makeup",
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
        raise DomainError("not_closed", _("只有已结束的会议才能修改会议记录。"), status=409)
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
    return meeting


@transaction.atomic
def materials_add(*, actor, meeting: Meeting, files) -> int:
    """Add materials to a planned meeting (closed ones go through meeting_amend, audited)."""
    meeting = _locked(meeting)
    _require_planned(meeting)
    _require_manager(actor, meeting)
    files = _files(files, field="materials", kinds=MATERIAL_KINDS)
    if not files:
        raise DomainError("no_files", _("请选择要上传的文件。"), field="materials")
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
        raise Forbidden(_("只能完成自己的补学任务。"))
    if row.makeup_status != MakeupStatus.PENDING:
        raise DomainError("no_makeup", _("该补学任务已完成或不存在。"), status=409)
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
        raise DomainError(
            "unknown_people",
            _("找不到这些工号(或不在您的管理范围内):%(nos)s") % {"nos": "、".join(missing[:10])},
            field=field,
        )
    return [found[n] for n in numbers]


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
