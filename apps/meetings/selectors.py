"""Reads on meetings: always through visible_to(user); out of scope is 404. The figures (held
sessions, theory-education coverage, attendance) and the compliance of required meetings are
grouped queries over the records, and each links to the records behind it."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.core import participation
from apps.core.db import LocalMonth
from apps.core.errors import DomainError, NotFound
from apps.core.figures import percent
from apps.core.scope import scope_of, subtree_q
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person

from .choices import ATTENDED, AttendanceStatus, Frequency, MakeupStatus, MeetingStatus
from .models import Attendance, Meeting, MeetingKind

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


# --- meetings ---------------------------------------------------------------------------------


def meeting_list(*, user):
    return Meeting.objects.visible_to(user).select_related("unit", "kind", "host", "recorder")


def meeting_get(*, user, pk: int) -> Meeting:
    meeting = meeting_list(user=user).filter(pk=pk).first()
    if meeting is None:
        raise NotFound()
    return meeting


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
    from .services import NOT_INVITED

    row = (
        Attendance.objects.select_related("meeting", "meeting__kind")
        .filter(meeting_id=meeting_id, person_id=user.person_id or -1)
        .filter(meeting__deleted_at__isnull=True)
        .first()
    )
    if row is None:
        raise DomainError("not_invited", NOT_INVITED, status=403)
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
    from .permissions import MEETING_UNIT_KINDS

    return (
        OrgUnit.objects.visible_to(user)
        .alive()
        .filter(kind__in=MEETING_UNIT_KINDS)
        .only("pk", "name", "path", "depth", "kind")
    )


def calendar(*, user, month: date, unit: OrgUnit | None = None) -> list[list[dict]]:
    """A month of the user's visible meetings as weeks (Monday first) of days."""
    start = month.replace(day=1)
    qs = meeting_list(user=user).filter(
        starts_at__gte=day_start(start), starts_at__lt=day_start(_next_month(start))
    )
    if unit is not None:
        qs = qs.filter(unit__in=OrgUnit.objects.filter(subtree_q(unit.path)).values("pk"))
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


# --- compliance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    lo: date
    hi: date  # exclusive
    label: str


