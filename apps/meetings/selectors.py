"""Reads on meetings: always through visible_to(user); out of scope is 404. The periods and the
cache key the figures (figures.py) and the compliance view (compliance.py) share."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from apps.core import participation
from apps.core.errors import NotFound
from apps.core.figures import percent
from apps.core.params import parse_day, query_row
from apps.core.selectors import get_or_not_found
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import in_subtree, in_units, scope_of, subtree_q

from .choices import ATTENDED, AttendanceStatus, MakeupStatus, MeetingStatus, RecordReviewStatus
from .errors import MeetingError
from .models import Attendance, Meeting, MeetingKind, PartyGroupMember, RecordReview
from .permissions import MEETING_UNIT_KINDS, REVIEWED_UNIT_KINDS, review_prefixes

STEP = OrgUnit.steplen
CACHE_SECONDS = 60


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_start(self.start), day_start(self.end + timedelta(days=1))

    def months(self) -> list[date]:
        out, cur = [], self.start.replace(day=1)
        while cur <= self.end:
            out.append(cur)
            cur = _next_month(cur)
        return out


def _next_month(d: date) -> date:
    return (d.replace(day=1) + timedelta(days=32)).replace(day=1)


def preset_period(preset: str, today: date | None = None) -> Period:
    """This month, this quarter or this year (to its end)."""
    today = today or timezone.localdate()
    if preset == "month":
        start = today.replace(day=1)
        return Period(start, _next_month(start) - timedelta(days=1))
    if preset == "quarter":
        start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        end = _next_month(_next_month(_next_month(start))) - timedelta(days=1)
        return Period(start, end)
    return Period(date(today.year, 1, 1), date(today.year, 12, 31))


MAX_PERIOD_DAYS = 3 * 366


def unit_param(user, params) -> OrgUnit | None:
    """The party unit a query string names, if the user reaches it."""
    return query_row(unit_choices(user=user), params, "unit")


def period_params(user, params, *, default: str = "year"):
    """The period (a preset month/quarter/year, or start–end dates) and unit from a query
    string, for the pages and the API alike; bad values fall back to the defaults."""
    preset = params.get("period") or default
    period = preset_period(preset if preset in ("month", "quarter", "year") else default)
    start, end = parse_day(params.get("start")), parse_day(params.get("end"))
    if start or end:
        preset = ""
        period = Period(start or period.start, end or period.end)
    if period.start > period.end:
        period.start, period.end = period.end, period.start
    if (period.end - period.start).days > MAX_PERIOD_DAYS:
        period.start = period.end - timedelta(days=MAX_PERIOD_DAYS)
    return period, unit_param(user, params), preset


# --- meetings ---------------------------------------------------------------------------------


def meeting_list(*, user):
    return Meeting.objects.visible_to(user).select_related("unit", "kind", "host", "recorder")


def meeting_get(*, user, pk: int) -> Meeting:
    return get_or_not_found(meeting_list(user=user), pk)


def roll(*, meeting: Meeting):
    """The meeting's invitees with their attendance, by 工号."""
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "person__department")
        .order_by("person__employee_no")
    )


def roll_counts(meeting_ids) -> dict[int, dict]:
    """Invited / attended / leave / absent per meeting, and the attendance rate, in one query.
    Attendance rate = attended (on time or late) ÷ invited."""
    rows = (
        Attendance.objects.filter(meeting_id__in=list(meeting_ids))
        .order_by()
        .values("meeting_id")
        .annotate(
            invited=Count("pk"),
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            late=Count("pk", filter=Q(status=AttendanceStatus.LATE)),
            leave=Count("pk", filter=Q(status=AttendanceStatus.LEAVE)),
            leave_requested=Count("pk", filter=Q(status=AttendanceStatus.LEAVE_REQUESTED)),
            absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
        )
    )
    out = {}
    for r in rows:
        r["rate"] = percent(r["attended"], r["invited"])
        out[r["meeting_id"]] = r
    return out


def attachments_of(meeting: Meeting) -> tuple[list, list]:
    """(photos, files) of a meeting: images are shown as photos, the rest as files."""
    from django.contrib.contenttypes.models import ContentType

    from apps.core.models import Attachment

    rows = list(
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(Meeting), owner_id=meeting.pk
        ).order_by("pk")
    )
    photos = [a for a in rows if a.content_type.startswith("image/")]
    return photos, [a for a in rows if not a.content_type.startswith("image/")]


def my_attendance(*, user, meeting: Meeting) -> Attendance | None:
    if not user.person_id:
        return None
    return Attendance.objects.filter(meeting=meeting, person_id=user.person_id).first()


def signin_row(*, user, meeting_id: int) -> Attendance:
    """The user's invitation to a meeting they scanned; refused like the sign-in itself."""
    row = (
        Attendance.objects.select_related("meeting", "meeting__kind")
        .filter(meeting_id=meeting_id, person_id=user.person_id or -1)
        .filter(meeting__deleted_at__isnull=True)
        .first()
    )
    if row is None:
        raise MeetingError.NOT_INVITED()
    return row


