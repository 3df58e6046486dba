"""Suggestions over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered, filtered_page, named, query_params
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.forms import PeopleNoField
from apps.orgs.models import OrgUnit

from . import selectors, services
from .errors import SuggestionError
from .filters import CampaignFilter, SuggestionFilter

router = Router(tags=["合理化建议"])


# --- schemas ----------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str
    employee_no: str


class SuggestionQuery(PageQuery):
    q: str | None = Field(None, description="全文检索:名称、现状问题、改进建议的整词")
    campaign: Id | None = Field(None, description="征集活动 id")
    status: str | None = Field(None, description="状态代码,如 submitted、adopted")
    stage: str | None = Field(None, description="环节:decided / adopted / implemented / verified")
    category: str | None = Field(None, description="类别代码")
    unit: Id | None = Field(None, description="涉及单位(含下级)")
    proposer_unit: Id | None = Field(None, description="建议人部门(含下级)")
    proposer: str | None = Field(None, description="建议人姓名或工号")
    submitted_from: date | None = Field(None, description="提交日期从")
    submitted_to: date | None = Field(None, description="提交日期至")
    month: date | None = Field(None, description="提交月份(该月任一日期)")
    ordering: str | None = Field(
        None, description="排序:submitted_at、score_total、verified_yuan、expected_yuan,前加 - 倒序"
    )


class SuggestionOut(Schema):
    id: int
    title: str
    category: str
    category_label: str
    status: str
    status_label: str
    campaign: Ref | None
    proposer: PersonRef
    proposer_unit: Ref
    target_unit: Ref
    submitted_at: datetime
    expected_yuan: Decimal | None
    score_total: Decimal | None
    decision_reason: str
    decided_at: datetime | None
    impl_unit: Ref | None
    impl_person: PersonRef | None
    impl_due_at: datetime | None
    implemented_at: datetime | None
    verified_yuan: Decimal | None
    reward_yuan: Decimal | None


class ScoreOut(Schema):
    criterion: str
    weight: int
    score: int


class SuggestionReviewOut(Schema):
    reviewer: str
    total: Decimal
    comment: str
    scored_at: datetime
    scores: list[ScoreOut]


class SuggestionEventOut(Schema):
    kind: str
    kind_label: str
    actor: str | None
    at: datetime
    note: str


class SuggestionDetail(SuggestionOut):
    problem: str
    proposal: str
    expected_benefit: str
    co_proposers: list[PersonRef]
    impl_note: str
    verify_note: str
    reward_note: str
    reviews: list[SuggestionReviewOut]
    events: list[SuggestionEventOut]


class SuggestionPage(PageOut):
    items: list[SuggestionOut]


class SuggestionSubmitIn(Schema):
    title: str = Field(description="建议名称,最多 100 字")
    problem: str = Field(description="现状问题")
    proposal: str = Field(description="改进建议")
    category: str = Field(description="类别代码")
    target_unit_id: Id = Field(description="涉及单位 id(部门)")
    expected_benefit: str = ""
    expected_yuan: Decimal | None = Field(None, description="预计效益(元),≥ 0")
    campaign_id: Id | None = None
    co_proposer_nos: list[str] = Field(default_factory=list, description="共同建议人工号")


class SuggestionScoreIn(Schema):
    scores: dict[int, int] = Field(description="评分项 id → 得分(0–100)")
    comment: str = ""


class SuggestionDecideIn(Schema):
    decision: str = Field(description="adopt(采纳)/ reject(不采纳,须填理由)/ defer(待研究)")
    reason: str = ""


class AssignIn(Schema):
    impl_unit_id: Id
    impl_person_no: str | None = Field(None, description="实施责任人工号")
    due_at: datetime = Field(description="实施期限,不能早于现在")


class SuggestionNoteIn(Schema):
    note: str


class AmountIn(Schema):
    yuan: Decimal = Field(description="金额(元),≥ 0,最多两位小数")
    note: str = ""


class CampaignQuery(PageQuery):
    q: str | None = None
    organiser: Id | None = None


class CampaignOut(Schema):
    id: int
    title: str
    description: str
    organiser: Ref
    scope_unit: Ref
    starts_on: date
    ends_on: date
    categories: list[str]


class CampaignPage(PageOut):
    items: list[CampaignOut]


class CampaignIn(Schema):
    title: str
    description: str = ""
    organiser_id: Id
    scope_unit_id: Id
    starts_on: date
    ends_on: date
    categories: list[str] = Field(default_factory=list)


class FigureRow(Schema):
    key: str | int | None
    label: str
    submitted: int
    decided: int
    adopted: int
    implemented: int
    verified: int
    benefit: Decimal
    rewards: Decimal
    rate_decided: Decimal | None = Field(description="采纳率:采纳 ÷ 已作决定(%)")
    rate_submitted: Decimal | None = Field(description="采纳率:采纳 ÷ 全部提交(%)")


class FiguresOut(Schema):
    totals: FigureRow
    by_campaign: list[FigureRow]
    by_unit: list[FigureRow]
    by_month: list[FigureRow]
    best: list[SuggestionOut]


# --- helpers ----------------------------------------------------------------------------------


def _person(p) -> PersonRef | None:
    return PersonRef(id=p.pk, name=p.name, employee_no=p.employee_no) if p else None


def _out(s) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "category": s.category,
        "category_label": str(s.get_category_display()),
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "campaign": ref(s.campaign),
        "proposer": _person(s.proposer),
        "proposer_unit": ref(s.proposer_unit),
        "target_unit": ref(s.target_unit),
        "submitted_at": s.submitted_at,
        "expected_yuan": s.expected_yuan,
        "score_total": s.score_total,
        "decision_reason": s.decision_reason,
        "decided_at": s.decided_at,
        "impl_unit": ref(s.impl_unit) if s.impl_unit_id else None,
        "impl_person": _person(s.impl_person) if s.impl_person_id else None,
        "impl_due_at": s.impl_due_at,
        "implemented_at": s.implemented_at,
        "verified_yuan": s.verified_yuan,
        "reward_yuan": s.reward_yuan,
    }


def _detail(user, pk: int) -> dict:
    s = selectors.suggestion_get(user=user, pk=pk)
    reviews = [
        SuggestionReviewOut(
            reviewer=r.reviewer.display_name,
            total=r.total,
            comment=r.comment,
            scored_at=r.scored_at,
            scores=[
                ScoreOut(criterion=sc.criterion.name, weight=sc.weight, score=sc.score)
                for sc in r.scores.all()
            ],
        )
        for r in selectors.suggestion_reviews(s)
    ]
    events = [
        SuggestionEventOut(
            kind=e.action,
            kind_label=str(e.get_action_display()),
            actor=e.actor_name or None,
            at=e.at,
            note=e.note,
        )
        for e in selectors.suggestion_timeline(s)
    ]
    return {
        **_out(s),
        "problem": s.problem,
        "proposal": s.proposal,
        "expected_benefit": s.expected_benefit,
        "co_proposers": [_person(p) for p in s.co_proposers.all()],
        "impl_note": s.impl_note,
        "verify_note": s.verify_note,
        "reward_note": s.reward_note,
        "reviews": reviews,
        "events": events,
    }


def _unit(pk: int, field: str) -> OrgUnit:
    return named(OrgUnit.objects, pk, field=field, error=CoreError.UNIT_UNKNOWN)


def _people(numbers: list[str], field: str):
    try:
        return PeopleNoField(max_length=400).clean(" ".join(numbers))
    except forms.ValidationError as e:
        raise CoreError.PERSON_UNKNOWN(field=field, message="; ".join(e.messages)) from e


def _row(r: dict, key: str | None, label: str | None) -> FigureRow:
    return FigureRow(
        key=r.get(key) if key else None,
        label=str(r.get(label) or "") if label else "",
        **{k: r[k] for k in FigureRow.model_fields if k not in ("key", "label")},
    )


# --- suggestions ------------------------------------------------------------------------------


@router.get(
    "",
    response={200: SuggestionPage, **errors(422)},
    summary="建议列表",
    description="当前用户可见的建议(管辖范围、本人、共同建议人、实施责任人),筛选与台账页面相同。",
)
def suggestion_list(request, query: Query[SuggestionQuery]):
    return filtered_page(
        query,
        SuggestionFilter,
        selectors.suggestion_list(user=request.user).select_related("impl_unit", "impl_person"),
        _out,
        order=("-submitted_at", "-pk"),
    )


@router.post(
    "",
    response={201: SuggestionDetail, **errors(400, 422)},
    summary="提交建议",
    description="以当前登录职工的名义提交;参加征集活动时须在活动时间和范围内。",
)
def suggestion_submit(request, payload: SuggestionSubmitIn):
    campaign = None
    if payload.campaign_id:
        campaign = (
            selectors.campaigns_open_to(user=request.user).filter(pk=payload.campaign_id).first()
            or selectors.campaign_list(user=request.user).filter(pk=payload.campaign_id).first()
        )
        if campaign is None:
            raise SuggestionError.CAMPAIGN_UNKNOWN(field="campaign_id")
    s = services.suggestion_submit(
        actor=request.user,
        title=payload.title,
        problem=payload.problem,
        proposal=payload.proposal,
        category=payload.category,
        target_unit=_unit(payload.target_unit_id, "target_unit_id"),
        expected_benefit=payload.expected_benefit,
        expected_yuan=payload.expected_yuan,
        campaign=campaign,
        co_proposers=_people(payload.co_proposer_nos, "co_proposer_nos"),
    )
    return Status(201, _detail(request.user, s.pk))


@router.get(
    "/{int:suggestion_id}", response={200: SuggestionDetail, 404: ErrorOut}, summary="建议详情"
)
def suggestion_detail(request, suggestion_id: int):
    return _detail(request.user, suggestion_id)


step = Steps(get=selectors.suggestion_get, name="suggestion", detail=_detail)
ACTION_RESPONSES = {200: SuggestionDetail, **errors(400, 403, 404, 409, 422)}


@router.post("/{int:suggestion_id}/review", response=ACTION_RESPONSES, summary="进入评审")
def suggestion_review(request, suggestion_id: int):
    return step(request, suggestion_id, services.suggestion_review_start)


@router.post(
    "/{int:suggestion_id}/score",
    response=ACTION_RESPONSES,
    summary="评分",
    description="对每个启用的评分项打 0–100 分,按权重加权平均;重复评分覆盖本人上次的评分。",
)
def suggestion_score(request, suggestion_id: int, payload: SuggestionScoreIn):
    return step(request, suggestion_id, services.suggestion_score, payload)


@router.post("/{int:suggestion_id}/decide", response=ACTION_RESPONSES, summary="评审决定")
def suggestion_decide(request, suggestion_id: int, payload: SuggestionDecideIn):
    return step(request, suggestion_id, services.suggestion_decide, payload)


@router.post(
    "/{int:suggestion_id}/assign-implementation",
    response=ACTION_RESPONSES,
    summary="安排实施",
    description="指定实施单位、责任人和期限,纳入督办。",
)
def suggestion_assign(request, suggestion_id: int, payload: AssignIn):
    people = _people([payload.impl_person_no] if payload.impl_person_no else [], "impl_person_no")
    return step(
        request,
        suggestion_id,
        services.suggestion_assign,
        impl_unit=_unit(payload.impl_unit_id, "impl_unit_id"),
        impl_person=people[0] if people else None,
        due_at=payload.due_at,
    )


@router.post("/{int:suggestion_id}/implemented", response=ACTION_RESPONSES, summary="实施完成")
def suggestion_implemented(request, suggestion_id: int, payload: SuggestionNoteIn):
    return step(request, suggestion_id, services.suggestion_mark_implemented, payload)


@router.post("/{int:suggestion_id}/verify", response=ACTION_RESPONSES, summary="核定效益")
def suggestion_verify(request, suggestion_id: int, payload: AmountIn):
    return step(request, suggestion_id, services.suggestion_verify, payload)


class CorrectBenefitIn(Schema):
    yuan: Decimal = Field(description="更正后的核定效益(元),最多两位小数")
    reason: str = Field(description="更正理由")


@router.post(
    "/{int:suggestion_id}/correct-benefit",
    response=ACTION_RESPONSES,
    summary="更正核定效益",
    description="效益已核定的建议,由核定单位负责人更正金额并说明理由;记入办理过程和审计日志。",
)
def suggestion_correct_benefit(request, suggestion_id: int, payload: CorrectBenefitIn):
    return step(request, suggestion_id, services.suggestion_correct_benefit, payload)


@router.post("/{int:suggestion_id}/reward", response=ACTION_RESPONSES, summary="记录奖励")
def suggestion_reward(request, suggestion_id: int, payload: AmountIn):
    return step(request, suggestion_id, services.suggestion_reward, payload)


@router.get(
    "/figures",
    response={200: FiguresOut, **errors(422)},
    summary="建议统计",
    description="提交、采纳、采纳率(两种口径)、已实施、核定效益与奖励,总体及按活动、单位、月份;"
    "筛选参数与列表相同。",
)
def suggestion_figures(request, query: Query[SuggestionQuery]):
    params = query_params(query)
    qs = filtered(SuggestionFilter(params, queryset=selectors.suggestion_list(user=request.user)))
    data = selectors.figures_for(user=request.user, params=params, qs=qs)
    return {
        "totals": _row(data["totals"], None, None),
        "by_campaign": [_row(r, "campaign_id", "campaign__title") for r in data["by_campaign"]],
        "by_unit": [_row(r, "target_unit_id", "target_unit__name") for r in data["by_unit"]],
        "by_month": [
            FigureRow(
                key=r["month"] or None,
                label=r["month"] or "",
                **{k: r[k] for k in FigureRow.model_fields if k not in ("key", "label")},
            )
            for r in data["by_month"]
        ],
        "best": [_out(s) for s in data["best"]],
    }


# --- campaigns --------------------------------------------------------------------------------


def _campaign_out(c) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "description": c.description,
        "organiser": ref(c.organiser),
        "scope_unit": ref(c.scope_unit),
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "categories": list(c.categories),
    }


@router.get("/campaigns", response={200: CampaignPage, **errors(422)}, summary="征集活动列表")
def campaign_list(request, query: Query[CampaignQuery]):
    return filtered_page(
        query,
        CampaignFilter,
        selectors.campaign_list(user=request.user),
        _campaign_out,
        order=("-starts_on", "-pk"),
    )


@router.get(
    "/campaigns/{int:campaign_id}",
    response={200: CampaignOut, 404: ErrorOut},
    summary="征集活动详情",
)
def campaign_detail(request, campaign_id: int):
    return _campaign_out(selectors.campaign_get(user=request.user, pk=campaign_id))


@router.post(
    "/campaigns",
    response={201: CampaignOut, **errors(400, 403, 422)},
    summary="发起征集活动",
)
def campaign_create(request, payload: CampaignIn):
    c = services.campaign_create(
        actor=request.user,
        title=payload.title,
        description=payload.description,
        organiser=_unit(payload.organiser_id, "organiser_id"),
        scope_unit=_unit(payload.scope_unit_id, "scope_unit_id"),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        categories=payload.categories,
    )
    return Status(201, _campaign_out(selectors.campaign_get(user=request.user, pk=c.pk)))
