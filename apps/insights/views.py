"""驾驶舱 pages: the cockpit of a unit subtree and period, the league table (and its export),
the org map coloured by an indicator, and the big screen (数据大屏)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from apps.core import charts, indicators
from apps.core.errors import DomainError, Forbidden
from apps.core.lists import options, xlsx_attachment

from . import figures, selectors
from .periods import KINDS

REFRESH_SECONDS = 300


def _base(request) -> tuple[dict, object, object]:
    """The unit (404 when out of scope) and the period (a refusal shown on the page, 400)."""
    try:
        selectors.allowed(request.user)
    except Forbidden as e:
        raise PermissionDenied(str(e.message)) from e
    unit = selectors.unit_get(user=request.user, value=request.GET.get("unit"))
    ctx = {
        "unit": unit,
        "unit_options": options(
            selectors.unit_choices(user=request.user),
            unit.pk,
            lambda u: "\u3000" * max(0, u.depth - 1) + u.name,
        ),
        "kinds": [(k, label) for k, (_n, label) in KINDS.items()],
        "kind": request.GET.get("period") or "month",
        "at": request.GET.get("at") or "",
    }
    try:
        period = selectors.period_get(request.GET)
    except DomainError as e:
        ctx["error"] = e.message
        return ctx, unit, None
    ctx.update(kind=period.kind, at=period.at, period=period)
    return ctx, unit, period


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
    ctx, unit, period = _base(request)
    if period is not None:
        cp = figures.cockpit_cached(user=request.user, unit=unit, period=period)
        ctx.update(cockpit=cp, trend_option=_trend_option(cp, dark=dark))
    return render(request, template, {**ctx, **extra}, status=400 if period is None else 200)


@login_required
def cockpit(request):
    return _page(request, "insights/cockpit.html")


@login_required
def screen(request):
    return _page(request, "insights/screen.html", dark=True, refresh=REFRESH_SECONDS)


LEAGUE_PAGE = 100  # rows of the league table on a page


def _league(request):
    ctx, unit, period = _base(request)
    depth = "all" if request.GET.get("depth") == "all" else "children"
    sort = request.GET.get("sort", "")
    desc = request.GET.get("dir") != "asc"
    ctx.update(depth=depth, sort=sort, desc=desc, columns=figures.columns())
    if period is None:
        return ctx, None
    units = selectors.league_units(user=request.user, unit=unit, depth=depth)
    rows = figures.league_cached(
        user=request.user, unit=unit, units=units, period=period, sort=sort, desc=desc, depth=depth
    )
    return ctx, rows


def _map_option(request, unit, period, code) -> dict:
    """An ECharts tree of the unit and two levels below, each node coloured by the indicator
    (green good, red poor, grey empty) and linked to its records."""
    calc = indicators.get(code)
    units = selectors.map_units(user=request.user, unit=unit)
    values = calc.fn(units=units, start=period.start, end=period.end)
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
    ctx, rows = _league(request)
    status = 400 if rows is None else 200
    # Sorted over every unit, shown a page at a time (the export has them all).
    page = Paginator(rows or [], LEAGUE_PAGE).get_page(request.GET.get("page"))
    ctx["rows"], ctx["page"] = page.object_list, page
    codes = [c for c, _l in indicators.choices()]
    chosen = request.GET.get("indicator") or (codes[0] if codes else "")
    if rows is not None and chosen in codes:
        ctx["map_option"] = _map_option(request, ctx["unit"], ctx["period"], chosen)
    ctx["indicator"] = chosen
    ctx["indicator_options"] = indicators.choices()
    query = request.GET.copy()
    for key in ("sort", "dir", "page"):
        query.pop(key, None)
    ctx["base_query"] = query.urlencode()
    return render(request, "insights/league.html", ctx, status=status)


def _table(ctx, rows) -> list[list]:
    head = [_("单位")] + [f"{c['label']}({c['measure']})" for c in ctx["columns"]]
    body = [
        [r["unit"].name] + [None if v.value is None else float(v.value) for v in r["values"]]
        for r in rows
    ]
    return [head, *body]


@login_required
def league_export(request):
    ctx, rows = _league(request)
    if rows is None:
        return HttpResponse(str(ctx["error"]), status=400, content_type="text/plain; charset=utf-8")
    table = _table(ctx, rows)
    name = f"{ctx['unit'].name}-{ctx['period'].label}-{_('单位指标排行')}"
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 CSV as such only with the BOM
        csv.writer(out).writerows(table)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="league.csv"'
        return response
    wb = Workbook()
    ws = wb.active
    ws.title = "league"
    for row in table:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return xlsx_attachment(buf.getvalue(), filename=f"{name}.xlsx", ascii_name="league.xlsx")
