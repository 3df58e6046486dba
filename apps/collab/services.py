"""Writes on joint meetings: bodies and members, sessions (agenda, attendance, minutes,
resolutions) and the action-item loop 交办 → 进展 → 申请办结 → 同意 / 退回.

Every refused step raises a DomainError with a Chinese message. An action item is supervised
(督办, kind "action_item") from the moment it is assigned until the convener accepts it;
reminders and escalation come from the one supervision pass.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.selectors import user_of
from apps.core.audit import audit_event
from apps.core.errors import CoreError
from apps.core.richtext import plain_text, sanitize_html
from apps.core.rules import StateMachine, clean_text
from apps.core.services import attachment_create, notify
from apps.core.timeline import timeline_write
from apps.core.uploads import check_uploads
from apps.orgs.choices import ADMIN_KINDS
from apps.supervision.services import supervise, supervision_close

from .choices import ActionEventKind, ActionStatus, Cadence, Line, Presence, SessionStatus
from .errors import CollabError
from .models import (
    ActionEvent,
    ActionItem,
    AgendaTopic,
    Attendance,
    JointMeeting,
    JointMember,
    JointSession,
    Resolution,
)
from .permissions import CONVENER_KINDS, can_convene, can_convene_unit, can_report, can_speak_for

KIND = "action_item"
TITLE_MAX = 200
TEXT_MAX = 2000
REASON_MAX = 500
MAX_FILES = 9
DEFAULT_CUTOFF_DAYS = 3
CUTOFF_REMIND_HOURS = 24
E = ActionEventKind


def _active(users) -> list:
    seen, out = set(), []
    for u in users:
        if u is not None and u.is_active and u.pk not in seen:
            seen.add(u.pk)
            out.append(u)
    return out


def _rep_users(meeting) -> list:
    members = JointMember.objects.filter(meeting=meeting, person__isnull=False).select_related(
        "person__user"
    )
    return _active(user_of(m.person) for m in members)


def _convener_users(item) -> list:
    return _active([item.created_by, user_of(item.meeting.convener.head)])


def _require_convener(actor, meeting):
    if not can_convene(actor, meeting):
        raise CollabError.NOT_CONVENER()


def _tell_reps(session, title: str, body: str, **extra) -> None:
    """Tell the member units' representatives of a step on the session; the link opens it."""
    notify(
        users=_rep_users(session.meeting),
        title=title,
        body=body,
        url=session.get_absolute_url(),
        **extra,
    )


def _tell_owner(item, title: str, body: str) -> None:
    """Tell the item's responsible person of a step on it; the link opens the item."""
    notify(
        users=_active([user_of(item.owner_person)]),
        title=title,
        body=body,
        url=item.get_absolute_url(),
    )


def _check_unit(unit, *, field: str, label: str):
    if unit is None:
        raise CoreError.REQUIRED(field=field, message=_("请选择%(label)s。"), label=label)
    if unit.dissolved_at is not None:
        raise CoreError.UNIT_UNKNOWN(field=field, message=_("“%(name)s”已撤销。"), name=unit.name)


# --- bodies -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *, actor, name: str, convener, cadence: str = Cadence.MONTHLY, description: str = ""
) -> JointMeeting:
    """A party committee, general branch or branch sets up a standing joint meeting it
    convenes; only those who run that party unit may."""
    name = clean_text(name, field="name", label=_("名称"), limit=100)
    description = clean_text(
        description, field="description", label=_("议事范围"), limit=TEXT_MAX, required=False
    )
    _check_unit(convener, field="convener", label=_("召集单位"))
    if convener.kind not in CONVENER_KINDS:
        raise CollabError.BAD_CONVENER(field="convener")
    if not can_convene_unit(actor, convener):
        raise CollabError.NOT_YOUR_CONVENER()
    if cadence not in Cadence.values:
        raise CoreError.BAD_CHOICE(field="cadence", label=_("召开周期"))
    return JointMeeting.objects.create(
        name=name, convener=convener, cadence=cadence, description=description, created_by=actor
    )


