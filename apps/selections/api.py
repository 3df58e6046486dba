"""Selections over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered_page
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery, Ref, errors, ref

from . import selectors, services
from .filters import SelectionFilter
from .permissions import can_manage

router = Router(tags=["班组长竞聘"])


class SelectionQuery(PageQuery):
    q: str | None = Field(None, description="标题或班组名称包含")
    status: str | None = Field(
        None,
        description="draft / open / review / rounds / publicity / appointed / closed / cancelled",
    )
    unit: Id | None = Field(None, description="单位(含下级)")


class SelectionOut(Schema):
    id: int
    title: str
    team: Ref
    places: int
    status: str
    status_label: str
    apply_from: date
    apply_until: date
    weights: dict[str, int]
    publicity_until: datetime | None
    term_start: date | None
    term_end: date | None


class CheckOut(Schema):
    label: str
    required: str
    actual: str
    met: bool


class ApplicantOut(Schema):
    id: int
    person: Ref
    status: str
    status_label: str
    checks: list[CheckOut]
    exception_reason: str
    written: Decimal | None
    interview: Decimal | None
    vote: Decimal | None
    bonus: Decimal
    total: Decimal | None
    rank: int | None
    appointed: bool


class VoteStateOut(Schema):
    round: str | None
    members: int = 0
    ballots: int = 0
    rate: int | None = None
    voted: bool = False


class SelectionDetailOut(SelectionOut):
    description: str
    conditions: dict
    applicants: list[ApplicantOut] = Field(description="报名人(仅组织方可见)")
    mine: ApplicantOut | None
    vote: VoteStateOut


class SelectionPage(PageOut):
    items: list[SelectionOut]


class ApplyIn(Schema):
    statement: str = Field(description="竞聘陈述")
    request_exception: bool = Field(False, description="不符合条件时申请破格")
    exception_request: str = Field("", description="破格理由")


class ExceptionIn(Schema):
    admit: bool
    reason: str


class ScoreIn(Schema):
    score: Decimal = Field(description="0–100")


class VoteIn(Schema):
    grades: dict[int, str] = Field(
        description="每位人选的测评等次:{报名 id: excellent / competent / basic / incompetent}"
    )


class ObjectionIn(Schema):
    text: str
    anonymous: bool = False


class AnswerIn(Schema):
    answer: str


class ReasonIn(Schema):
    reason: str


class TermReviewIn(Schema):
    outcome: str = Field(description="renew / reselect")
    note: str


def _out(s) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "team": ref(s.team),
        "places": s.places,
        "status": s.status,
        "status_label": s.get_status_display(),
        "apply_from": s.apply_from,
        "apply_until": s.apply_until,
        "weights": {
            "written": s.weight_written,
            "interview": s.weight_interview,
            "vote": s.weight_vote,
        },
        "publicity_until": s.publicity_until,
        "term_start": s.term_start,
        "term_end": s.term_end,
    }


def _applicant(a) -> dict:
    return {
        "id": a.pk,
        "person": ref(a.person),
        "status": a.status,
        "status_label": a.get_status_display(),
        "checks": a.checks,
        "exception_reason": a.exception_reason,
        "written": a.written,
        "interview": a.interview,
        "vote": a.vote,
        "bonus": a.bonus,
        "total": a.total,
        "rank": a.rank,
        "appointed": a.appointed,
    }


def _detail(user, pk: int) -> dict:
    s = selectors.selection_get(user=user, pk=pk)
    mine = selectors.my_application(user=user, selection=s)
    vote = selectors.vote_state(user=user, selection=s)
    return {
        **_out(s),
        "description": s.description,
        "conditions": {
            "min_age": s.min_age,
            "max_age": s.max_age,
            "min_service_years": s.min_service_years,
            "min_skill": s.min_skill,
        },
        "applicants": [_applicant(a) for a in selectors.applicants_of(s)]
        if can_manage(user, s)
        else [],
        "mine": _applicant(mine) if mine else None,
        "vote": {k: v for k, v in vote.items() if k in VoteStateOut.model_fields},
    }


step = Steps(get=selectors.selection_get, name="selection", detail=_detail)
applicant_step = Steps(
    get=selectors.applicant_get,
    name="applicant",
    detail=lambda user, pk: _detail(user, selectors.applicant_get(user=user, pk=pk).selection_id),
)
ACTION = {200: SelectionDetailOut, **errors(400, 403, 404, 409)}


@router.get("/items", response={200: SelectionPage, **errors(422)}, summary="竞聘列表")
def items(request, query: Query[SelectionQuery]):
    return filtered_page(
        query,
        SelectionFilter,
        selectors.selection_list(user=request.user),
        _out,
        order=("-apply_from", "-pk"),
    )


@router.get("/items/{int:selection_id}", response={200: SelectionDetailOut, **errors(404)})
def item(request, selection_id: int):
    """一次竞聘:公告、报名(组织方可见)、本人的报名与民主测评状态。"""
    return _detail(request.user, selection_id)


@router.post(
    "/items/{int:selection_id}/apply",
    response={201: SelectionDetailOut, **errors(400, 404, 409)},
    summary="报名",
)
def apply(request, selection_id: int, data: ApplyIn):
    s = selectors.selection_get(user=request.user, pk=selection_id)
    services.selection_apply(actor=request.user, selection=s, **data.dict())
    return Status(201, _detail(request.user, s.pk))


@router.post("/items/{int:selection_id}/vote", response=ACTION, summary="民主测评投票")
def vote(request, selection_id: int, data: VoteIn):
    return step(request, selection_id, services.vote_cast, data)


@router.post("/items/{int:selection_id}/objections", response=ACTION, summary="提出异议")
def objection(request, selection_id: int, data: ObjectionIn):
    s = selectors.selection_get(user=request.user, pk=selection_id)
    services.objection_raise(actor=request.user, selection=s, **data.dict())
    return _detail(request.user, s.pk)


@router.post("/objections/{int:objection_id}/answer", response=ACTION, summary="答复异议")
def answer(request, objection_id: int, data: AnswerIn):
    o = selectors.objection_get(user=request.user, pk=objection_id)
    services.objection_answer(actor=request.user, objection=o, **data.dict())
    return _detail(request.user, o.selection_id)


@router.post("/items/{int:selection_id}/publish", response=ACTION, summary="发布公告")
def publish(request, selection_id: int):
    return step(request, selection_id, services.selection_publish)


@router.post("/items/{int:selection_id}/close-apply", response=ACTION, summary="截止报名")
def close_apply(request, selection_id: int):
    return step(request, selection_id, services.selection_close_apply)


@router.post("/items/{int:selection_id}/start-rounds", response=ACTION, summary="开始考试考核")
def start_rounds(request, selection_id: int):
    return step(request, selection_id, services.selection_start_rounds)


@router.post("/items/{int:selection_id}/publicize", response=ACTION, summary="排名并公示")
def publicize(request, selection_id: int):
    return step(request, selection_id, services.selection_publicize)


@router.post("/items/{int:selection_id}/appoint", response=ACTION, summary="任命")
def appoint(request, selection_id: int):
    return step(request, selection_id, services.selection_appoint)


@router.post("/items/{int:selection_id}/term-review", response=ACTION, summary="任期考核")
def term_review(request, selection_id: int, data: TermReviewIn):
    return step(request, selection_id, services.selection_term_review, data)


@router.post("/items/{int:selection_id}/cancel", response=ACTION, summary="终止竞聘")
def cancel(request, selection_id: int, data: ReasonIn):
    return step(request, selection_id, services.selection_cancel, data)


@router.post("/applicants/{int:applicant_id}/exception", response=ACTION, summary="破格审查")
def exception(request, applicant_id: int, data: ExceptionIn):
    return applicant_step(request, applicant_id, services.applicant_exception, data)


@router.post("/applicants/{int:applicant_id}/score", response=ACTION, summary="评委评分")
def score(request, applicant_id: int, data: ScoreIn):
    return applicant_step(request, applicant_id, services.score_give, data)
