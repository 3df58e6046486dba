"""Indicators the platform computes (量化考核): areas register calculators, kpi imports no area.

An area registers a calculator in its AppConfig.ready() (or decorates it with
`@indicators.calculator(...)` in its indicators.py, which ready() imports):

    from apps.core import indicators
    indicators.register(
        "suggestions.adoption_rate", _("合理化建议采纳率"),
        measure="%", direction=indicators.HIGHER, fn=adoption_rate,
    )

A calculator answers for many units in a few grouped queries (never a query per unit), counting
each unit's whole subtree; `url` is the area's own list filtered to that unit and period:

    def adoption_rate(*, units: list[OrgUnit], start: date, end: date)
            -> dict[int, indicators.Value]   # keyed by unit id
"""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import quote_plus

from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.core.figures import percent

HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Value:
    value: Decimal | None  # None: nothing to measure in the period (a rate of an empty set)
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    url: str = ""  # the records behind the value


@dataclass(frozen=True)
class Calculator:
    code: str
    label: str
    measure: str  # "%", "元", "分" …
    direction: str  # HIGHER or LOWER is better
    fn: Callable[..., dict[int, Value]]


_calculators: dict[str, Calculator] = {}


def register(code: str, label, *, measure: str, direction: str, fn) -> None:
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"indicator {code}: direction must be {HIGHER!r} or {LOWER!r}")
    _calculators[code] = Calculator(code, label, measure, direction, fn)


def calculator(code: str, label, *, measure: str, direction: str = HIGHER):
    """register() as a decorator on the calculator function."""

    def wrap(fn):
        register(code, label, measure=measure, direction=direction, fn=fn)
        return fn

    return wrap


def get(code: str) -> Calculator | None:
    return _calculators.get(code)


def choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in _calculators.values()]


# --- helpers every calculator shares ---------------------------------------------------------


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period [start, end] (days, end inclusive) as aware datetimes [lo, hi)."""
    lo = timezone.make_aware(datetime.combine(start, time.min))
    return lo, timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))


def subtree_sums(units: Iterable, qs: QuerySet, *, path: str, measures: dict) -> dict[int, dict]:
    """Each unit's sums of `measures` (aggregates) over the rows of `qs` in its subtree, where
    `path` is the rows' unit path (e.g. "target_unit__path"): one grouped query for all units."""
    rows = qs.order_by().values(path).annotate(**measures)
    return roll_up(units, rows, path=path, keys=tuple(measures))


def roll_up(units: Iterable, rows: Iterable[dict], *, path, keys) -> dict[int, dict]:
    """Each unit's sums of `keys` over the rows (dicts) in its subtree. `path` names the row's
    unit path, or a tuple of them: a row lies in the subtree when any of its paths does (a
    person by department, team or party branch), and counts once."""
    fields = (path,) if isinstance(path, str) else tuple(path)
    rows = list(rows)
    # Per path field, the row indexes sorted by that path: a subtree is one sorted run.
    runs = []
    for field in fields:
        order = sorted((r[field], i) for i, r in enumerate(rows) if r[field])
        runs.append(([p for p, _ in order], [i for _, i in order]))
    out = {}
    for unit in units:
        hit: set[int] = set()
        for paths, index in runs:
            lo, hi = bisect_left(paths, unit.path), bisect_left(paths, unit.path + "~")
            hit.update(index[lo:hi])
        out[unit.pk] = {key: sum(rows[i][key] or 0 for i in hit) for key in keys}
    return out


def rate(part, whole, url: str = "") -> Value:
    """part ÷ whole in % by the one percentage rule (apps.core.figures.percent)."""
    pct = percent(part, whole)
    return Value(None if pct is None else Decimal(str(pct)), part, whole, url)


def register_rate(code: str, label, *, sums, part: str, whole: str, url, direction=HIGHER):
    """Register a rate (%) of two measures: sums(units=, start=, end=) gives each unit's
    subtree_sums(), url(unit, start, end) the records behind a unit's rate."""

    def fn(*, units, start, end) -> dict[int, Value]:
        got = sums(units=units, start=start, end=end)
        return {u.pk: rate(got[u.pk][part], got[u.pk][whole], url(u, start, end)) for u in units}

    register(code, label, measure="%", direction=direction, fn=fn)


_list_paths: dict[str, str] = {}


def _list_path(name: str) -> str:
    """reverse(name) of an argument-free list page, remembered (a league table asks it for every
    unit × calculator, thousands of times a request); forgotten when the URL conf changes."""
    found = _list_paths.get(name)
    if found is None:
        found = _list_paths[name] = reverse(name)
    return found


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _list_paths.clear()


_PLAIN = re.compile(r"[A-Za-z0-9_.\-]*")


def _query(query: dict) -> str:
    """urlencode() for the usual filters (ids, dates, codes) without quoting what needs none."""
    if any(isinstance(v, list | tuple) for v in query.values()):
        return urlencode(query, doseq=True)
    parts = []
    for key, value in query.items():
        text = str(value)
        parts.append(f"{quote_plus(key)}={text if _PLAIN.fullmatch(text) else quote_plus(text)}")
    return "&".join(parts)


def list_url(name: str, **params) -> str:
    """An area's list page with its filters (empty ones left out)."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return _list_path(name) + ("?" + _query(query) if query else "")