@transaction.atomic
def member_add(*, actor, meeting: JointMeeting, unit, line: str, person=None) -> JointMember:
    """The convener adds a member unit (once), the line it speaks for and its representative."""
    _require_convener(actor, meeting)
    _check_unit(unit, field="unit", label=_("成员单位"))
    if line not in Line.values:
        raise CoreError.BAD_CHOICE(field="line", label=_("条线"))
    if JointMember.objects.filter(meeting=meeting, unit=unit).exists():
        raise CoreError.DUPLICATE(
            field="unit", message=_("“%(name)s”已是成员单位。"), name=unit.name
        )
    sort = (JointMember.objects.filter(meeting=meeting).aggregate(m=Max("sort"))["m"] or 0) + 1
    return JointMember.objects.create(
        meeting=meeting, unit=unit, line=line, person=person, sort=sort
    )


@transaction.atomic
def member_update(*, actor, member: JointMember, line: str, person=None) -> JointMember:
    """The convener changes a member unit's line or its representative (换届, 调岗)."""
    _require_convener(actor, member.meeting)
    if line not in Line.values:
        raise CoreError.BAD_CHOICE(field="line", label=_("条线"))
    member.line, member.person = line, person
    member.save()
    return member


@transaction.atomic
def member_remove(*, actor, member: JointMember) -> None:
    """The convener removes a member unit that has not yet sat in a session: attendance on
    record is never lost with it."""
    _require_convener(actor, member.meeting)
    if Attendance.objects.filter(member=member).exists():
        raise CollabError.MEMBER_HAS_HISTORY(name=member.unit.name)
    member.delete()


# --- sessions ---------------------------------------------------------------------------------


def _check_schedule(*, place: str, held_at, topic_deadline) -> str:
    """A session needs a place and a time, and its topic cut-off cannot come after it."""
    place = clean_text(place, field="place", label=_("会议地点"), limit=100)
    if held_at is None:
        raise CoreError.REQUIRED(field="held_at", label=_("会议时间"))
    if topic_deadline > held_at:
        raise CollabError.CUTOFF_AFTER_SESSION(field="topic_deadline")
    return place


@transaction.atomic
def session_create(
    *,
    actor,
    meeting: JointMeeting,
    held_at: datetime,
    place: str,
    topic_deadline: datetime | None = None,
    now: datetime | None = None,
) -> JointSession:
    """The convener schedules a session; the topic cut-off (by default three days before, or
    halfway there at short notice) must come before the session; the representatives are told."""
    now = now or timezone.now()
    _require_convener(actor, meeting)
    if held_at is not None and topic_deadline is None:
        topic_deadline = held_at - timedelta(days=DEFAULT_CUTOFF_DAYS)
        if topic_deadline < now < held_at:  # a session called at short notice
            topic_deadline = now + (held_at - now) / 2
    place = _check_schedule(place=place, held_at=held_at, topic_deadline=topic_deadline)
    last = JointSession.all_objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"]
    session = JointSession.objects.create(
        meeting=meeting,
        number=(last or 0) + 1,
        held_at=held_at,
        place=place,
        topic_deadline=topic_deadline,
        created_by=actor,
    )
    if held_at > now:
        when = timezone.localtime(held_at).strftime("%Y-%m-%d %H:%M")
        cutoff = timezone.localtime(topic_deadline).strftime("%Y-%m-%d %H:%M")
        _tell_reps(
            session,
            _("%(name)s定于 %(when)s 召开") % {"name": meeting.name, "when": when},
            _("地点:%(place)s。请于 %(cutoff)s 前提交议题。") % {"place": place, "cutoff": cutoff},
        )
    return session


@transaction.atomic
def session_reschedule(
    *,
    actor,
    session: JointSession,
    held_at: datetime,
    place: str,
    topic_deadline: datetime | None = None,
    now: datetime | None = None,
) -> JointSession:
    """The convener moves a session not yet held (time, place, cut-off, by the same rules as
    scheduling it); the representatives are told of the change."""
    now = now or timezone.now()
    _require_convener(actor, session.meeting)
    if session.status != SessionStatus.PLANNED:
        raise CollabError.SESSION_HELD(message=_("会议已召开,不能再调整时间地点。"))
    topic_deadline = topic_deadline or session.topic_deadline
    place = _check_schedule(place=place, held_at=held_at, topic_deadline=topic_deadline)
    session.held_at, session.place, session.topic_deadline = held_at, place, topic_deadline
    session.save()
    when = timezone.localtime(held_at).strftime("%Y-%m-%d %H:%M")
    _tell_reps(
        session,
        _("%(name)s调整为 %(when)s 召开") % {"name": session.meeting.name, "when": when},
        _("地点:%(place)s。") % {"place": place},
    )
    return session


