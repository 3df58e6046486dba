"""Reads of production figures, all through the user's scope."""

from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404

from apps.core import indicators
from apps.orgs.models import OrgUnit
from apps.orgs.scope import in_subtree

from .indicators import months_in
from .models import Figure, Measure
from .stats import pearson


def figures(user, *, unit=None, measure=None, start: date | None = None, end: date | None = None):
    qs = Figure.objects.visible_to(user).select_related("unit", "measure")
    if unit is not None:
        qs = in_subtree(qs, unit)
    if measure is not None:
        qs = qs.filter(measure=measure)
    if start:
        qs = qs.filter(month__gte=start.replace(day=1))
    if end:
        qs = qs.filter(month__lte=end)
    return qs.order_by("-month", "unit__path", "measure__order")


def unit_get(user, pk: int) -> OrgUnit:
    """A unit in the user's scope; any other is a 404."""
    return get_object_or_404(OrgUnit.objects.visible_to(user), pk=pk)


def unit_series(unit, months: list[date]) -> list[dict]:
    """Per measure, the unit's own values by month (None where not reported)."""
    got = {
        (f.measure_id, f.month): f.value for f in Figure.objects.filter(unit=unit, month__in=months)
    }
    return [
        {"measure": m, "values": [got.get((m.pk, month)) for month in months]}
        for m in Measure.objects.all()
    ]


def work_indicators(unit, start: date, end: date) -> list[dict]:
    """Every registered 量化考核 indicator for the unit and period (the party-and-masses work
    beside the figures), read through the registry: this app imports no area."""
    out = []
    for code, label in indicators.choices():
        if code.startswith("production."):
            continue
        calc = indicators.get(code)
        value = calc.fn(units=[unit], start=start, end=end)[unit.pk]
        out.append({"code": code, "label": label, "measure": calc.measure, "value": value})
    return out


def relation(user, *, indicator: str, measure: Measure, start: date, end: date):
    """Across the visible units that report `measure`: each unit's indicator value against its
    mean figure over the period, and their Pearson correlation."""
    calc = indicators.get(indicator)
    rows = (
        Figure.objects.visible_to(user)
        .filter(measure=measure, month__gte=start, month__lte=end)
        .values_list("unit_id", "value")
    )
    sums: dict[int, list] = {}
    for unit_id, value in rows:
        sums.setdefault(unit_id, []).append(float(value))
    units = list(OrgUnit.objects.filter(pk__in=sums))
    got = calc.fn(units=units, start=start, end=end) if calc and units else {}
    points = [
        (float(got[u.pk].value), sum(sums[u.pk]) / len(sums[u.pk]), u)
        for u in units
        if u.pk in got and got[u.pk].value is not None
    ]
    return points, pearson([p[0] for p in points], [p[1] for p in points])


def last_months(today: date, n: int = 12) -> list[date]:
    first = today.replace(day=1)
    start = date(first.year - (1 if first.month <= n - 1 else 0), (first.month - n) % 12 + 1, 1)
    return months_in(start, first)[-n:]


def units_with_figures(user):
    seen = Figure.objects.visible_to(user).values("unit_id")
    return OrgUnit.objects.visible_to(user).filter(Q(pk__in=seen)).order_by("path")
