"""Reads of the stored indicator values: every registered indicator for some units over some
periods, from the store where the refresh has put a value, computed by the calculator for the
rest (a unit made since, a period outside the refreshed window, a test's empty store)."""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from apps.core import indicators

from .models import StoredValue

# Above this many units a period's rows are read whole and picked in Python: one index range
# scan instead of a parameter per unit (the league table of every unit asks ~3,000).
MANY_UNITS = 300
_INT = re.compile(r"-?\d+")


def decode(text: str):
    """The stored text back to the calculator's number: '' None, '12' 12, '85.3' Decimal."""
    if text == "":
        return None
    return int(text) if _INT.fullmatch(text) else Decimal(text)


@dataclass
class Values:
    by_period: dict  # {(kind, start): {code: {unit id: indicators.Value}}}
    as_of: datetime | None  # the oldest stored value used; None when all were computed now

    def of(self, period) -> dict:
        return self.by_period[(period.kind, period.start)]


def stored_for(period) -> bool:
    """Whether any value of the period is stored."""
    return StoredValue.objects.filter(kind=period.kind, start=period.start).exists()


def _stored(units: list, periods: list, codes: list[str]):
    rows = StoredValue.objects.filter(code__in=codes)
    if len(units) <= MANY_UNITS:
        rows = rows.filter(unit__in=[u.pk for u in units])
    keys = {(p.kind, p.start) for p in periods}
    starts = {p.start for p in periods}
    kinds = {p.kind for p in periods}
    wanted = {u.pk for u in units}
    found: dict = {}
    oldest = None
    for kind, start, code, unit_id, value, num, den, url, at in rows.filter(
        kind__in=kinds, start__in=starts
    ).values_list(
        "kind",
        "start",
        "code",
        "unit_id",
        "value",
        "numerator",
        "denominator",
        "url",
        "computed_at",
    ):
        if (kind, start) not in keys or unit_id not in wanted:
            continue
        found.setdefault((kind, start), {}).setdefault(code, {})[unit_id] = indicators.Value(
            decode(value), decode(num), decode(den), url
        )
        oldest = at if oldest is None or at < oldest else oldest
    return found, oldest


def indicator_values(units, periods, *, codes=None) -> Values:
    """Each registered indicator (or `codes`) for the units over each period (objects with
    kind, start and end): stored where stored, else computed now for the missing units."""
    units = list(units)
    codes = list(codes) if codes is not None else [c for c, _label in indicators.choices()]
    found, oldest = _stored(units, periods, codes)
    by_period = {}
    for p in periods:
        got = found.get((p.kind, p.start), {})
        per = {}
        for code in codes:
            have = got.get(code, {})
            missing = [u for u in units if u.pk not in have]
            if missing:
                have = {**have, **indicators.get(code).fn(units=missing, start=p.start, end=p.end)}
            per[code] = have
        by_period[(p.kind, p.start)] = per
    return Values(by_period, oldest)