@transaction.atomic
def session_cancel(*, actor, session: JointSession, reason: str) -> None:
    """The convener calls off a session not yet held, with a reason: it leaves the lists (kept,
    soft-deleted, with its number not reused), the reason is audited and the representatives are
    told."""
    _require_convener(actor, session.meeting)
    if session.status != SessionStatus.PLANNED:
        raise CollabError.SESSION_HELD(message=_("会议已召开,不能取消。"))
    reason = clean_text(reason, field="reason", label=_("取消原因"), limit=200)
    session.soft_delete()
    audit_event(actor=actor, instance=session, message=_("取消会议"), data={"reason": reason})
    notify(
        users=_rep_users(session.meeting),
        title=_("%(name)s%(title)s已取消") % {"name": session.meeting.name, "title": session.title},
        body=_("取消原因:%(reason)s") % {"reason": reason},
        url=reverse("collab:meeting_detail", args=[session.meeting_id]),
    )


@transaction.atomic
def topic_submit(
    *,
    actor,
    session: JointSession,
    unit,
    title: str,
    description: str = "",
    now: datetime | None = None,
) -> AgendaTopic:
    """A member unit puts a topic on the agenda before the cut-off; a unit that is not a member
    of the body, or a topic after the cut-off, is refused."""
    now = now or timezone.now()
    title = clean_text(title, field="title", label=_("议题"), limit=TITLE_MAX)
    description = clean_text(
        description, field="description", label=_("议题说明"), limit=TEXT_MAX, required=False
    )
    _check_unit(unit, field="unit", label=_("提交单位"))
    member = (
        JointMember.objects.filter(meeting_id=session.meeting_id, unit=unit)
        .select_related("unit", "meeting__convener")
        .first()
    )
    if member is None:
        raise CollabError.NOT_A_MEMBER(field="unit", name=unit.name)
    if not can_speak_for(actor, member):
        raise CollabError.NOT_SPEAKER()
    if session.status != SessionStatus.PLANNED or now > session.topic_deadline:
        cutoff = timezone.localtime(session.topic_deadline).strftime("%Y-%m-%d %H:%M")
        raise CollabError.AFTER_CUTOFF(cutoff=cutoff)
    last = AgendaTopic.objects.filter(session=session).aggregate(m=Max("order"))["m"]
    return AgendaTopic.objects.create(
        session=session,
        unit=unit,
        title=title,
        description=description,
        order=(last or 0) + 1,
        submitted_by=actor,
        submitted_at=now,
    )


