"""The figures: meetings held, theory-education coverage (over every registered participation
source), attendance per meeting and member. Grouped queries; each figure links to its records."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from apps.core import participation
from apps.core.db import LocalMonth
from apps.core.figures import percent
from apps.core.scope import subtree_q
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person
from apps.orgs.scope import in_subtree

from .choices import ATTENDED, AttendanceStatus, MakeupStatus, MeetingStatus
from .models import Attendance, Meeting, MeetingKind
from .selectors import CACHE_SECONDS, STEP, Period, _next_month, cache_key


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
        base = in_subtree(base, unit)
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


def figures_cached(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    """The figures, cached for a minute per scope, period and unit."""
    return cache.get_or_set(
        cache_key("figures", user, period, unit),
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
