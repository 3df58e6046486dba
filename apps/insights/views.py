"""驾驶舱 pages: the cockpit of a unit subtree and period, the league table (and its export),
the org map coloured by an indicator, and the big screen (数据大屏)."""

import csv
import io
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.translation import gettext as _

from apps.core import charts, indicators
from apps.core.exports import ledger_workbook
from apps.core.forms import answer_step, forbidden_page, page_step
from apps.core.lists import options, xlsx_attachment

from . import figures, selectors
from .periods import KINDS

REFRESH_SECONDS = 300
TURN_SECONDS = 15  # the big screen shows each page of cards this long


def _base(request) -> tuple[dict, object]:
    """The page's unit (404 when out of scope) and its choices; the period is read by each
    page's `build`, whose refusal `page_step` shows on the page (400)."""
    forbidden_page(selectors.allowed)(request.user)
    unit = selectors.unit_get(user=request.user, value=request.GET.get("unit"))
    ctx = {
        "unit": unit,
        "unit_options": options(
            selectors.unit_picks(user=request.user, unit=unit),
            unit.pk,
            lambda u: "\u3000" * max(0, u.depth - 1) + u.name,
        ),
        "kinds": [(k, label) for k, (_n, label) in KINDS.items()],
        "kind": request.GET.get("period") or "month",
        "at": request.GET.get("at") or "",
    }
    return ctx, unit


def _period(request) -> dict:
    period = selectors.period_get(request.GET)
    return {"kind": period.kind, "at": period.at, "period": period}


def _trend_option(cp, *, dark=False) -> dict:
    option = charts.line(
        cp.trend["labels"],
        [{"name": _("支部标准化达标率"), "data": cp.trend["values"], "links": cp.trend["links"]}],
        percent=True,
    )
    if dark:
        option["textStyle"] = {"color": "#cfd8e3"}
        option["legend"]["textStyle"] = {"color": "#cfd8e3"}
    return option


def _page(request, template: str, *, dark: bool = False, **extra):
    ctx, unit = _base(request)

    def build():
        found = _period(request)
        cp = figures.cockpit_cached(user=request.user, unit=unit, period=found["period"])
        return {**found, "cockpit": cp, "trend_option": _trend_option(cp, dark=dark)}

    return page_step(request, build=build, template=template, context={**ctx, **extra})


@login_required
def cockpit(request):
    return _page(request, "insights/cockpit.html")


@login_required
def screen(request):
    return _page(
        request, "insights/screen.html", dark=True, refresh=REFRESH_SECONDS, turn=TURN_SECONDS
    )


LEAGUE_PAGE = 100  # rows of the league table on a page


def _league(request) -> tuple[dict, Callable[[], dict]]:
    """The league's choices, and `ordered()`: its period and units in the table's order (a bad
    period refused)."""
    ctx, unit = _base(request)
    depth = "all" if request.GET.get("depth") == "all" else "children"
    sort = request.GET.get("sort", "")
    desc = request.GET.get("dir") != "asc"
    ctx.update(depth=depth, sort=sort, desc=desc, columns=figures.columns())

    def ordered() -> dict:
        found = _period(request)
        units = selectors.league_units(user=request.user, unit=unit, depth=depth)
        found["units"] = figures.league_order(
            units=units, period=found["period"], sort=sort, desc=desc
        )
        return found

    return ctx, ordered


MAP_MIN_HEIGHT, MAP_ROW = 520, 18  # px


def _nodes(nodes):
    for n in nodes:
        yield n
        yield from _nodes(n["children"])


