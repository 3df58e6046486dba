"""Reads on hazards and inspections: always through visible_to(user); out of scope is 404."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.core.db import LocalMonth
from apps.core.figures import percent
from apps.core.models import Attachment
from apps.core.scope import scope_of, subtree_q
from apps.core.selectors import files_of, get_or_not_found
from apps.core.timeline import timeline_rows
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit

from .choices import FOUND_STATUSES, OPEN_STATUSES, HazardLevel, HazardStatus
from .filters import day_start
from .models import Hazard, HazardEvent, Inspection
from .permissions import hazard_reach

STEP = OrgUnit.steplen


def hazard_list(*, user):
    return Hazard.objects.visible_to(user).select_related(
        "unit", "owner_unit", "owner_person", "reporter", "inspection"
    )


def hazard_get(*, user, pk: int) -> Hazard:
    return get_or_not_found(hazard_list(user=user), pk)


def my_reports(*, user):
    """The hazards the user reported (随手拍)."""
    cond = Q(reported_by=user)
    if user.person_id:
        cond |= Q(reporter_id=user.person_id)
    return hazard_list(user=user).filter(cond)


def my_assignments(*, user):
    """Hazards the user is named to rectify and has not yet submitted."""
    if not user.person_id:
        return Hazard.objects.none()
    return hazard_list(user=user).filter(
        owner_person_id=user.person_id, status=HazardStatus.RECTIFYING
    )


def status_counts(qs, *, now=None) -> dict[str, int]:
    """Rows per status, plus open and overdue, in one query."""
    now = now or timezone.now()
    counts = qs.order_by().aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in HazardStatus.values},
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count(
            "pk",
            filter=Q(status__in=(HazardStatus.RECTIFYING, HazardStatus.SUBMITTED), due_at__lt=now),
        ),
    )
    counts["total"] = sum(counts[s] for s in HazardStatus.values)
    return counts


def unit_choices(*, user, teams_under: OrgUnit | None = None):
    """Companies and departments the user reaches by role or as the safety unit (for filters
    and forms), plus the teams of one department when asked."""
    scope = scope_of(user)
    reach = hazard_reach(user)
    qs = OrgUnit.objects.alive().select_related(None).only("pk", "name", "depth", "path", "kind")
    kinds = Q(kind__in=[UnitKind.COMPANY, UnitKind.DEPARTMENT])
    if teams_under is not None:
        kinds |= Q(kind=UnitKind.TEAM) & subtree_q(teams_under.path)
    qs = qs.filter(kinds)
    if scope.everything or reach.everything:
        return qs
    cond = Q(pk__in=[])
    for prefix in (*scope.prefixes, *reach.prefixes):
        cond |= subtree_q(prefix)
    return qs.filter(cond)


def photos_of(record) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(record.__class__), owner_id=record.pk
        ).order_by("pk")
    )


def timeline(*, hazard: Hazard) -> list[dict]:
    """Every step of the hazard (its `photos`: the after-photos of a rectification), with the
    supervision pass's reminders and escalations logged on it, in time order."""
    events = list(HazardEvent.objects.filter(hazard=hazard))
    photos = files_of(HazardEvent, [e.pk for e in events])
    for e in events:
        e.photos = photos.get(e.pk, [])
    return timeline_rows(hazard, events=events, edits=False)


# --- inspections ------------------------------------------------------------------------------


def inspection_list(*, user):
    return Inspection.objects.visible_to(user).select_related("organizer")


def inspection_get(*, user, pk: int) -> Inspection:
    return get_or_not_found(inspection_list(user=user), pk)


def inspection_finding_counts(*, user, ids) -> dict[int, dict[str, int]]:
    """Findings per inspection (total, open, rectified) the user may see, in one query."""
    rows = (
        hazard_list(user=user)
        .filter(inspection_id__in=list(ids))
        .order_by()
        .values("inspection_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            rectified=Count("pk", filter=Q(status=HazardStatus.RECTIFIED)),
        )
    )
    return {r["inspection_id"]: r for r in rows}


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self):
        return day_start(self.start), day_start(self.end + timedelta(days=1))

    def months(self) -> list[date]:
        out, cur = [], self.start.replace(day=1)
        while cur <= self.end:
            out.append(cur)
            cur = (cur + timedelta(days=32)).replace(day=1)
        return out


