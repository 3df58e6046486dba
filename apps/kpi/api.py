"""量化考核 over the API: the scorecards a user may see (a unit its own, assessors theirs)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from apps.core.api import filtered_page
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, ref

from . import selectors
from .filters import ScorecardFilter

router = Router(tags=["量化考核"])


class KpiScorecardQuery(PageQuery):
    period: Id | None = Field(None, description="考核期")
    unit: Id | None = Field(None, description="考核对象(含下级)")
    grade: str | None = Field(None, description="等次:excellent / good / fair / poor")
    ordering: str | None = Field(None, description="total,前加 - 倒序")


class KpiScorecardOut(Schema):
    id: int
    period: int
    start: date
    end: date
    scheme: str
    unit: Ref
    total: Decimal | None
    grade: str
    grade_label: str


class KpiLineOut(Schema):
    indicator: str
    measure: str
    weight: Decimal
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    points: Decimal | None
    url: str = Field(description="指标值背后的记录")
    computed_at: datetime | None


class KpiScorecardDetail(KpiScorecardOut):
    lines: list[KpiLineOut]


class KpiScorecardPage(PageOut):
    items: list[KpiScorecardOut]


def _out(card) -> dict:
    return {
        "id": card.pk,
        "period": card.period_id,
        "start": card.period.start,
        "end": card.period.end,
        "scheme": card.period.scheme.name,
        "unit": ref(card.unit),
        "total": card.total,
        "grade": card.grade,
        "grade_label": card.get_grade_display(),
    }


@router.get("/scorecards", response=KpiScorecardPage, summary="考核结果")
def scorecards(request, query: Query[KpiScorecardQuery]):
    base = selectors.scorecard_list(user=request.user)
    return filtered_page(query, ScorecardFilter, base, _out, order=("-total", "unit__path"))


@router.get(
    "/scorecards/{int:card_id}",
    response={200: KpiScorecardDetail, 404: ErrorOut},
    summary="一个单位的考核结果及各项得分",
)
def scorecard(request, card_id: int):
    card = selectors.scorecard_get(user=request.user, pk=card_id)
    lines = [
        {
            "indicator": line.item.indicator.name,
            "measure": line.item.indicator.measure,
            "weight": line.item.weight,
            "value": line.value,
            "numerator": line.numerator,
            "denominator": line.denominator,
            "points": line.points,
            "url": line.url,
            "computed_at": line.computed_at,
        }
        for line in selectors.scorecard_lines(card)
    ]
    return {**_out(card), "lines": lines}
