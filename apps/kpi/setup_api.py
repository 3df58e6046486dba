"""The 量化考核 setup over the API (under /api/v1/kpi): indicators, schemes with their items,
opening a scheme and cutting its periods, manual scores and adjustments. The same selectors,
FilterSets and services as the setup pages; only the party admin (403 otherwise)."""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import Steps, filtered_page, named, paged
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import FileOut, PageOut, PageQuery, Ref, errors, file_out, ref
from apps.orgs.models import OrgUnit

from . import setup_selectors as selectors
from . import setup_services as services
from .choices import Direction, PeriodKind, RuleKind, Source
from .models import Indicator
from .setup_filters import IndicatorFilter, SchemeFilter

router = Router(tags=["量化考核设置"])

READ = errors(403, 404)
WRITE = errors(400, 403, 404, 409, 422)


# --- indicators ------------------------------------------------------------------------------


class KpiIndicatorQuery(PageQuery):
    q: str | None = Field(None, description="编码或名称包含")
    source: str | None = Field(None, description="computed / manual")


class KpiIndicatorIn(Schema):
    code: str = Field(description="编码,字母、数字、点、下划线、短横线")
    name: str
    measure: str = Field("", description="计量单位,如 %、分、元")
    direction: str = Field(Direction.HIGHER, description="higher / lower")
    unit_kinds: list[str] = Field([], description="适用组织类型(空为全部),如 branch、department")
    source: str = Field(Source.COMPUTED, description="computed / manual")
    calculator: str = Field("", description="平台计算器编码(computed 时必填)")
    min_value: str = Field("", description="人工评分的最小值;空为 0")
    max_value: str = Field("", description="人工评分的最大值;空为默认(分、% 为 100,其余不限)")


class KpiIndicatorOut(Schema):
    id: int
    code: str
    name: str
    measure: str
    direction: str
    unit_kinds: list[str]
    source: str
    source_label: str
    calculator: str
    min_value: Decimal | None
    max_value: Decimal | None


class KpiIndicatorPage(PageOut):
    items: list[KpiIndicatorOut]


def _indicator(i: Indicator) -> dict:
    return {
        "id": i.pk,
        "code": i.code,
        "name": i.name,
        "measure": i.measure,
        "direction": i.direction,
        "unit_kinds": i.unit_kinds,
        "source": i.source,
        "source_label": i.get_source_display(),
        "calculator": i.calculator,
        "min_value": i.min_value,
        "max_value": i.max_value,
    }


@router.get("/indicators", response={200: KpiIndicatorPage, **errors(403, 422)}, summary="指标库")
def indicator_list(request, query: Query[KpiIndicatorQuery]):
    base = selectors.indicator_list(user=request.user)
    return filtered_page(query, IndicatorFilter, base, _indicator, order=("code",))


@router.get("/indicators/{int:indicator_id}", response={200: KpiIndicatorOut, **READ})
def indicator_get(request, indicator_id: int):
    return _indicator(selectors.indicator_get(user=request.user, pk=indicator_id))


@router.post("/indicators", response={201: KpiIndicatorOut, **WRITE}, summary="新增指标")
def indicator_create(request, data: KpiIndicatorIn):
    return Status(201, _indicator(services.indicator_save(actor=request.user, **data.dict())))


@router.put(
    "/indicators/{int:indicator_id}", response={200: KpiIndicatorOut, **WRITE}, summary="修改指标"
)
def indicator_update(request, indicator_id: int, data: KpiIndicatorIn):
    indicator = selectors.indicator_get(user=request.user, pk=indicator_id)
    return _indicator(
        services.indicator_save(actor=request.user, indicator=indicator, **data.dict())
    )


# --- schemes ---------------------------------------------------------------------------------


class KpiSchemeQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    unit_kind: str | None = Field(None, description="考核对象类型,如 branch、department")
    status: str | None = Field(None, description="draft / open / locked")


class KpiSchemeIn(Schema):
    name: str
    year: int = Field(ge=2000, le=2100)
    unit_kind: str = Field(description="考核对象类型,如 branch、department")
    period_kind: str = Field(PeriodKind.QUARTER, description="month / quarter / half / year")


