"""Every figure of the cockpit, the league table and the monthly brief, computed in one place.

A figure is never counted here: it is a registered indicator (apps.core.indicators, the
calculator the area wrote, with `url` to its records) or the count of an area's own ledger
(its FilterSet over its selector, the same query its list page runs, which is also the link).
An indicator registered later appears without code here, grouped by its code's prefix."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.apps import apps as django_apps
from django.core.cache import cache
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.appeals.filters import AppealFilter
from apps.appeals.selectors import appeal_list
from apps.core import indicators
from apps.hazards.filters import HazardFilter
from apps.hazards.selectors import hazard_list
from apps.kpi.choices import Grade, PeriodStatus
from apps.kpi.filters import ScorecardFilter
from apps.kpi.models import Period as KpiPeriod
from apps.kpi.selectors import scorecard_list
from apps.meetings.choices import MeetingStatus
from apps.meetings.filters import MeetingFilter
from apps.meetings.selectors import meeting_list
from apps.orgs.scope import in_subtree, roles_of
from apps.projects.filters import ProjectFilter
from apps.projects.selectors import project_list
from apps.rollups import selectors as stored
from apps.supervision.filters import ItemFilter
from apps.supervision.models import SupervisedItem
from apps.supervision.selectors import item_list, state_q

from .periods import Period

# Areas in the order of the speech; an area registered later follows them.
AREA_ORDER = (
    "meetings",
    "learning",
    "standards",
    "appeals",
    "suggestions",
    "hazards",
    "collab",
    "projects",
    "kpi",
    "talks",
    "surveys",
    "production",
    "supervision",
)
CACHE_SECONDS = 60
TREND = "standards.pass_rate"  # the figure drawn over the last periods
LISTED = 10


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    measure: str
    direction: str
    value: object
    numerator: object = None
    denominator: object = None
    url: str = ""
    previous: object = None  # 环比: the period before
    year_ago: object = None  # 同比: the same period a year before

    @property
    def area(self) -> str:
        return self.code.split(".", 1)[0]

    @staticmethod
    def _diff(a, b):
        return a - b if a is not None and b is not None else None

    @property
    def change(self):
        return self._diff(self.value, self.previous)

    @property
    def yoy(self):
        return self._diff(self.value, self.year_ago)


def area_label(area: str) -> str:
    try:
        return str(django_apps.get_app_config(area).verbose_name)
    except LookupError:
        return area


def area_key(area: str):
    return (AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER), area)


# --- registered indicators -------------------------------------------------------------------


def indicator_values(
    units, period: Period, *, codes=None
) -> dict[str, dict[int, indicators.Value]]:
    """Every registered indicator (or `codes`) for the units over the period:
    {code: {unit id: Value}}, stored or computed (apps.rollups)."""
    return stored.indicator_values(units, [period], codes=codes).of(period)


def indicator_figures(unit, period: Period, *, year_ago: bool = True) -> list[Figure]:
    """One figure per registered indicator for the unit, with 环比 (and 同比): the stored
    values of the three periods in one read (apps.rollups), computed where none is stored."""
    return _indicator_figures(unit, period, year_ago=year_ago)[0]


def _indicator_figures(unit, period: Period, *, year_ago: bool = True):
    """indicator_figures() and when the oldest stored value used was computed (None: now)."""
    empty = indicators.Value(None)
    periods = [period, period.previous()] + ([period.year_before()] if year_ago else [])
    got = stored.indicator_values([unit], periods)
    now, before = got.of(period), got.of(period.previous())
    ago = got.of(period.year_before()) if year_ago else {}
    out = []
    for code, label in indicators.choices():
        calc = indicators.get(code)
        v = now[code].get(unit.pk, empty)
        out.append(
            Figure(
                code,
                str(label),
                calc.measure,
                calc.direction,
                v.value,
                v.numerator,
                v.denominator,
                v.url,
                before[code].get(unit.pk, empty).value,
                ago.get(code, {}).get(unit.pk, empty).value,
            )
        )
    return out, got.as_of


# --- counts of the areas' ledgers ------------------------------------------------------------


@dataclass(frozen=True)
class Ledger:
    """A count the cockpit shows: the rows of an area's list page under these filters."""

    code: str
    label: str
    url_name: str
    filterset: type
    rows: object  # the area's selector rows(user=...)
    params: object  # params(unit, period) -> the list page's query
    direction: str = indicators.HIGHER
    standing: bool = False  # a count of now, not of a period: no 同比/环比


