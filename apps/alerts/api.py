"""Early warnings over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema

from apps.core.api import Steps, filtered_page
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref

from . import selectors, services
from .filters import WarningFilter
from .models import Warning

router = Router(tags=["苗头预警"])


class WarningQuery(PageQuery):
    unit: Id | None = Field(None, description="单位(含下级)")
    status: str | None = Field(None, description="open / confirmed / dismissed / supervised")
    kind: str | None = Field(None, description="spike / new_term / overdue / meetings")
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
    observed: int
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
        "observed": w.observed,
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