@transaction.atomic
def topic_move(*, actor, topic: AgendaTopic, up: bool) -> None:
    """The convener orders the agenda: a topic swaps places with its neighbour."""
    session = topic.session
    _require_convener(actor, session.meeting)
    if session.status != SessionStatus.PLANNED:
        raise CollabError.SESSION_HELD(message=_("会议已召开,议程不能再调整。"))
    topics = list(AgendaTopic.objects.select_for_update().filter(session=session))
    for i, t in enumerate(topics, start=1):  # renumber 1..n: gaps and ties from older rows go
        t.order = i
    index = next(i for i, t in enumerate(topics) if t.pk == topic.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(topics):
        topics[index].order, topics[other].order = topics[other].order, topics[index].order
    AgendaTopic.objects.bulk_update(topics, ["order"])


@transaction.atomic
def attendance_record(*, actor, session: JointSession, rows: dict) -> list[Attendance]:
    """The convener records, for every member unit, present / stand-in (named) / absent; the
    session then counts as held."""
    _require_convener(actor, session.meeting)
    members = {m.pk: m for m in JointMember.objects.filter(meeting=session.meeting)}
    saved = []
    for member_id, (presence, stand_in) in rows.items():
        member = members.get(int(member_id))
        if member is None:
            raise CollabError.NOT_A_MEMBER(message=_("出席名单中有不属于本会议的单位。"))
        if presence not in Presence.values:
            raise CoreError.BAD_CHOICE(field=f"presence_{member_id}", label=_("出席情况"))
        stand_in = (stand_in or "").strip()[:50] if presence == Presence.STAND_IN else ""
        if presence == Presence.STAND_IN and not stand_in:
            raise CoreError.REQUIRED(
                field=f"stand_in_{member_id}", message=_("委托参会须填写参会人姓名。")
            )
        row, _created = Attendance.objects.update_or_create(
            session=session, member=member, defaults={"presence": presence, "stand_in": stand_in}
        )
        saved.append(row)
    if session.status == SessionStatus.PLANNED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status", "updated_at"])
    return saved


@transaction.atomic
def minutes_save(
    *, actor, session: JointSession, minutes: str, publish: bool = False, now=None
) -> JointSession:
    """The convener writes the minutes (stored sanitized); publishing them tells the
    representatives, and needs some words."""
    now = now or timezone.now()
    _require_convener(actor, session.meeting)
    minutes = sanitize_html(minutes)
    if publish and not plain_text(minutes):
        raise CoreError.REQUIRED(field="minutes", message=_("发布前请填写会议纪要。"))
    session.minutes = minutes
    fields = ["minutes", "updated_at"]
    if publish:
        first = session.minutes_published_at is None
        session.status, session.minutes_published_at = SessionStatus.PUBLISHED, now
        fields += ["status", "minutes_published_at"]
        if first:
            _tell_reps(
                session,
                _("%(name)s%(title)s纪要已发布")
                % {"name": session.meeting.name, "title": session.title},
                plain_text(minutes, 200),
            )
    session.save(update_fields=fields)
    return session


@transaction.atomic
def resolution_add(*, actor, session: JointSession, text: str) -> Resolution:
    """The convener records a decision of the session (numbered in order)."""
    _require_convener(actor, session.meeting)
    text = clean_text(text, field="text", label=_("议定事项"), limit=TEXT_MAX)
    last = Resolution.objects.filter(session=session).aggregate(m=Max("number"))["m"]
    return Resolution.objects.create(session=session, number=(last or 0) + 1, text=text)


# --- action items -----------------------------------------------------------------------------


def _check_owner(owner_unit, owner_person, due_at, now):
    if owner_unit is None:
        raise CoreError.REQUIRED(field="owner_unit", message=_("请指定责任单位。"))
    _check_unit(owner_unit, field="owner_unit", label=_("责任单位"))
    if owner_person is None:
        raise CoreError.REQUIRED(field="owner_person", message=_("请指定责任人。"))
    if owner_unit.kind in ADMIN_KINDS:
        units = [u for u in (owner_person.department, owner_person.team) if u is not None]
        if not any(u.path.startswith(owner_unit.path) for u in units):
            raise CoreError.OWNER_PERSON_OUTSIDE(
                field="owner_person", name=owner_person.name, unit=owner_unit.name
            )
    if due_at is None:
        raise CoreError.REQUIRED(field="due_at", label=_("办结时限"))
    _check_due(due_at, now)


def _check_due(due_at, now):
    if due_at <= now:
        raise CoreError.DEADLINE_PAST(field="due_at", message=_("办结时限不能早于当前时间。"))


def _event(item, *, actor, action, now, note="", due_at=None, source="") -> ActionEvent:
    """One step on the item's timeline; a move of the closure loop names both states."""
    return timeline_write(
        ActionEvent,
        item,
        actor=actor,
        action=action,
        from_status=source,
        to_status=item.status if source else "",
        note=note,
        due_at=due_at,
        at=now,
    )


def _supervise(item, now):
    supervise(
        record=item,
        kind=KIND,
        title=_("联席会议督办:%(title)s") % {"title": item.title},
        url=item.get_absolute_url(),
        owner_unit=item.owner_unit,
        owner_person=item.owner_person,
        due_at=item.due_at,
        now=now,
    )


def _locked(item: ActionItem) -> ActionItem:
    """The row again, locked: two people acting at once cannot both move it."""
    return (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__convener__head__user", "owner_unit", "owner_person__user")
        .select_related("created_by")
        .get(pk=item.pk)
    )


def _tell_assigned(item, title):
    """The 交办 notice: what is expected of the owner, and by when."""
    due = timezone.localtime(item.due_at).strftime("%Y-%m-%d")
    _tell_owner(
        item,
        title,
        _("预期成效:%(result)s;办结时限:%(due)s")
        % {"result": item.expected_result[:150], "due": due},
    )


@transaction.atomic
def action_create(
    *,
    actor,
    resolution: Resolution,
    title: str,
    expected_result: str,
    owner_unit,
    owner_person,
    due_at: datetime | None,
    now: datetime | None = None,
) -> ActionItem:
    """The convener turns a resolution into an action item with an owner unit, an owner person
    (in that unit), a deadline not in the past and the expected result; it joins 督办."""
    now = now or timezone.now()
    session = resolution.session
    _require_convener(actor, session.meeting)
    title = clean_text(title, field="title", label=_("督办事项"), limit=TITLE_MAX)
    expected_result = clean_text(
        expected_result, field="expected_result", label=_("预期成效"), limit=TEXT_MAX
    )
    _check_owner(owner_unit, owner_person, due_at, now)
    item = ActionItem.objects.create(
        meeting_id=session.meeting_id,
        session=session,
        resolution=resolution,
        title=title,
        expected_result=expected_result,
        owner_unit=owner_unit,
        owner_person=owner_person,
        due_at=due_at,
        created_by=actor,
        created_at=now,
    )
    _event(item, actor=actor, action=E.CREATE, now=now, note=expected_result, due_at=due_at)
    _supervise(item, now)
    _tell_assigned(item, _("联席会议交办:%(title)s") % {"title": title})
    return item


@transaction.atomic
def action_reassign(
    *, actor, item: ActionItem, owner_unit, owner_person, due_at, note: str = "", now=None
) -> ActionItem:
    """The convener changes the owner or the deadline of an item still open; supervision
    restarts with the new owner and date."""
    now = now or timezone.now()
    item = _locked(item)
    _require_convener(actor, item.meeting)
    if not item.is_open:
        raise CollabError.ITEM_CLOSED(message=_("该督办事项已办结,不能再调整。"))
    note = clean_text(note, field="note", label=_("调整说明"), limit=REASON_MAX, required=False)
    _check_owner(owner_unit, owner_person, due_at, now)
    changed_person = item.owner_person_id != owner_person.pk
    item.owner_unit, item.owner_person, item.due_at = owner_unit, owner_person, due_at
    item.save()
    label = _("%(unit)s · %(person)s") % {"unit": owner_unit.name, "person": owner_person.name}
    _event(
        item,
        actor=actor,
        action=E.REASSIGN,
        now=now,
        note="\n".join(x for x in (label, note) if x),
        due_at=due_at,
    )
    _supervise(item, now)
    if changed_person:
        _tell_assigned(item, _("联席会议交办:%(title)s") % {"title": item.title})
    return item


def _check_files(files) -> list:
    return check_uploads(
        files,
        field="files",
        most=MAX_FILES,
        too_many=CollabError.TOO_MANY_FILES,
    )


@transaction.atomic
def action_progress(*, actor, item: ActionItem, note: str, files=(), now=None) -> ActionEvent:
    """The owner reports progress (with optional attachments) on an item not yet closed."""
    now = now or timezone.now()
    item = _locked(item)
    if not can_report(actor, item):
        raise CollabError.NOT_REPORTER()
    if not item.is_open:
        raise CollabError.ITEM_CLOSED()
    note = clean_text(note, field="note", label=_("进展情况"), limit=TEXT_MAX)
    files = _check_files(files)
    event = _event(item, actor=actor, action=E.PROGRESS, now=now, note=note)
    for f in files:
        attachment_create(actor=actor, upload=f, owner=event)
    item.save(update_fields=["updated_at"])
    return event


# The closure loop of an action item: owner asks, convener accepts or returns.
ACTIONS = StateMachine(
    {
        "request": (frozenset({ActionStatus.OPEN}), ActionStatus.REQUESTED),
        "accept": (frozenset({ActionStatus.REQUESTED}), ActionStatus.CLOSED),
        "return": (frozenset({ActionStatus.REQUESTED}), ActionStatus.OPEN),
    },
    {
        "request": _l("只有办理中的事项才能申请办结,该事项当前为“%(status)s”。"),
        "accept": _l("只有申请办结的事项才能同意办结,该事项当前为“%(status)s”。"),
        "return": _l("只有申请办结的事项才能退回,该事项当前为“%(status)s”。"),
    },
)


@transaction.atomic
def action_request_close(*, actor, item: ActionItem, note: str, files=(), now=None) -> ActionItem:
    """The owner asks for closure, saying what was achieved; the convener then decides."""
    now = now or timezone.now()
    item = _locked(item)
    if not can_report(actor, item):
        raise CollabError.NOT_REPORTER()
    source, target = ACTIONS.move(item, "request")
    note = clean_text(note, field="note", label=_("办理结果"), limit=TEXT_MAX)
    files = _check_files(files)
    item.status, item.requested_at = target, now
    item.save()
    event = _event(item, actor=actor, action=E.REQUEST, now=now, note=note, source=source)
    for f in files:
        attachment_create(actor=actor, upload=f, owner=event)
    notify(
        users=[u for u in _convener_users(item) if u.pk != actor.pk],
        title=_("督办事项申请办结:%(title)s") % {"title": item.title},
        body=note[:200],
        url=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def action_accept(*, actor, item: ActionItem, note: str = "", now=None) -> ActionItem:
    """The convener accepts a closure request: the item is closed and leaves 督办."""
    now = now or timezone.now()
    item = _locked(item)
    _require_convener(actor, item.meeting)
    source, target = ACTIONS.move(item, "accept")
    note = clean_text(note, field="note", label=_("审核意见"), limit=REASON_MAX, required=False)
    item.status, item.closed_at = target, now
    item.save()
    _event(item, actor=actor, action=E.ACCEPT, now=now, note=note, source=source)
    supervision_close(record=item, at=now)
    _tell_owner(item, _("督办事项已办结:%(title)s") % {"title": item.title}, note)
    return item


@transaction.atomic
def action_return(
    *, actor, item: ActionItem, reason: str, due_at: datetime | None = None, now=None
) -> ActionItem:
    """The convener returns a closure request with a reason: the item is open again, under
    supervision, by the same deadline or a new one (never in the past)."""
    now = now or timezone.now()
    item = _locked(item)
    _require_convener(actor, item.meeting)
    source, target = ACTIONS.move(item, "return")
    reason = clean_text(reason, field="reason", label=_("退回理由"), limit=REASON_MAX)
    if due_at is not None:
        _check_due(due_at, now)
        item.due_at = due_at
    item.status, item.requested_at = target, None
    item.returned_count += 1
    item.save()
    _event(
        item, actor=actor, action=E.RETURN, now=now, note=reason, due_at=item.due_at, source=source
    )
    _supervise(item, now)
    _tell_owner(item, _("督办事项被退回:%(title)s") % {"title": item.title}, reason)
    return item


# --- the periodic hook ------------------------------------------------------------------------


def collab_cutoff_remind(*, now: datetime) -> int:
    """Tell the representatives a day before a session's topic cut-off (once per session)."""
    sessions = JointSession.objects.filter(
        status=SessionStatus.PLANNED,
        topic_deadline__gt=now,
        topic_deadline__lte=now + timedelta(hours=CUTOFF_REMIND_HOURS),
    ).select_related("meeting")
    count = 0
    for session in sessions:
        cutoff = timezone.localtime(session.topic_deadline).strftime("%Y-%m-%d %H:%M")
        _tell_reps(
            session,
            _("%(name)s议题征集即将截止") % {"name": session.meeting.name},
            _("请于 %(cutoff)s 前提交议题。") % {"cutoff": cutoff},
            dedupe_key=f"collab:cutoff:{session.pk}",
        )
        count += 1
    return count
