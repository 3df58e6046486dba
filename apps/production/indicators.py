"""量化考核 calculator 对关键生产指标的贡献度 (the rule: docs/production-contribution.md)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .models import HIGHER, Figure, Measure


def months_in(start: date, end: date) -> list[date]:
    out, m = [], start.replace(day=1)
    while m <= end:
        out.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def year_before(month: date) -> date:
    return month.replace(year=month.year - 1)


@indicators.calculator("production.contribution", _("对关键生产指标的贡献度"), measure="%")
def contribution(*, units, start, end) -> dict[int, indicators.Value]:
    """Per unit subtree: the weighted share of comparisons (a unit's measure in a month of the
    period against the same month a year before; a target of a project accepted in the period
    that is named as the measure, against its value at acceptance) in which the measure
    improved."""
    months = months_in(start, end)
    wanted = set(months) | {year_before(m) for m in months}
    rows = Figure.objects.filter(month__in=wanted, measure__weight__gt=0).values_list(
        "unit__path",
        "unit_id",
        "month",
        "value",
        "measure__direction",
        "measure__weight",
        "measure_id",
    )
    values = {}
    meta = {}
    for path, unit_id, month, value, direction, weight, measure_id in rows:
        values[(unit_id, measure_id, month)] = value
        meta[(unit_id, measure_id)] = (path, direction, weight)
    # Each unit's (improved weight, compared weight), by unit path for the subtree roll-up.
    per_unit = defaultdict(lambda: {"improved": Decimal(0), "compared": Decimal(0)})
    for (unit_id, measure_id), (path, direction, weight) in meta.items():
        for m in months:
            now, before = (
                values.get((unit_id, measure_id, m)),
                values.get((unit_id, measure_id, year_before(m))),
            )
            if now is None or before is None:
                continue
            better = now > before if direction == HIGHER else now < before
            row = per_unit[path]
            row["compared"] += weight
            row["improved"] += weight if better else 0
    sums = indicators.roll_up(
        units,
        [{"path": p, **v} for p, v in per_unit.items()],
        path="path",
        keys=("improved", "compared"),
    )
    _add_project_targets(sums, units=units, start=start, end=end)
    return {
        u.pk: indicators.rate(
            sums[u.pk]["improved"],
            sums[u.pk]["compared"],
            reverse("production:unit", args=[u.pk]),
        )
        for u in units
    }


def _add_project_targets(sums: dict, *, units, start, end) -> None:
    """The projects tied to a production measure (a target named as the measure, e.g. 单位成本)
    and accepted in the period count as comparisons of that measure's weight: improved when
    the value found at acceptance meets the target. Read through the indicator registry
    (`projects.targets_met`): production and projects are siblings that import neither."""
    projects = indicators.get("projects.targets_met")
    if projects is None:
        return
    for name, weight in Measure.objects.filter(weight__gt=0).values_list("name", "weight"):
        got = projects.fn(units=units, start=start, end=end, names=[name])
        for u in units:
            sums[u.pk]["improved"] += weight * (got[u.pk].numerator or 0)
            sums[u.pk]["compared"] += weight * (got[u.pk].denominator or 0)
