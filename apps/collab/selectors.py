"""Reads on joint meetings: always through visible_to(user); out of scope is 404."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.core.errors import NotFound
from apps.core.figures import percent
from apps.core.scope import scope_of, subtree_q
from apps.core.selectors import files_of, get_or_not_found
from apps.core.timeline import timeline_rows
from apps.orgs.models import OrgUnit

from .choices import OPEN_STATUSES, ActionStatus
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
from .permissions import CONVENER_KINDS, convener_paths


def meeting_list(*, user):
    return JointMeeting.objects.visible_to(user).select_related("convener")


def meeting_get(*, user, pk: int) -> JointMeeting:
    return get_or_not_found(meeting_list(user=user), pk)


def members_of(meeting) -> list[JointMember]:
    return list(
        JointMember.objects.filter(meeting=meeting).select_related(
            "unit", "person", "meeting__convener"
        )
    )


def meeting_stats(ids: list[int], *, now=None) -> dict[int, dict]:
    """Per body: sessions held so far, the next session, open and overdue action items (three
    grouped queries however many bodies)."""
    now = now or timezone.now()
    stats = {pk: {"sessions": 0, "next": None, "open": 0, "overdue": 0} for pk in ids}
    for row in (
        JointSession.objects.filter(meeting_id__in=ids, held_at__lt=now)
        .values("meeting_id")
        .annotate(n=Count("pk"))
    ):
        stats[row["meeting_id"]]["sessions"] = row["n"]
    upcoming = JointSession.objects.filter(meeting_id__in=ids, held_at__gte=now).order_by(
        "meeting_id", "held_at"
    )
    for s in upcoming.only("pk", "meeting_id", "held_at", "number"):
        stats[s.meeting_id]["next"] = stats[s.meeting_id]["next"] or s
    for row in (
        ActionItem.objects.filter(meeting_id__in=ids, status__in=OPEN_STATUSES)
        .values("meeting_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now)))
    ):
        stats[row["meeting_id"]].update(open=row["n"], overdue=row["late"])
    return stats


def session_list(*, user):
    return JointSession.objects.visible_to(user).select_related("meeting__convener")


def session_get(*, user, pk: int) -> JointSession:
    return get_or_not_found(session_list(user=user), pk)


def member_get(*, user, pk: int) -> JointMember:
    """A member unit of a body the user can see; otherwise not found."""
    member = (
        JointMember.objects.select_related("meeting__convener", "unit", "person")
        .filter(pk=pk, meeting__in=meeting_list(user=user).values("pk"))
        .first()
    )
    if member is None:
        raise NotFound()
    return member


def topic_get(*, user, pk: int) -> AgendaTopic:
    """An agenda topic of a session the user can see; otherwise not found."""
    topic = (
        AgendaTopic.objects.filter(pk=pk, session__in=session_list(user=user).values("pk"))
        .select_related("session__meeting__convener")
        .first()
    )
    if topic is None:
        raise NotFound()
    return topic


def resolution_get(*, user, pk: int) -> Resolution:
    """A resolution of a session the user can see; otherwise not found."""
    resolution = (
        Resolution.objects.filter(pk=pk, session__in=session_list(user=user).values("pk"))
        .select_related("session__meeting__convener")
        .first()
    )
    if resolution is None:
        raise NotFound()
    return resolution


def session_counts(ids: list[int]) -> dict[int, dict]:
    """Topics, resolutions and action items (open / all) per session, in grouped queries."""
    out = {pk: {"topics": 0, "resolutions": 0, "actions": 0, "open": 0} for pk in ids}
    for model, key in ((AgendaTopic, "topics"), (Resolution, "resolutions")):
        for row in (
            model.objects.filter(session_id__in=ids).values("session_id").annotate(n=Count("pk"))
        ):
            out[row["session_id"]][key] = row["n"]
    for row in (
        ActionItem.objects.filter(session_id__in=ids)
        .values("session_id")
        .annotate(n=Count("pk"), o=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
    ):
        out[row["session_id"]].update(actions=row["n"], open=row["o"])
    return out


def previous_session(session: JointSession) -> JointSession | None:
    return (
        JointSession.objects.filter(meeting_id=session.meeting_id, held_at__lt=session.held_at)
        .order_by("-held_at", "-pk")
        .first()
    )


def session_page(*, session: JointSession, now=None) -> dict:
    """What a session's page shows: last session's action items with their states, the
    ordered agenda, attendance of every member unit, resolutions each with its items."""
    now = now or timezone.now()
    members = members_of(session.meeting)
    marks = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    attendance = [{"member": m, "mark": marks.get(m.pk)} for m in members]
    items = ActionItem.objects.select_related("meeting", "owner_unit", "owner_person").order_by(
        "pk"
    )
    resolutions = list(
        Resolution.objects.filter(session=session).prefetch_related(
            Prefetch("actions", queryset=items)
        )
    )
    prev = previous_session(session)
    carried = list(items.filter(session=prev)) if prev else []
    for item in carried + [a for r in resolutions for a in r.actions.all()]:
        item.overdue = item.is_overdue(now)
    return {
        "topics": list(AgendaTopic.objects.filter(session=session).select_related("unit")),
        "attendance": attendance,
        "members": members,
        "resolutions": resolutions,
        "previous": prev,
        "carried": carried,
        "counts": {
            "present": sum(1 for m in marks.values() if m.presence == "present"),
            "stand_in": sum(1 for m in marks.values() if m.presence == "stand_in"),
            "absent": sum(1 for m in marks.values() if m.presence == "absent"),
        },
    }


def action_list(*, user):
    return ActionItem.objects.visible_to(user).select_related(
        "meeting", "session", "owner_unit", "owner_person"
    )


def action_get(*, user, pk: int) -> ActionItem:
    return get_or_not_found(
        action_list(user=user).select_related("resolution", "meeting__convener", "created_by"), pk
    )


def action_counts(qs, *, now=None) -> dict[str, int]:
    """Rows per status, plus overdue, in one query."""
    now = now or timezone.now()
    counts = qs.order_by().aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in ActionStatus.values},
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
    )
    counts["total"] = sum(counts[s] for s in ActionStatus.values)
    return counts


def timeline(*, item: ActionItem) -> list[dict]:
    """Every step of the item (each event carrying its files as `files`), merged with the
    supervision pass's reminders and escalations logged on it."""
    from auditlog.models import LogEntry

    events = list(ActionEvent.objects.filter(item=item))
    files = files_of(ActionEvent, [e.pk for e in events])
    for e in events:
        e.files = files.get(e.pk, [])
    rows = timeline_rows(item, events=events, changes=False)
    logs = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ActionItem),
        object_id=item.pk,
        action=LogEntry.Action.ACCESS,
    )
    for log in logs:
        event = (log.changes_dict or {}).get("event")
        if event:
            rows.append(
                {
                    **dict.fromkeys(("actor", "from", "to", "note"), ""),
                    "at": log.timestamp,
                    "action": event[0],
                    "code": "supervision",
                    "due_at": None,
                    "event": None,
                    "details": [],
                }
            )
    rows.sort(key=lambda r: r["at"])
    return rows