class KpiSchemeOut(Schema):
    id: int
    name: str
    year: int
    unit_kind: str
    period_kind: str
    status: str
    status_label: str


class KpiSchemeRow(KpiSchemeOut):
    item_count: int
    weight_total: Decimal
    period_count: int


class KpiSchemePage(PageOut):
    items: list[KpiSchemeRow]


class KpiItemIn(Schema):
    indicator_id: Id
    weight: Decimal = Field(description="权重,方案各项之和须为 100 才能开启")
    rule: str = Field(RuleKind.LINEAR, description="linear / steps / rank")
    floor: Decimal | None = Field(None, description="线性:得 0 分的底线值")
    target: Decimal | None = Field(None, description="线性:得满分的目标值")
    steps: list[tuple[Decimal, Decimal]] = Field([], description="分档:[[阈值, 得分比例%], …]")


class KpiItemOut(Schema):
    id: int
    indicator: Ref
    source: str
    weight: Decimal
    rule: str
    floor: Decimal | None
    target: Decimal | None
    steps: list[list[float]]


class KpiSchemePeriodOut(Schema):
    id: int
    start: date
    end: date
    status: str
    status_label: str


class KpiSchemeDetail(KpiSchemeOut):
    weight_total: Decimal
    items: list[KpiItemOut]
    periods: list[KpiSchemePeriodOut]


def _scheme(s) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "year": s.year,
        "unit_kind": s.unit_kind,
        "period_kind": s.period_kind,
        "status": s.status,
        "status_label": s.get_status_display(),
    }


def _scheme_row(s) -> dict:
    return {
        **_scheme(s),
        "item_count": s.item_count,
        "weight_total": s.weight_total or 0,
        "period_count": s.period_count,
    }


def _period(p) -> dict:
    return {
        "id": p.pk,
        "start": p.start,
        "end": p.end,
        "status": p.status,
        "status_label": p.get_status_display(),
    }


def _scheme_detail(user, pk: int) -> dict:
    scheme = selectors.scheme_get(user=user, pk=pk)
    items = list(selectors.scheme_items(scheme))
    return {
        **_scheme(scheme),
        "weight_total": sum((i.weight for i in items), Decimal(0)),
        "items": [
            {
                "id": i.pk,
                "indicator": ref(i.indicator),
                "source": i.indicator.source,
                "weight": i.weight,
                "rule": i.rule,
                "floor": i.floor,
                "target": i.target,
                "steps": i.steps,
            }
            for i in items
        ],
        "periods": [_period(p) for p in scheme.periods.order_by("start")],
    }


scheme_step = Steps(get=selectors.scheme_get, name="scheme", detail=_scheme_detail)


@router.get("/schemes", response={200: KpiSchemePage, **errors(403, 422)}, summary="考核方案")
def scheme_list(request, query: Query[KpiSchemeQuery]):
    base = selectors.scheme_list(user=request.user)
    return filtered_page(query, SchemeFilter, base, _scheme_row, order=("-year", "name"))


@router.get(
    "/schemes/{int:scheme_id}",
    response={200: KpiSchemeDetail, **READ},
    summary="考核方案及其指标、权重和考核期",
)
def scheme_get(request, scheme_id: int):
    return _scheme_detail(request.user, scheme_id)


@router.post("/schemes", response={201: KpiSchemeDetail, **WRITE}, summary="新建考核方案")
def scheme_create(request, data: KpiSchemeIn):
    scheme = services.scheme_save(actor=request.user, **data.dict())
    return Status(201, _scheme_detail(request.user, scheme.pk))


@router.put("/schemes/{int:scheme_id}", response={200: KpiSchemeDetail, **WRITE})
def scheme_update(request, scheme_id: int, data: KpiSchemeIn):
    scheme = selectors.scheme_get(user=request.user, pk=scheme_id)
    services.scheme_save(actor=request.user, scheme=scheme, **data.dict())
    return _scheme_detail(request.user, scheme.pk)


def _item_fields(request, data: KpiItemIn) -> dict:
    fields = data.dict()
    fields["indicator"] = named(
        selectors.indicator_list(user=request.user),
        fields.pop("indicator_id"),
        field="indicator_id",
        error=CoreError.BAD_CHOICE,
        label=_("指标"),
    )
    fields["steps"] = [list(row) for row in fields["steps"]]
    return fields


