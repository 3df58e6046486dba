"""Demo production figures: two years of months per department (the second year compares with
the first), each department with its own scale, trend and seasonal swing."""

import math
from datetime import date
from decimal import Decimal

from apps.orgs.choices import UnitKind

from .indicators import months_in
from .models import Figure, Measure

MONTHS = 24


def _value(code: str, rng, scale: float, trend: float, i: int) -> Decimal:
    season = 1 + 0.06 * math.sin(i / 12 * 2 * math.pi)
    grow = 1 + trend * i / 12
    if code == "output":  # 吨
        return Decimal(round(scale * 1200 * season * grow * rng.uniform(0.95, 1.05), 1))
    if code == "unit_cost":  # 元/吨: falls as the trend improves
        return Decimal(round(scale * 860 / grow * rng.uniform(0.97, 1.03), 2))
    if code == "pass_rate":  # %
        return Decimal(round(min(99.9, 96.5 + trend * 4 * i / 12 + rng.uniform(-0.8, 0.8)), 2))
    if code == "accidents":  # 起
        return Decimal(rng.choices((0, 0, 0, 0, 0, 1, 1, 2), k=1)[0] if trend < 0.05 else 0)
    return Decimal(round(scale * 35 * season * grow * rng.uniform(0.8, 1.2), 1))  # 万元


def seed(*, rng, company_root, people, units, now, count: int) -> dict:
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    last = now.date().replace(day=1)
    first = date(last.year - 2, last.month, 1)
    months = months_in(first, last)[-MONTHS:]
    measures = list(Measure.objects.all())
    rows = []
    for unit in departments:
        scale, trend = rng.uniform(0.4, 2.5), rng.uniform(-0.04, 0.12)
        for i, month in enumerate(months):
            for m in measures:
                value = _value(m.code, rng, scale, trend, i)
                rows.append(Figure(unit=unit, month=month, measure=m, value=value))
    Figure.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return {"figures": len(rows)}