LEDGERS = (
    Ledger(
        "meetings.held",
        _("召开组织生活会议"),
        "meetings:list",
        MeetingFilter,
        meeting_list,
        lambda u, p: {"status": MeetingStatus.CLOSED, "start": p.start, "end": p.end, "unit": u.pk},
    ),
    Ledger(
        "appeals.received",
        _("受理诉求"),
        "appeals:list",
        AppealFilter,
        appeal_list,
        lambda u, p: {"unit": u.pk, "received_from": p.start, "received_to": p.end},
    ),
    Ledger(
        "hazards.found",
        _("排查发现隐患"),
        "hazards:list",
        HazardFilter,
        hazard_list,
        lambda u, p: {"unit": u.pk, "state": "found", "start": p.start, "end": p.end},
    ),
    Ledger(
        "hazards.major_open",
        _("未整改重大隐患"),
        "hazards:list",
        HazardFilter,
        hazard_list,
        lambda u, p: {"unit": u.pk, "state": "open", "level": "major"},
        direction=indicators.LOWER,
        standing=True,
    ),
    Ledger(
        "projects.overdue",
        _("里程碑逾期的项目"),
        "projects:list",
        ProjectFilter,
        project_list,
        lambda u, p: {"lead_unit": u.pk, "overdue": "true"},
        direction=indicators.LOWER,
        standing=True,
    ),
    Ledger(
        "supervision.overdue",
        _("逾期督办事项"),
        "supervision:list",
        ItemFilter,
        item_list,
        lambda u, p: {"unit": u.pk, "state": "overdue"},
        direction=indicators.LOWER,
        standing=True,
    ),
)


def _query(params: dict) -> QueryDict:
    q = QueryDict(mutable=True)
    for k, v in params.items():
        q[k] = str(v)
    return q


def ledger_count(ledger: Ledger, *, user, unit, period: Period) -> tuple[int, str]:
    """The count of the ledger's rows the user sees, and the ledger's link."""
    params = ledger.params(unit, period)
    rows = ledger.filterset(_query(params), queryset=ledger.rows(user=user), request=None).qs
    return rows.count(), indicators.list_url(ledger.url_name, **params)


def ledger_figures(*, user, unit, period: Period) -> list[Figure]:
    out = []
    for ledger in LEDGERS:
        n, url = ledger_count(ledger, user=user, unit=unit, period=period)
        previous = year_ago = None
        if not ledger.standing:
            previous = ledger_count(ledger, user=user, unit=unit, period=period.previous())[0]
            year_ago = ledger_count(ledger, user=user, unit=unit, period=period.year_before())[0]
        out.append(
            Figure(
                ledger.code,
                str(ledger.label),
                "件",
                ledger.direction,
                n,
                None,
                None,
                url,
                previous,
                year_ago,
            )
        )
    return out


def grade_figures(*, user, unit, period: Period) -> list[Figure]:
    """The assessment grades (量化考核) of the latest 公示 or locked kpi period ending by the
    period's end: the scorecard ledger's count per grade."""
    kp = (
        KpiPeriod.objects.filter(
            status__in=(PeriodStatus.PUBLIC, PeriodStatus.LOCKED), end__lte=period.end
        )
        .order_by("-end", "-pk")
        .first()
    )
    if kp is None:
        return []
    out = []
    for grade, label in Grade.choices:
        ledger = Ledger(
            f"kpi.grade_{grade}",
            _("考核等次:%(g)s") % {"g": label},
            "kpi:list",
            ScorecardFilter,
            scorecard_list,
            lambda u, p, g=grade: {"period": kp.pk, "unit": u.pk, "grade": g},
            standing=True,
        )
        n, url = ledger_count(ledger, user=user, unit=unit, period=period)
        out.append(Figure(ledger.code, str(ledger.label), "个", ledger.direction, n, url=url))
    return out


# --- 督办 -------------------------------------------------------------------------------------