def default_period(today: date | None = None) -> Period:
    """The twelve months up to and including this one."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    start = (first - timedelta(days=1)).replace(day=1)
    for _i in range(10):
        start = (start - timedelta(days=1)).replace(day=1)
    return Period(start, today)


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _ledger(**params) -> str:
    query = []
    for key, value in params.items():
        if value in (None, ""):
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            query.append((key, v))
    return reverse("hazards:list") + ("?" + urlencode(query) if query else "")


def figures(*, user, period: Period, unit: OrgUnit | None = None, now=None) -> dict:
    """Found, rectified, rectified on time, open 重大 hazards, by unit and by month: grouped
    queries in the database. Found counts reports in the period less those rejected as not a
    hazard; rectified counts verifications in the period; on time means verified by the
    deadline."""
    now = now or timezone.now()
    base = Hazard.objects.visible_to(user).order_by()
    if unit is not None:
        base = base.filter(subtree_q(unit.path, field="unit__path"))
    lo, hi = period.bounds
    found_q = Q(reported_at__gte=lo, reported_at__lt=hi, status__in=FOUND_STATUSES)
    rect_q = Q(rectified_at__gte=lo, rectified_at__lt=hi, status=HazardStatus.RECTIFIED)
    on_time_q = rect_q & Q(rectified_at__lte=F("due_at"))
    open_major_q = Q(status__in=OPEN_STATUSES, level=HazardLevel.MAJOR)
    measures = {
        "found": Count("pk", filter=found_q),
        "rectified": Count("pk", filter=rect_q),
        "on_time": Count("pk", filter=on_time_q),
        "open_major": Count("pk", filter=open_major_q),
    }
    unit_id = unit.pk if unit else None
    dates = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    rdates = {"rectified_start": dates["start"], "rectified_end": dates["end"]}
    links = {
        "found": _ledger(unit=unit_id, state="found", **dates),
        "rectified": _ledger(unit=unit_id, status=HazardStatus.RECTIFIED, **rdates),
        "on_time": _ledger(unit=unit_id, state="on_time", **rdates),
        "open_major": _ledger(unit=unit_id, state="open", level=HazardLevel.MAJOR),
        "open": _ledger(unit=unit_id, state="open"),
        "overdue": _ledger(unit=unit_id, state="overdue"),
    }

    # By unit: the units one level below the chosen one (below the roots when none is chosen).
    length = (unit.depth + 1) * STEP if unit is not None else 2 * STEP
    open_q = Q(status__in=OPEN_STATUSES)
    overdue_q = Q(status__in=(HazardStatus.RECTIFYING, HazardStatus.SUBMITTED), due_at__lt=now)
    rows = list(
        base.filter(found_q | rect_q | open_q)
        .annotate(branch=Substr("unit__path", 1, length))
        .values("branch")
        .annotate(
            **measures, open=Count("pk", filter=open_q), overdue=Count("pk", filter=overdue_q)
        )
        .order_by("branch")
    )
    # The totals are the sums of the unit rows: one scan of the table for both.
    totals = {key: sum(r[key] for r in rows) for key in (*measures, "open", "overdue")}
    totals["on_time_rate"] = percent(totals["on_time"], totals["rectified"])
    known = {
        path: (pk, name)
        for path, pk, name in OrgUnit.objects.filter(
            path__in=[r["branch"] for r in rows]
        ).values_list("path", "pk", "name")
    }
    by_unit = []
    for r in rows:
        if not (r["found"] or r["rectified"] or r["open_major"]):
            continue
        pk, name = known.get(r["branch"], (None, r["branch"]))
        by_unit.append(
            {
                "unit_id": pk,
                "name": name,
                "found": r["found"],
                "rectified": r["rectified"],
                "on_time": r["on_time"],
                "on_time_rate": percent(r["on_time"], r["rectified"]),
                "open_major": r["open_major"],
                "links": {
                    "found": _ledger(unit=pk, state="found", **dates),
                    "rectified": _ledger(unit=pk, status=HazardStatus.RECTIFIED, **rdates),
                    "on_time": _ledger(unit=pk, state="on_time", **rdates),
                    "open_major": _ledger(unit=pk, state="open", level=HazardLevel.MAJOR),
                },
            }
        )
    by_unit.sort(key=lambda r: (-r["found"], r["name"]))

    # By month: found by the month reported, rectified by the month verified (local months).
    found_m = dict(
        base.filter(found_q)
        .annotate(m=LocalMonth("reported_at"))
        .values("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    rect_m = {
        m: (n, t)
        for m, n, t in base.filter(rect_q)
        .annotate(m=LocalMonth("rectified_at"))
        .values("m")
        .annotate(n=Count("pk"), t=Count("pk", filter=Q(rectified_at__lte=F("due_at"))))
        .values_list("m", "n", "t")
    }
    by_month = []
    for month in period.months():
        key = month.strftime("%Y-%m")
        lo_day, hi_day = max(month, period.start), min(_month_end(month), period.end)
        mdates = {"start": lo_day.isoformat(), "end": hi_day.isoformat()}
        mr = {"rectified_start": mdates["start"], "rectified_end": mdates["end"]}
        n, t = rect_m.get(key, (0, 0))
        by_month.append(
            {
                "month": key,
                "found": found_m.get(key, 0),
                "rectified": n,
                "on_time": t,
                "links": {
                    "found": _ledger(unit=unit_id, state="found", **mdates),
                    "rectified": _ledger(unit=unit_id, status=HazardStatus.RECTIFIED, **mr),
                },
            }
        )

    open_rows = dict(
        base.filter(status__in=OPEN_STATUSES)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    open_by_level = [
        {
            "level": value,
            "label": str(label),
            "count": open_rows.get(value, 0),
            "link": _ledger(unit=unit_id, state="open", level=value),
        }
        for value, label in HazardLevel.choices
    ]
    return {
        "period": {"start": period.start, "end": period.end},
        "unit": {"id": unit.pk, "name": unit.name} if unit else None,
        "totals": totals,
        "links": links,
        "by_unit": by_unit,
        "by_month": by_month,
        "open_by_level": open_by_level,
    }


def organizer_choices(*, user):
    """Units on whose behalf the user plans inspections: those they hold a safety-managing
    role on (a safety department, the union, the company)."""
    from .permissions import managing_units

    qs = OrgUnit.objects.alive().filter(pk__in=managing_units(user))
    if user.is_superuser and not qs.exists():
        return OrgUnit.objects.alive().filter(depth=1)
    return qs


FIGURES_CACHE_SECONDS = 60


def figures_cached(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    """The figures, cached for a minute per scope, period and unit: the page and the API ask
    for the whole company's year at once, and a minute-old figure is good enough there."""
    import hashlib

    from django.core.cache import cache

    scope, reach = scope_of(user), hazard_reach(user)
    key = "|".join(
        str(x)
        for x in (
            scope.everything,
            scope.prefixes,
            scope.person_id,
            reach.everything,
            reach.prefixes,
            period.start,
            period.end,
            unit.pk if unit else "",
        )
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return cache.get_or_set(
        f"hazards:figures:{digest}",
        lambda: figures(user=user, period=period, unit=unit),
        FIGURES_CACHE_SECONDS,
    )