def convener_units(*, user):
    """Party units for which the user may set up a joint meeting."""
    qs = OrgUnit.objects.alive().filter(kind__in=CONVENER_KINDS).only("pk", "name", "path")
    if user.is_superuser:
        return qs
    paths = convener_paths(user)
    if not paths:
        return qs.none()
    cond = Q()
    for p in paths:
        cond |= subtree_q(p)
    return qs.filter(cond)


def unit_choices(*, user, meeting: JointMeeting | None = None):
    """Units to name as members or owners: those the user reaches, plus the body's members."""
    scope = scope_of(user)
    qs = OrgUnit.objects.alive().only("pk", "name", "path", "kind", "depth")
    if scope.everything:
        return qs
    cond = Q(pk__in=[])
    for p in (*scope.prefixes, *convener_paths(user)):
        cond |= subtree_q(p)
    if meeting is not None:
        cond |= Q(pk__in=JointMember.objects.filter(meeting=meeting).values("unit_id"))
    return qs.filter(cond)


FIGURE_SESSIONS = 12


def _ledger(**params) -> str:
    return reverse("collab:action_list") + "?" + urlencode(params)


def meeting_figures(*, meeting: JointMeeting, now=None) -> dict:
    """How the items of the last twelve sessions held ended: closed on time, closed late,
    open, open past the deadline (one grouped query); and the on-time rate of every item the
    body closed. Every figure links to the ledger rows behind it."""
    now = now or timezone.now()
    sessions = list(
        JointSession.objects.filter(meeting=meeting, held_at__lt=now)
        .order_by("-held_at", "-pk")
        .only("pk", "number", "held_at")[:FIGURE_SESSIONS]
    )[::-1]
    closed = Q(status=ActionStatus.CLOSED)
    open_ = Q(status__in=OPEN_STATUSES)
    rows = {
        r["session_id"]: r
        for r in ActionItem.objects.filter(session__in=sessions)
        .values("session_id")
        .annotate(
            on_time=Count("pk", filter=closed & Q(closed_at__lte=F("due_at"))),
            late=Count("pk", filter=closed & Q(closed_at__gt=F("due_at"))),
            open=Count("pk", filter=open_ & Q(due_at__gte=now)),
            overdue=Count("pk", filter=open_ & Q(due_at__lt=now)),
        )
    }
    keys = ("on_time", "late", "open", "overdue")
    empty = dict.fromkeys(keys, 0)
    by_session = []
    for s in sessions:
        counts = {k: rows.get(s.pk, empty)[k] for k in keys}
        links = {
            k: _ledger(session=s.pk, state=state)
            for k, state in zip(keys, ("on_time", "late", "pending", "overdue"), strict=True)
        }
        by_session.append(
            {
                "label": f"{timezone.localtime(s.held_at):%y-%m}",
                "session_id": s.pk,
                **counts,
                "links": links,
            }
        )
    # The rate is over every item the body ever closed, so its link is exactly its numerator.
    totals = ActionItem.objects.filter(meeting=meeting).aggregate(
        on_time=Count("pk", filter=closed & Q(closed_at__lte=F("due_at"))),
        closed=Count("pk", filter=closed),
    )
    totals["on_time_rate"] = percent(totals["on_time"], totals["closed"])
    return {"by_session": by_session, "totals": totals}
