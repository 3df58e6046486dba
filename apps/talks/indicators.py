"""量化考核 calculators of 谈心谈话 (apps.py imports this module to register them).

A 党支部 is measured on the department it is built on (`serves`), since its people are counted
by their department and team; every other unit on its own subtree."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.orgs.choices import EmploymentStatus
from apps.orgs.models import OrgUnit, Person

from .choices import ReportStatus
from .models import MoodReport, Talk


@dataclass(frozen=True)
class Measured:
    pk: int
    path: str


def measured(units) -> list[Measured]:
    """Each unit with the path whose people it answers for: a branch's bound department."""
    served = dict(
        OrgUnit.objects.filter(pk__in=[u.pk for u in units], serves__isnull=False).values_list(
            "pk", "serves__path"
        )
    )
    return [Measured(u.pk, served.get(u.pk, u.path)) for u in units]


def _coverage_url(unit, start, end) -> str:
    return indicators.list_url("talks:coverage", unit=unit.pk, start=start, end=end)


def coverage_sums(*, units, start: date, end: date) -> dict[int, dict]:
    """Each unit's active people (by department or team) and how many of them were talked
    with in [start, end]: one grouped query."""
    talked = Talk.objects.filter(day__gte=start, day__lte=end).values("person_id")
    rows = (
        Person.objects.filter(status=EmploymentStatus.ACTIVE)
        .order_by()
        .values("department__path", "team__path")
        .annotate(people=Count("pk"), reached=Count("pk", filter=Q(pk__in=talked)))
    )
    return indicators.roll_up(
        measured(units), rows, path=("department__path", "team__path"), keys=("people", "reached")
    )


@indicators.calculator("talks.coverage", _("谈心谈话覆盖率"), measure="%")
def coverage(*, units, start, end) -> dict[int, indicators.Value]:
    """Active people talked with at least once in the period ÷ active people."""
    sums = coverage_sums(units=units, start=start, end=end)
    return {
        u.pk: indicators.rate(
            sums[u.pk]["reached"], sums[u.pk]["people"], _coverage_url(u, start, end)
        )
        for u in units
    }


def quarters_q(start: date, end: date) -> Q:
    """Reports of the quarters that begin inside [start, end]."""
    cond = Q(pk__in=[])
    for year in range(start.year, end.year + 1):
        for quarter in range(1, 5):
            if start <= date(year, quarter * 3 - 2, 1) <= end:
                cond |= Q(year=year, quarter=quarter)
    return cond


@indicators.calculator("talks.report_quality", _("思想动态调研报告质量"), measure="分")
def report_quality(*, units, start, end) -> dict[int, indicators.Value]:
    """The average rubric score (0–100) of the scored reports of the unit's subtree for the
    quarters beginning in the period, to one decimal."""
    rows = MoodReport.objects.filter(quarters_q(start, end), status=ReportStatus.SCORED)
    sums = indicators.subtree_sums(
        units, rows, path="unit__path", measures={"n": Count("pk"), "total": Sum("score")}
    )
    out = {}
    for u in units:
        s = sums[u.pk]
        value = None
        if s["n"]:
            value = (Decimal(s["total"]) / s["n"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        url = indicators.list_url(
            "talks:reports", unit=u.pk, status=ReportStatus.SCORED, start=start, end=end
        )
        out[u.pk] = indicators.Value(value, s["total"], s["n"], url)
    return out