def stuck_items(*, user, unit):
    """The unit's overdue 督办 items and the open ones escalated, most urgent first."""
    items = in_subtree(item_list(user=user), unit, "owner_unit")
    # Open first, then either: the open items' (closed_at, due_at) index, read in due order,
    # stops at the first few; an OR of two whole states sorted every open item of the company.
    return items.filter(
        state_q("open") & (state_q("overdue") | Q(level__gte=SupervisedItem.Level.ESCALATED))
    ).order_by("due_at")


# --- the cockpit ------------------------------------------------------------------------------


@dataclass
class Cockpit:
    unit_id: int
    unit_name: str
    period: Period
    groups: list[dict] = field(default_factory=list)
    trend: dict = field(default_factory=dict)
    stuck: list[dict] = field(default_factory=list)
    as_of: datetime | None = None  # the oldest stored indicator value shown (None: computed now)

    def figures(self) -> list[Figure]:
        return [f for g in self.groups for f in g["figures"]]


def _scope_key(user) -> str:
    """Who sees what: the user's grants (role, unit path), not the user. Users holding the same
    roles on the same units share cached figures; anyone else never gets them."""
    grants = sorted((g.role, g.path) for g in roles_of(user))
    return hashlib.sha256(repr((user.is_superuser, grants)).encode()).hexdigest()[:32]


def cockpit(*, user, unit, period: Period) -> Cockpit:
    figs, as_of = _indicator_figures(unit, period)
    figs += ledger_figures(user=user, unit=unit, period=period)
    figs += grade_figures(user=user, unit=unit, period=period)
    by_area: dict[str, list[Figure]] = {}
    for f in figs:
        by_area.setdefault(f.area, []).append(f)
    groups = [
        {"area": a, "label": area_label(a), "figures": by_area[a]}
        for a in sorted(by_area, key=area_key)
    ]
    trend = []
    if indicators.get(TREND):
        periods = period.trend()
        got = stored.indicator_values([unit], periods, codes=[TREND])
        trend = [(p, got.of(p)[TREND].get(unit.pk, indicators.Value(None))) for p in periods]
    stuck = [
        {
            "title": i.title,
            "unit": i.owner_unit.name,
            "due_at": i.due_at,
            "level": i.get_level_display(),
            "url": reverse("supervision:detail", args=[i.pk]),
        }
        for i in stuck_items(user=user, unit=unit)[:LISTED]
    ]
    return Cockpit(
        unit.pk,
        unit.name,
        period,
        groups,
        {
            "labels": [p.label for p, _v in trend],
            "values": [None if v.value is None else float(v.value) for _p, v in trend],
            "links": [v.url for _p, v in trend],
        },
        stuck,
        as_of,
    )


def cockpit_cached(*, user, unit, period: Period) -> Cockpit:
    """The cockpit, cached a minute per (scope, unit subtree, period)."""
    key = f"insights:cockpit:{_scope_key(user)}:{unit.pk}:{period.kind}:{period.start}"
    return cache.get_or_set(
        key, lambda: cockpit(user=user, unit=unit, period=period), CACHE_SECONDS
    )


# --- the league table and the map -------------------------------------------------------------


def columns() -> list[dict]:
    return [
        {"code": c, "label": str(label), "measure": indicators.get(c).measure}
        for c, label in indicators.choices()
    ]


def league_order(*, units, period: Period, sort: str = "", desc: bool = True) -> list:
    """The units in the table's order: by the `sort` indicator's stored values (empty values
    last), else as given. Only that indicator is read, so a page can then read its own rows."""
    if sort not in [c["code"] for c in columns()]:
        return list(units)
    values = indicator_values(units, period, codes=[sort])[sort]
    with_value = [u for u in units if values.get(u.pk, indicators.Value(None)).value is not None]
    with_value.sort(key=lambda u: Decimal(values[u.pk].value), reverse=desc)
    without = [u for u in units if values.get(u.pk, indicators.Value(None)).value is None]
    return with_value + without


def league_rows(units, period: Period) -> list[dict]:
    """Each unit's value of every registered indicator, in the order given."""
    values = indicator_values(units, period)
    codes = [c["code"] for c in columns()]
    empty = indicators.Value(None)
    return [{"unit": u, "values": [values[c].get(u.pk, empty) for c in codes]} for u in units]


def league(*, units, period: Period, sort: str = "", desc: bool = True) -> list[dict]:
    """The whole table (the export and the API): every unit's row, sorted by `sort`."""
    return league_rows(league_order(units=units, period=period, sort=sort, desc=desc), period)
