"""Early warnings over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from apps.core.api import Steps, filtered_page
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref

from . import selectors, services
from .filters import WarningFilter
from .models import AlertPolicy, Warning

router = Router(tags=["苗头预警"])


class WarningQuery(PageQuery):
    unit: Id | None = Field(None, description="单位(含下级)")
    status: str | None = Field(None, description="open / confirmed / dismissed / supervised")
    kind: str | None = Field(
        None, description="spike / new_term / overdue / satisfaction / meetings"
    )
    start: date | None = Field(None, description="周起")
    end: date | None = Field(None, description="周止")
    q: str | None = Field(None, description="关键词包含")


class EvidenceOut(Schema):
    label: str
    url: str


class WarningOut(Schema):
    id: int
    unit: Ref
    week: date
    kind: str
    kind_label: str
    term: str
    summary: str
    observed: float
    baseline: float
    p_value: float | None
    status: str
    status_label: str
    reason: str
    handled_at: datetime | None


class WarningDetailOut(WarningOut):
    series: list[int]
    evidence: list[EvidenceOut]


class WarningPage(PageOut):
    items: list[WarningOut]


class DismissIn(Schema):
    reason: str


class FollowUpIn(Schema):
    due_at: datetime | None = Field(None, description="督办期限")


def _out(w: Warning) -> dict:
    return {
        "id": w.pk,
        "unit": ref(w.unit),
        "week": w.week,
        "kind": w.kind,
        "kind_label": str(w.get_kind_display()),
        "term": w.term,
        "summary": w.summary(),
        "observed": float(w.observed),
        "baseline": float(w.baseline),
        "p_value": w.p_value,
        "status": w.status,
        "status_label": str(w.get_status_display()),
        "reason": w.reason,
        "handled_at": w.handled_at,
    }


def _detail(user, pk: int) -> dict:
    w = selectors.warning_get(user=user, pk=pk)
    return {**_out(w), "series": w.series, "evidence": selectors.evidence(w)}


step = Steps(get=selectors.warning_get, name="warning", detail=_detail)
ACTION = {200: WarningDetailOut, **errors(400, 403, 404, 409)}


@router.get("/warnings", response={200: WarningPage, **errors(422)}, summary="预警列表")
def warnings(request, query: Query[WarningQuery]):
    return filtered_page(
        query,
        WarningFilter,
        selectors.warning_list(user=request.user),
        _out,
        order=("-week", "-pk"),
    )


@router.get(
    "/warnings/{int:warning_id}",
    response={200: WarningDetailOut, 404: ErrorOut},
    summary="预警详情",
)
def warning(request, warning_id: int):
    return _detail(request.user, warning_id)


@router.post("/warnings/{int:warning_id}/acknowledge", response=ACTION, summary="确认预警")
def acknowledge(request, warning_id: int):
    return step(request, warning_id, services.acknowledge)


@router.post("/warnings/{int:warning_id}/dismiss", response=ACTION, summary="排除预警")
def dismiss(request, warning_id: int, data: DismissIn):
    return step(request, warning_id, services.dismiss, data)


@router.post("/warnings/{int:warning_id}/follow-up", response=ACTION, summary="转督办")
def follow_up(request, warning_id: int, data: FollowUpIn):
    return step(request, warning_id, services.follow_up, data)


# --- thresholds per company ------------------------------------------------------------------


class AlertPolicyQuery(Schema):
    company: Id = Field(description="公司")


class AlertPolicyIn(Schema):
    company: Id = Field(description="公司")
    p_value: Decimal | None = Field(None, description="显著性水平(0.0001–0.2)")
    min_count: int | None = Field(None, description="关键词最少次数(5–100)")
    baseline_weeks: int | None = Field(None, description="基线周数(4–12)")
    new_term_weeks: int | None = Field(None, description="新词观察周数(1–4)")
    overdue_ratio: Decimal | None = Field(None, description="逾期增幅倍数(1–10)")
    overdue_min: int | None = Field(None, description="逾期最少件数(1–500)")
    satisfaction_drop: Decimal | None = Field(None, description="满意度下降分数(0.1–4)")
    missed_months: int | None = Field(None, description="连续未按规定开会月数(1–12)")


class AlertPolicyOut(Schema):
    company: Ref
    p_value: float
    min_count: int
    baseline_weeks: int
    new_term_weeks: int
    overdue_ratio: float
    overdue_min: int
    satisfaction_drop: float
    missed_months: int


def _policy(company, policy: AlertPolicy) -> dict:
    out = {name: getattr(policy, name) for name in services.POLICY_BOUNDS}
    for name in ("p_value", "overdue_ratio", "satisfaction_drop"):
        out[name] = float(out[name])
    return {"company": ref(company), **out}


def _company(user, pk: int):
    company = services.policy_companies(user).filter(pk=pk).first()
    if company is None:
        raise CoreError.NOT_FOUND()
    return company


@router.get("/policy", response={200: AlertPolicyOut, **errors(403, 404, 422)}, summary="预警阈值")
def policy_get(request, query: Query[AlertPolicyQuery]):
    if not services.can_set_policy(request.user):
        raise CoreError.FORBIDDEN()
    company = _company(request.user, query.company)
    return _policy(company, AlertPolicy.for_company(company.pk))


@router.put(
    "/policy", response={200: AlertPolicyOut, **errors(400, 403, 404, 422)}, summary="设置预警阈值"
)
def policy_put(request, data: AlertPolicyIn):
    if not services.can_set_policy(request.user):
        raise CoreError.FORBIDDEN()
    company = _company(request.user, data.company)
    values = data.dict(exclude={"company"})
    policy = services.policy_save(actor=request.user, company=company, **values)
    return _policy(company, policy)
