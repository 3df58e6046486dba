"""Production figures over the API: HR/ERP send a month's figures as one batch."""

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import paged
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery, Ref, errors, ref

from . import selectors, services
from .errors import ProductionError
from .models import Measure

router = Router(tags=["生产指标"])


class FigureIn(Schema):
    unit: str = Field(description="单位编码或名称(须在您的管理范围内)")
    month: str = Field(description="月份,如 2026-03")
    measure: str = Field(description="指标项编码或名称,如 output")
    value: str | float = Field(description="数值")


class BatchIn(Schema):
    figures: list[FigureIn] = Field(min_length=1, max_length=5000)


class RowErrorOut(Schema):
    row: int = Field(description="出错的是第几条(从 1 起)")
    message: str


class BatchErrorOut(Schema):
    code: str
    message: str
    rows: list[RowErrorOut]


class BatchOut(Schema):
    stored: int


class FigureOut(Schema):
    id: int
    unit: Ref
    month: date
    measure: str
    measure_name: str
    value: Decimal


class FigureQuery(PageQuery):
    unit: Id | None = Field(None, description="单位(含下级)")
    measure: str | None = Field(None, description="指标项编码")
    start: date | None = Field(None, description="月份起")
    end: date | None = Field(None, description="月份止")


class FigurePage(PageOut):
    items: list[FigureOut]


def _out(f) -> dict:
    return {
        "id": f.pk,
        "unit": ref(f.unit),
        "month": f.month,
        "measure": f.measure.code,
        "measure_name": f.measure.name,
        "value": f.value,
    }


@router.get("/figures", response=FigurePage, summary="生产数据列表")
def figure_list(request, query: Query[FigureQuery]):
    unit = selectors.unit_get(request.user, query.unit) if query.unit else None
    measure = Measure.objects.filter(code=query.measure).first() if query.measure else None
    if query.measure and measure is None:
        return paged(selectors.figures(request.user).none(), query, _out)
    qs = selectors.figures(
        request.user, unit=unit, measure=measure, start=query.start, end=query.end
    )
    return paged(qs, query, _out)


@router.post(
    "/figures",
    response={200: BatchOut, 400: BatchErrorOut, **errors(403)},
    summary="提交一批生产数据",
)
def figure_batch(request, payload: BatchIn):
    """全部保存或全部不保存;同一单位、月份、指标项再次提交时覆盖原值(可重复提交)。"""
    rows = [
        (i, f.unit, f.month, {f.measure: f.value}) for i, f in enumerate(payload.figures, start=1)
    ]
    figures, problems = services.check(request.user, rows)
    if problems:
        err = ProductionError.HAS_ERRORS()
        return Status(400, {"code": err.code, "message": str(err.message), "rows": problems})
    return {"stored": services.store(figures)}