def slots(frequency: str, start: date, end: date) -> list[Slot]:
    """The months, quarters or years of a frequency that overlap [start, end]."""
    out: list[Slot] = []
    if frequency == Frequency.MONTHLY:
        cur = start.replace(day=1)
        while cur <= end:
            out.append(Slot(cur, _next_month(cur), _("%(m)d月") % {"m": cur.month}))
            cur = _next_month(cur)
    elif frequency == Frequency.QUARTERLY:
        cur = date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
        while cur <= end:
            hi = _next_month(_next_month(_next_month(cur)))
            out.append(Slot(cur, hi, _("第%(q)d季度") % {"q": (cur.month - 1) // 3 + 1}))
            cur = hi
    elif frequency == Frequency.YEARLY:
        for year in range(start.year, end.year + 1):
            out.append(Slot(date(year, 1, 1), date(year + 1, 1, 1), _("%(y)d年") % {"y": year}))
    return out


def _held(units_qs, kinds, start: date, end: date) -> set[tuple[int, int, str]]:
    """(unit, kind, month) of every closed meeting of the kinds in the period: one query."""
    lo, hi = Period(start, end).bounds
    return set(
        Meeting.objects.filter(
            status=MeetingStatus.CLOSED,
            kind__in=[k.pk for k in kinds],
            unit__in=units_qs.values("pk"),
            starts_at__gte=lo,
            starts_at__lt=hi,
        )
        .order_by()
        .annotate(m=LocalMonth("starts_at"))
        .values_list("unit_id", "kind_id", "m")
        .distinct()
    )


def compliance_of(units: list[OrgUnit], *, start: date, end: date, today: date) -> dict[int, list]:
    """For each unit, each required kind of its level and each month/quarter/year of the period:
    held, missing (the slot is over) or pending (the slot is still running)."""
    kinds = [k for k in MeetingKind.objects.all() if k.required]
    if not units or not kinds:
        return {u.pk: [] for u in units}
    ids = [u.pk for u in units]
    kind_slots = {k.pk: slots(k.frequency, start, end) for k in kinds}
    # A quarter or year that overlaps the period counts whole: a meeting held in October
    # satisfies the fourth quarter seen from December.
    every = [s for ss in kind_slots.values() for s in ss]
    lo, hi = min(s.lo for s in every), max(s.hi for s in every) - timedelta(days=1)
    held = _held(OrgUnit.objects.filter(pk__in=ids), kinds, lo, hi)
    out: dict[int, list] = {}
    for unit in units:
        items = []
        for kind in kinds:
            if kind.unit_kind != unit.kind:
                continue
            for slot in kind_slots[kind.pk]:
                if slot.lo > today:
                    continue
                months = {
                    m.strftime("%Y-%m")
                    for m in Period(slot.lo, slot.hi - timedelta(days=1)).months()
                }
                done = any((unit.pk, kind.pk, m) in held for m in months)
                state = "held" if done else ("missing" if slot.hi <= today else "pending")
                items.append({"kind": kind, "slot": slot, "state": state})
        out[unit.pk] = items
    return out


def _compliance_units(*, user, unit: OrgUnit | None):
    kinds = {k.unit_kind for k in MeetingKind.objects.all() if k.required}
    qs = OrgUnit.objects.visible_to(user).alive().filter(kind__in=kinds)
    if unit is not None:
        qs = qs.filter(subtree_q(unit.path))
    return list(qs.order_by("path").only("pk", "name", "path", "depth", "kind"))


def compliance(*, user, period: Period, unit: OrgUnit | None = None, today=None) -> dict:
    """Which branches and party groups in the user's reach are missing which required meetings
    in the period, with a link to plan each missing one."""
    today = today or timezone.localdate()
    units = _compliance_units(user=user, unit=unit)
    result = compliance_of(units, start=period.start, end=period.end, today=today)
    rows = []
    totals = {"units": 0, "held": 0, "missing": 0, "pending": 0, "complete": 0}
    for u in units:
        items = result.get(u.pk, [])
        if not items:
            continue
        counts = {
            s: sum(1 for i in items if i["state"] == s) for s in ("held", "missing", "pending")
        }
        totals["units"] += 1
        for s, n in counts.items():
            totals[s] += n
        totals["complete"] += not counts["missing"]
        gaps = [
            {
                "label": f"{i['slot'].label} {i['kind'].name}",
                "state": i["state"],
                "plan_url": reverse("meetings:create")
                + "?"
                + urlencode({"unit": u.pk, "kind": i["kind"].pk}),
            }
            for i in items
            if i["state"] != "held"
        ]
        rows.append({"unit": u, "counts": counts, "gaps": gaps, "indent": u.depth})
    totals["rate"] = percent(totals["complete"], totals["units"])
    return {"rows": rows, "totals": totals}


def compliance_cached(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    key = _cache_key("compliance", user, period, unit)
    return cache.get_or_set(
        key, lambda: compliance(user=user, period=period, unit=unit), CACHE_SECONDS
    )


def required_meetings_held(*, branches: list[OrgUnit], start: date, end: date) -> dict:
    """The standards judge 三会一课按规定频次召开: for each branch (with its party groups), passed
    when every required kind was held in every month/quarter/year of the period that is over."""
    from apps.standards.judges import Verdict

    today = min(timezone.localdate(), end + timedelta(days=1))
    groups: dict[int, list[OrgUnit]] = {b.pk: [] for b in branches}
    by_path = {b.path: b.pk for b in branches}
    children = OrgUnit.objects.alive().filter(
        kind=UnitKind.PARTY_GROUP, depth__in={b.depth + 1 for b in branches}
    )
    if branches:
        cond = Q(pk__in=[])
        for b in branches:
            cond |= subtree_q(b.path)
        children = children.filter(cond)
    else:
        children = children.none()
    for g in children:
        owner = by_path.get(g.path[:-STEP])
        if owner is not None:
            groups[owner].append(g)
    units = [*branches, *(g for gs in groups.values() for g in gs)]
    result = compliance_of(units, start=start, end=end, today=today)
    verdicts = {}
    for b in branches:
        missing = [
            (u, i)
            for u in [b, *groups[b.pk]]
            for i in result.get(u.pk, [])
            if i["state"] == "missing"
        ]
        notes = [
            (f"{u.name} " if u.pk != b.pk else "")
            + _("缺 %(slot)s %(kind)s") % {"slot": i["slot"].label, "kind": i["kind"].name}
            for u, i in missing
        ]
        url = (
            reverse("meetings:compliance")
            + "?"
            + urlencode({"unit": b.pk, "start": start.isoformat(), "end": end.isoformat()})
        )
        verdicts[b.pk] = Verdict(
            passed=not missing,
            note="；".join(notes[:12]) + ("…" if len(notes) > 12 else ""),
            url=url,
        )
    return verdicts


# --- figures ----------------------------------------------------------------------------------


def study_participants(*, start: datetime, end: datetime):
    """The participation source for theory-education coverage: people who attended (on time or
    late) a closed study meeting held in the period, or completed its 补学."""
    study = Meeting.objects.filter(
        status=MeetingStatus.CLOSED,
        kind__counts_as_study=True,
        starts_at__gte=start,
        starts_at__lt=end,
    ).values("pk")
    return (
        Attendance.objects.filter(meeting__in=study)
        .filter(
            Q(status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE))
            | Q(makeup_status=MakeupStatus.DONE)
        )
        .values("person_id")
    )


def people_in_scope(*, user, unit: OrgUnit | None = None):
    """Active employees the user reaches (in the unit's subtree when one is chosen): a person
    is in a unit through their department, team or party branch."""
    people = Person.objects.visible_to(user).filter(status=EmploymentStatus.ACTIVE)
    if unit is not None:
        units = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
        people = people.filter(
            Q(department__in=units)
            | Q(team__in=units)
            | Q(pk__in=PartyMembership.objects.filter(branch__in=units).values("person_id"))
        )
    return people


def covered_q(period: Period) -> Q:
    """People who appear in at least one registered participation source for the period: one
    subquery per source, so another area's source joins with no change here."""
    lo, hi = period.bounds
    cond = Q(pk__in=[])
    for source in participation.sources().values():
        cond |= Q(pk__in=source(start=lo, end=hi))
    return cond


def coverage(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    """理论教育覆盖率 = people in scope who took part (any source) ÷ people in scope."""
    agg = (
        people_in_scope(user=user, unit=unit)
        .order_by()
        .aggregate(total=Count("pk"), covered=Count("pk", filter=covered_q(period)))
    )
    params = _params(period, unit)
    return {
        "total": agg["total"],
        "covered": agg["covered"],
        "uncovered": agg["total"] - agg["covered"],
        "rate": percent(agg["covered"], agg["total"]),
        "links": {
            "covered": reverse("meetings:coverage") + "?" + urlencode({**params, "covered": "1"}),
            "uncovered": reverse("meetings:coverage") + "?" + urlencode({**params, "covered": "0"}),
        },
    }


def _params(period: Period, unit: OrgUnit | None) -> dict:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if unit is not None:
        params["unit"] = unit.pk
    return params


def _ledger(**params) -> str:
    return reverse("meetings:list") + "?" + urlencode({k: v for k, v in params.items() if v})


def figures(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    """Meetings held (closed) by kind, by branch and by month; the theory-education coverage;
    the attendance rate over the period's closed meetings (attended ÷ invited)."""
    lo, hi = period.bounds
    base = Meeting.objects.visible_to(user).filter(
        status=MeetingStatus.CLOSED, starts_at__gte=lo, starts_at__lt=hi
    )
    if unit is not None:
        base = base.filter(unit__in=OrgUnit.objects.filter(subtree_q(unit.path)).values("pk"))
    base = base.order_by()
    params = _params(period, unit)
    common = {"status": MeetingStatus.CLOSED, **params}
    kinds = list(MeetingKind.objects.all())
    per_kind = dict(base.values("kind_id").annotate(n=Count("pk")).values_list("kind_id", "n"))
    by_kind = [
        {
            "id": k.pk,
            "name": k.name,
            "study": k.counts_as_study,
            "count": per_kind.get(k.pk, 0),
            "link": _ledger(kind=k.pk, **common),
        }
        for k in kinds
    ]
    study_ids = [k.pk for k in kinds if k.counts_as_study]
    # By branch: a party group's meetings count for its branch.
    per_unit = list(
        base.values("unit_id", "unit__path", "kind_id").annotate(n=Count("pk")).order_by()
    )
    groups = set(
        OrgUnit.objects.filter(
            pk__in={r["unit_id"] for r in per_unit}, kind=UnitKind.PARTY_GROUP
        ).values_list("path", flat=True)
    )
    agg: dict[str, dict] = {}
    for r in per_unit:
        path = r["unit__path"][:-STEP] if r["unit__path"] in groups else r["unit__path"]
        row = agg.setdefault(path, {"total": 0, "study": 0})
        row["total"] += r["n"]
        row["study"] += r["n"] if r["kind_id"] in study_ids else 0
    known = {
        path: (pk, name)
        for path, pk, name in OrgUnit.objects.filter(path__in=list(agg)).values_list(
            "path", "pk", "name"
        )
    }
    by_unit = sorted(
        (
            {
                "unit_id": known.get(p, (None, p))[0],
                "name": known.get(p, (None, p))[1],
                "total": v["total"],
                "study": v["study"],
                "link": _ledger(**{**common, "unit": known.get(p, (None, p))[0]}),
            }
            for p, v in agg.items()
        ),
        key=lambda r: (-r["total"], r["name"]),
    )
    months = {
        (m, k): n
        for m, k, n in base.annotate(m=LocalMonth("starts_at"))
        .values("m", "kind_id")
        .annotate(n=Count("pk"))
        .values_list("m", "kind_id", "n")
    }
    by_month = []
    for month in period.months():
        key = month.strftime("%Y-%m")
        mlo = max(month, period.start)
        mhi = min(_next_month(month) - timedelta(days=1), period.end)
        by_month.append(
            {
                "month": key,
                "study": sum(months.get((key, k), 0) for k in study_ids),
                "total": sum(months.get((key, k.pk), 0) for k in kinds),
                "link": _ledger(
                    status=MeetingStatus.CLOSED,
                    start=mlo.isoformat(),
                    end=mhi.isoformat(),
                    unit=unit.pk if unit else None,
                ),
            }
        )
    att = Attendance.objects.filter(meeting__in=base.values("pk")).aggregate(
        invited=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED))
    )
    return {
        "period": {"start": period.start, "end": period.end},
        "unit": {"id": unit.pk, "name": unit.name} if unit else None,
        "held": sum(per_kind.values()),
        "held_link": _ledger(**common),
        "study_held": sum(per_kind.get(k, 0) for k in study_ids),
        "by_kind": by_kind,
        "by_unit": by_unit,
        "by_month": by_month,
        "coverage": coverage(user=user, period=period, unit=unit),
        "attendance": {
            **att,
            "rate": percent(att["attended"], att["invited"]),
            "link": reverse("meetings:members") + "?" + urlencode(params),
        },
    }


def _cache_key(name: str, user, period: Period, unit) -> str:
    scope = scope_of(user)
    person = "" if scope.everything else scope.person_id  # the whole company is the same for all
    raw = "|".join(
        str(x)
        for x in (scope.everything, scope.prefixes, person, period.start, period.end,
                  unit.pk if unit else "", sorted(participation.sources()))
    )  # fmt: skip
    return f"meetings:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def figures_cached(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    """The figures, cached for a minute per scope, period and unit."""
    return cache.get_or_set(
        _cache_key("figures", user, period, unit),
        lambda: figures(user=user, period=period, unit=unit),
        CACHE_SECONDS,
    )


def coverage_people(*, user, period: Period, unit: OrgUnit | None = None, covered: bool | None):
    """The people behind the coverage figure: covered, not covered, or all in scope."""
    people = people_in_scope(user=user, unit=unit).select_related("department")
    if covered is True:
        return people.filter(covered_q(period))
    if covered is False:
        return people.exclude(covered_q(period))
    return people


def member_rates(*, user, period: Period, unit: OrgUnit | None = None):
    """Per person: closed meetings invited to and attended in the period, and the rate (the
    person is in the user's reach; rows grouped in the database, ordered by 工号)."""
    lo, hi = period.bounds
    meetings = Meeting.objects.filter(
        status=MeetingStatus.CLOSED, starts_at__gte=lo, starts_at__lt=hi
    ).values("pk")
    people = people_in_scope(user=user, unit=unit).values("pk")
    return (
        Attendance.objects.filter(meeting__in=meetings, person__in=people)
        .values("person_id", "person__name", "person__employee_no")
        .annotate(
            invited=Count("pk"),
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            late=Count("pk", filter=Q(status=AttendanceStatus.LATE)),
            leave=Count("pk", filter=Q(status=AttendanceStatus.LEAVE)),
            absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
            makeup_done=Count("pk", filter=Q(makeup_status=MakeupStatus.DONE)),
        )
        .order_by("person__employee_no")
    )