def _map_option(request, unit, period, code) -> dict:
    """An ECharts tree of the unit and two levels below, each node coloured by the indicator
    (green good, red poor, grey empty) and linked to its records."""
    calc = indicators.get(code)
    units = selectors.map_units(user=request.user, unit=unit)
    values = figures.indicator_values(units, period, codes=[code])[code]
    known = [v.value for v in values.values() if v.value is not None]
    lo, hi = (min(known), max(known)) if known else (0, 0)

    def colour(v):
        if v is None:
            return charts.GREY
        share = (v - lo) / (hi - lo) if hi != lo else 1
        good = share if calc.direction == indicators.HIGHER else 1 - share
        return charts.GREEN if good >= 0.67 else charts.ORANGE if good >= 0.34 else charts.RED

    nodes = {}
    for u in sorted(units, key=lambda u: u.path):
        v = values.get(u.pk, indicators.Value(None))
        label = "—" if v.value is None else f"{v.value}{calc.measure}"
        nodes[u.path] = {
            "name": f"{u.name} {label}",
            "link": v.url,
            "itemStyle": {"color": colour(v.value)},
            "children": [],
        }
        step = len(u.path) // u.depth  # treebeard's fixed step per level
        parent = nodes.get(u.path[:-step]) if u.depth > unit.depth else None
        if parent is not None:
            parent["children"].append(nodes[u.path])
    return {
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "tree",
                "data": [nodes[unit.path]],
                "orient": "LR",
                "initialTreeDepth": 2,
                "label": {"position": "right", "fontSize": 12},
                "leaves": {"label": {"position": "right"}},
                "symbolSize": 12,
                "expandAndCollapse": False,
            }
        ],
    }


@login_required
def league(request):
    ctx, ordered = _league(request)
    codes = [c for c, _l in indicators.choices()]
    chosen = request.GET.get("indicator") or (codes[0] if codes else "")
    query = request.GET.copy()
    for key in ("sort", "dir", "page"):
        query.pop(key, None)
    ctx.update(
        rows=[],
        indicator=chosen,
        indicator_options=indicators.choices(),
        base_query=query.urlencode(),
    )

    def build() -> dict:
        found = ordered()
        # Sorted over every unit, read and shown a page at a time (the export has them all).
        page = Paginator(found.pop("units"), LEAGUE_PAGE).get_page(request.GET.get("page"))
        found["rows"], found["page"] = figures.league_rows(page.object_list, found["period"]), page
        if chosen in codes:
            found["map_option"] = _map_option(request, ctx["unit"], found["period"], chosen)
            # A row of the tree per leaf, so 200 workshops' labels do not print over each other.
            leaves = sum(
                1 for n in _nodes(found["map_option"]["series"][0]["data"]) if not n["children"]
            )
            found["map_height"] = max(MAP_MIN_HEIGHT, MAP_ROW * leaves)
        return found

    return page_step(request, build=build, template="insights/league.html", context=ctx)


def _columns(ctx) -> list[tuple[str, Callable]]:
    """The league's columns: the unit, then each indicator's value (empty where none)."""

    def value(i):
        return lambda r, _now: None if r["values"][i].value is None else float(r["values"][i].value)

    return [(_("单位"), lambda r, _now: r["unit"].name)] + [
        (f"{c['label']}({c['measure']})", value(i)) for i, c in enumerate(ctx["columns"])
    ]


@login_required
def league_export(request):
    ctx, ordered = _league(request)

    def build():
        found = ordered()
        found["rows"] = figures.league_rows(found["units"], found["period"])
        columns = _columns(ctx)
        name = f"{ctx['unit'].name}-{found['period'].label}-{_('单位指标排行')}"
        if request.GET.get("format") == "csv":
            out = io.StringIO()
            out.write("\ufeff")  # Excel opens UTF-8 CSV as such only with the BOM
            writer = csv.writer(out)
            writer.writerow([title for title, _fn in columns])
            writer.writerows([fn(r, None) for _title, fn in columns] for r in found["rows"])
            response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="league.csv"'
            return response
        book = ledger_workbook(found["rows"], columns=columns, sheet="league")
        return xlsx_attachment(book.read(), filename=f"{name}.xlsx", ascii_name="league.xlsx")

    return answer_step(build)