@router.post(
    "/schemes/{int:scheme_id}/items",
    response={201: KpiSchemeDetail, **WRITE},
    summary="方案添加指标",
    description="方案开启后修改指标,方案回到草稿,须重新开启;有锁定考核期的方案不能修改(409)。",
)
def item_create(request, scheme_id: int, data: KpiItemIn):
    scheme = selectors.scheme_get(user=request.user, pk=scheme_id)
    services.scheme_item_save(actor=request.user, scheme=scheme, **_item_fields(request, data))
    return Status(201, _scheme_detail(request.user, scheme.pk))


@router.put(
    "/schemes/{int:scheme_id}/items/{int:item_id}",
    response={200: KpiSchemeDetail, **WRITE},
    summary="修改方案指标",
)
def item_update(request, scheme_id: int, item_id: int, data: KpiItemIn):
    scheme = selectors.scheme_get(user=request.user, pk=scheme_id)
    item = named(scheme.items, item_id, field="item_id", error=CoreError.NOT_FOUND)
    services.scheme_item_save(
        actor=request.user, scheme=scheme, item=item, **_item_fields(request, data)
    )
    return _scheme_detail(request.user, scheme.pk)


@router.delete(
    "/schemes/{int:scheme_id}/items/{int:item_id}",
    response={200: KpiSchemeDetail, **WRITE},
    summary="从方案删除指标",
)
def item_delete(request, scheme_id: int, item_id: int):
    scheme = selectors.scheme_get(user=request.user, pk=scheme_id)
    item = named(scheme.items, item_id, field="item_id", error=CoreError.NOT_FOUND)
    services.scheme_item_delete(actor=request.user, item=item)
    return _scheme_detail(request.user, scheme.pk)


@router.post(
    "/schemes/{int:scheme_id}/open",
    response={200: KpiSchemeDetail, **WRITE},
    summary="开启方案(权重之和须为 100)",
)
def scheme_open(request, scheme_id: int):
    return scheme_step(request, scheme_id, services.scheme_open)


@router.post(
    "/schemes/{int:scheme_id}/periods",
    response={200: KpiSchemeDetail, **WRITE},
    summary="按考核周期生成本年度考核期",
)
def periods_create(request, scheme_id: int):
    return scheme_step(request, scheme_id, services.periods_create)


# --- manual scores and adjustments -----------------------------------------------------------


class KpiManualQuery(PageQuery):
    item: Id | None = Field(None, description="方案指标(人工评分)")


class KpiManualIn(Schema):
    item_id: Id = Field(description="方案指标(人工评分)")
    unit_id: Id = Field(description="考核对象")
    value: str = Field(description="评分,0–100(分、% 的指标)或不小于 0")
    note: str = ""


class KpiManualOut(Schema):
    id: int
    item: int
    indicator: str
    unit: Ref
    value: Decimal
    note: str
    assessor: str
    evidence: FileOut | None
    updated_at: datetime


class KpiManualPage(PageOut):
    items: list[KpiManualOut]


class KpiAdjustmentIn(Schema):
    unit_id: Id = Field(description="考核对象")
    kind: str = Field(description="bonus / deduct / veto")
    points: str = Field("", description="分值;一票否决可为空")
    reason: str = Field(description="事由")


class KpiAdjustmentOut(Schema):
    id: int
    unit: Ref
    kind: str
    kind_label: str
    points: Decimal
    reason: str
    assessor: str
    evidence: FileOut | None


class KpiAdjustmentPage(PageOut):
    items: list[KpiAdjustmentOut]


def _manual(m) -> dict:
    return {
        "id": m.pk,
        "item": m.item_id,
        "indicator": m.item.indicator.name,
        "unit": ref(m.unit),
        "value": m.value,
        "note": m.note,
        "assessor": m.assessor.display_name if m.assessor else "",
        "evidence": file_out(m.evidence) if m.evidence else None,
        "updated_at": m.updated_at,
    }


