"""Compliance, figures, coverage and attendance rates over the API (cadres only)."""

from datetime import date

from ninja import Query

from apps.core.api import paged
from apps.core.figures import percent
from apps.core.schemas import ErrorOut, PageQuery

from .. import selectors
from ..compliance import compliance_cached
from ..figures import figures_cached, member_rates
from .common import require_cadre, router
from .schemas import MeetingMemberRatePage, PeriodQuery


def _period(user, query: PeriodQuery, default: str):
    params = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in query.dict(exclude_none=True).items()
    }
    period, unit, _preset = selectors.period_params(user, params, default=default)
    return period, unit


@router.get("/compliance", response={200: dict, 404: ErrorOut}, summary="规定会议召开情况")
def compliance(request, query: Query[PeriodQuery]):
    require_cadre(request.user)
    period, unit = _period(request.user, query, "month")
    data = compliance_cached(user=request.user, period=period, unit=unit)
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "totals": data["totals"],
        "units": [
            {"id": r["unit"].pk, "name": r["unit"].name, **r["counts"], "gaps": r["gaps"]}
            for r in data["rows"]
        ],
    }


@router.get("/figures", response={200: dict, 404: ErrorOut}, summary="组织生活统计")
def figures(request, query: Query[PeriodQuery]):
    require_cadre(request.user)
    period, unit = _period(request.user, query, "year")
    data = figures_cached(user=request.user, period=period, unit=unit)
    return {**data, "period": {"start": period.start.isoformat(), "end": period.end.isoformat()}}


@router.get("/coverage", response={200: dict, 404: ErrorOut}, summary="理论教育覆盖率")
def coverage(request, query: Query[PeriodQuery]):
    require_cadre(request.user)
    period, unit = _period(request.user, query, "year")
    return figures_cached(user=request.user, period=period, unit=unit)["coverage"]


@router.get("/members", response={200: MeetingMemberRatePage, 404: ErrorOut}, summary="党员参会率")
def members(request, query: Query[PeriodQuery], page: Query[PageQuery]):
    require_cadre(request.user)
    period, unit = _period(request.user, query, "year")
    rows = member_rates(user=request.user, period=period, unit=unit)
    return paged(rows, page, lambda r: {**r, "rate": percent(r["attended"], r["invited"])})
