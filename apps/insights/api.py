"""The cockpit over the API: the same figures and league table as the pages."""

from ninja import Field, Query, Router, Schema

from apps.core.params import Id
from apps.core.schemas import errors

from . import figures, selectors
from .periods import Period

router = Router(tags=["驾驶舱"])


class InsightsQuery(Schema):
    unit: Id | None = Field(None, description="单位(含下级),默认为您管理范围的最上级单位")
    period: str | None = Field(None, description="期间:month、quarter 或 year,默认 month")
    at: str | None = Field(None, description="期间所在月份,如 2026-11,默认本月")


class InsightsFigureOut(Schema):
    code: str = Field(description="指标编码,前缀为所属业务模块")
    area: str
    label: str
    measure: str
    direction: str
    value: float | None
    numerator: float | None
    denominator: float | None
    previous: float | None = Field(description="环比:上一期的值")
    year_ago: float | None = Field(description="同比:上年同期的值")
    url: str = Field(description="指标背后的记录列表")


class InsightsPeriodOut(Schema):
    kind: str
    start: str
    end: str
    label: str


class InsightsCockpitOut(Schema):
    unit_id: int
    unit_name: str
    period: InsightsPeriodOut
    figures: list[InsightsFigureOut]


class InsightsLeagueQuery(InsightsQuery):
    depth: str | None = Field(None, description="children(下一级,默认)或 all(全部下级)")
    sort: str | None = Field(None, description="排序的指标编码")
    dir: str | None = Field(None, description="asc 或 desc(默认)")


class InsightsLeagueRowOut(Schema):
    unit_id: int
    unit_name: str
    values: dict[str, float | None]


class InsightsLeagueOut(Schema):
    period: InsightsPeriodOut
    rows: list[InsightsLeagueRowOut]


def _num(v):
    return None if v is None else float(v)


def _period(p: Period) -> dict:
    return {"kind": p.kind, "start": str(p.start), "end": str(p.end), "label": str(p.label)}


def _base(request, query):
    selectors.allowed(request.user)
    unit = selectors.unit_get(user=request.user, value=query.unit)
    return unit, Period.parse(query.period, query.at)


@router.get(
    "/cockpit", response={200: InsightsCockpitOut, **errors(400, 403, 404)}, summary="驾驶舱指标"
)
def cockpit(request, query: Query[InsightsQuery]):
    unit, period = _base(request, query)
    cp = figures.cockpit_cached(user=request.user, unit=unit, period=period)
    return {
        "unit_id": cp.unit_id,
        "unit_name": cp.unit_name,
        "period": _period(period),
        "figures": [
            {
                "code": f.code,
                "area": f.area,
                "label": f.label,
                "measure": f.measure,
                "direction": f.direction,
                "value": _num(f.value),
                "numerator": _num(f.numerator),
                "denominator": _num(f.denominator),
                "previous": _num(f.previous),
                "year_ago": _num(f.year_ago),
                "url": f.url,
            }
            for f in cp.figures()
        ],
    }


@router.get(
    "/league", response={200: InsightsLeagueOut, **errors(400, 403, 404)}, summary="单位指标排行"
)
def league(request, query: Query[InsightsLeagueQuery]):
    unit, period = _base(request, query)
    depth = "all" if query.depth == "all" else "children"
    units = selectors.league_units(user=request.user, unit=unit, depth=depth)
    sort, desc = query.sort or "", query.dir != "asc"
    rows = figures.league(units=units, period=period, sort=sort, desc=desc)
    codes = [c["code"] for c in figures.columns()]
    return {
        "period": _period(period),
        "rows": [
            {
                "unit_id": r["unit"].pk,
                "unit_name": r["unit"].name,
                "values": {c: _num(v.value) for c, v in zip(codes, r["values"], strict=True)},
            }
            for r in rows
        ],
    }