def _adjustment(a) -> dict:
    return {
        "id": a.pk,
        "unit": ref(a.unit),
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "points": a.points,
        "reason": a.reason,
        "assessor": a.assessor.display_name if a.assessor else "",
        "evidence": file_out(a.evidence) if a.evidence else None,
    }


def _unit(pk: int) -> OrgUnit:
    return named(OrgUnit.objects.all(), pk, field="unit_id", error=CoreError.UNIT_NOT_FOUND)


@router.get(
    "/periods/{int:period_id}/manual-scores",
    response={200: KpiManualPage, **READ},
    summary="考核期的人工评分",
)
def manual_list(request, period_id: int, query: Query[KpiManualQuery]):
    period = selectors.period_get(user=request.user, pk=period_id)
    rows = selectors.manual_score_list(user=request.user, period=period, item=query.item)
    return paged(rows, query, _manual)


@router.post(
    "/periods/{int:period_id}/manual-scores",
    response={200: KpiManualOut, **WRITE},
    summary="人工评分(一个单位)",
    description=(
        "multipart/form-data:字段加上 evidence(佐证文件;首次评分必传)。同一单位再次提交即修改。"
    ),
)
def manual_save(
    request, period_id: int, data: Form[KpiManualIn], evidence: File[UploadedFile] = None
):
    period = selectors.period_get(user=request.user, pk=period_id)
    item = named(
        period.scheme.items.select_related("indicator"),
        data.item_id,
        field="item_id",
        error=CoreError.NOT_FOUND,
    )
    unit = _unit(data.unit_id)
    if str(data.value).strip() == "":
        raise CoreError.REQUIRED(field="value", label=_("评分"))
    entry = {"value": data.value, "note": data.note, "evidence": evidence}
    services.manual_scores_save(actor=request.user, period=period, item=item, entries={unit: entry})
    rows = selectors.manual_score_list(user=request.user, period=period, item=item.pk)
    return _manual(rows.get(unit=unit))


@router.delete(
    "/periods/{int:period_id}/manual-scores/{int:score_id}",
    response={204: None, **WRITE},
    summary="撤回人工评分",
)
def manual_delete(request, period_id: int, score_id: int):
    period = selectors.period_get(user=request.user, pk=period_id)
    rows = selectors.manual_score_list(user=request.user, period=period)
    score = named(rows, score_id, field="score_id", error=CoreError.NOT_FOUND)
    services.manual_score_remove(actor=request.user, score=score)
    return Status(204, None)


@router.get(
    "/periods/{int:period_id}/adjustments",
    response={200: KpiAdjustmentPage, **READ},
    summary="考核期的加分、扣分、一票否决",
)
def adjustment_list(request, period_id: int, query: Query[PageQuery]):
    period = selectors.period_get(user=request.user, pk=period_id)
    return paged(selectors.adjustment_list(user=request.user, period=period), query, _adjustment)


@router.post(
    "/periods/{int:period_id}/adjustments",
    response={201: KpiAdjustmentOut, **WRITE},
    summary="记录加分、扣分或一票否决",
    description="multipart/form-data:字段加上 evidence(佐证文件,必传)。",
)
def adjustment_create(
    request, period_id: int, data: Form[KpiAdjustmentIn], evidence: File[UploadedFile] = None
):
    period = selectors.period_get(user=request.user, pk=period_id)
    made = services.adjustment_create(
        actor=request.user,
        period=period,
        unit=_unit(data.unit_id),
        kind=data.kind,
        points=data.points,
        reason=data.reason,
        evidence=evidence,
    )
    rows = selectors.adjustment_list(user=request.user, period=period)
    return Status(201, _adjustment(rows.get(pk=made.pk)))


@router.delete(
    "/periods/{int:period_id}/adjustments/{int:adjustment_id}",
    response={204: None, **WRITE},
    summary="撤回加分、扣分或一票否决",
)
def adjustment_delete(request, period_id: int, adjustment_id: int):
    period = selectors.period_get(user=request.user, pk=period_id)
    rows = selectors.adjustment_list(user=request.user, period=period)
    adjustment = named(rows, adjustment_id, field="adjustment_id", error=CoreError.NOT_FOUND)
    services.adjustment_remove(actor=request.user, adjustment=adjustment)
    return Status(204, None)