def my_upcoming(*, user, now=None):
    """Meetings the user is invited to that have not ended."""
    now = now or timezone.now()
    if not user.person_id:
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(
            person_id=user.person_id,
            meeting__deleted_at__isnull=True,
            meeting__status=MeetingStatus.PLANNED,
            meeting__ends_at__gte=now,
        )
        .select_related("meeting", "meeting__kind", "meeting__unit")
        .order_by("meeting__starts_at")
    )


def my_makeups(*, user):
    """The user's pending 补学 tasks, oldest first."""
    if not user.person_id:
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(
            person_id=user.person_id,
            makeup_status=MakeupStatus.PENDING,
            meeting__deleted_at__isnull=True,
        )
        .select_related("meeting", "meeting__kind", "meeting__unit")
        .order_by("meeting__starts_at")
    )


def my_history(*, user, now=None):
    now = now or timezone.now()
    if not user.person_id:
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(person_id=user.person_id, meeting__deleted_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.PLANNED, meeting__ends_at__gte=now)
        .select_related("meeting", "meeting__kind", "meeting__unit")
        .order_by("-meeting__starts_at", "-pk")
    )


def makeup_get(*, user, pk: int) -> Attendance:
    """A 补学 task: the user's own only."""
    row = (
        Attendance.objects.filter(pk=pk, person_id=user.person_id or -1)
        .exclude(makeup_status="")
        .select_related("meeting", "meeting__kind", "meeting__unit", "meeting__host")
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def unit_choices(*, user):
    """Party units the user reaches (filters of the lists, calendar and figures)."""
    return (
        OrgUnit.objects.visible_to(user)
        .alive()
        .filter(kind__in=MEETING_UNIT_KINDS)
        .only("pk", "name", "path", "depth", "kind")
    )


def records_to_review(*, user):
    """Closed meeting records of branches and party groups the user reviews from above, whose
    review is pending: oldest first (the 三会一课 records awaiting the 党委 / 党总支)."""
    qs = meeting_list(user=user).filter(
        status=MeetingStatus.CLOSED,
        unit__kind__in=REVIEWED_UNIT_KINDS,
        record_review__status=RecordReviewStatus.PENDING,
    )
    prefixes = review_prefixes(user)
    if prefixes is not None:
        # Strictly below a unit the user plans for: a unit's own cadres never review its records.
        below = Q(pk__in=[])
        for p in prefixes:
            below |= subtree_q(p) & ~Q(path=p)
        qs = in_units(qs, below)
    return qs.order_by("starts_at", "pk")


def record_review_of(meeting: Meeting) -> RecordReview | None:
    """The review of a meeting the caller already holds through `meeting_get`."""
    return RecordReview.objects.filter(meeting=meeting).select_related("reviewed_by").first()


def party_groups(*, user):
    """The 党小组 the user reaches, with their branch, for the membership pages."""
    return (
        OrgUnit.objects.visible_to(user).alive().filter(kind=UnitKind.PARTY_GROUP).order_by("path")
    )


def party_group_get(*, user, pk: int) -> OrgUnit:
    return get_or_not_found(party_groups(user=user), pk)


def group_members(*, group: OrgUnit):
    """The recorded members of a 党小组, by 工号."""
    return (
        PartyGroupMember.objects.filter(group=group)
        .select_related("person")
        .order_by("person__employee_no")
    )


def kinds():
    return MeetingKind.objects.order_by("sort", "pk")


def calendar(*, user, month: date, unit: OrgUnit | None = None) -> list[list[dict]]:
    """A month of the user's visible meetings as weeks (Monday first) of days."""
    start = month.replace(day=1)
    qs = meeting_list(user=user).filter(
        starts_at__gte=day_start(start), starts_at__lt=day_start(_next_month(start))
    )
    if unit is not None:
        qs = in_subtree(qs, unit)
    by_day: dict[date, list] = {}
    for m in qs.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at")[:500]:
        by_day.setdefault(timezone.localtime(m.starts_at).date(), []).append(m)
    first = start - timedelta(days=start.weekday())
    weeks, day = [], first
    while day < _next_month(start) or day.weekday() != 0:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(
            {"day": day, "in_month": day.month == start.month, "meetings": by_day.get(day, [])}
        )
        day += timedelta(days=1)
    return weeks


def cache_key(name: str, user, period: Period, unit) -> str:
    """A figure's cache key: the same for everyone who reaches the same units."""
    scope = scope_of(user)
    person = "" if scope.everything else scope.person_id  # the whole company is the same for all
    raw = "|".join(
        str(x)
        for x in (scope.everything, scope.prefixes, person, period.start, period.end,
                  unit.pk if unit else "", sorted(participation.sources()))
    )  # fmt: skip
    return f"meetings:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
