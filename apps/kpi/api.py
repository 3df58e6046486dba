"""量化考核 over the API: the scorecards a user may see (a unit its own from the 公示 on,
assessors theirs), periods with their steps (计算, 公示, 锁定), rankings, 申诉 and answers,
评先评优 candidates — the same selectors and services as the pages."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import Steps, filtered_page, named
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.progress import progress_context
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.core.timeline import timeline_rows
from apps.orgs.models import Person

from . import selectors, services
from .errors import KpiError
from .filters import CadreFilter, ObjectionFilter, PeriodFilter, ScorecardFilter
from .models import ScoreLine
from .setup_api import router as setup_router

assessment = Router(tags=["量化考核"])


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
    rank: int | None = Field(description="同类单位中的名次(并列同名次)")
    peers: int | None = Field(description="同类参评单位数")
    vetoed: bool


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
        "rank": card.rank,
        "peers": card.peers,
        "vetoed": card.vetoed,
    }


@assessment.get("/scorecards", response=KpiScorecardPage, summary="考核结果")
def scorecards(request, query: Query[KpiScorecardQuery]):
    base = selectors.scorecard_list(user=request.user)
    return filtered_page(query, ScorecardFilter, base, _out, order=("-total", "unit__path"))


@assessment.get(
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


class KpiLineRefOut(Schema):
    id: int
    indicator: str


class KpiPeriodQuery(PageQuery):
    status: str | None = Field(None, description="状态:open / public / locked")
    year: int | None = Field(None, description="年度")


class KpiProgressOut(Schema):
    processed: int
    total: int
    percent: int


class KpiPeriodOut(Schema):
    id: int
    scheme: str
    year: int
    unit_kind: str
    start: date
    end: date
    status: str
    status_label: str
    computed_at: datetime | None
    public_until: date | None = Field(description="公示截止日(含)")
    locked_at: datetime | None
    pending_objections: int


class KpiStepOut(Schema):
    at: datetime
    actor: str
    action: str
    note: str


class KpiPeriodDetail(KpiPeriodOut):
    assessor: bool = Field(description="当前用户是否为本期考核人员")
    progress: KpiProgressOut | None = Field(description="正在计算时的进度")
    timeline: list[KpiStepOut] = Field(description="计算、公示、锁定记录(仅考核人员)")


class KpiPeriodPage(PageOut):
    items: list[KpiPeriodOut]


class KpiObjectionQuery(PageQuery):
    period: Id | None = Field(None, description="考核期")
    status: str | None = Field(None, description="状态:pending / accepted / rejected")


class KpiObjectionOut(Schema):
    id: int
    scorecard: int
    period: int
    unit: Ref
    line: int | None = Field(description="申诉的得分项;空为对总分申诉")
    indicator: str
    reason: str
    evidence_url: str | None
    status: str
    status_label: str
    answer: str
    answered_at: datetime | None
    created_at: datetime


class KpiObjectionDetail(KpiObjectionOut):
    timeline: list[KpiStepOut]


class KpiObjectionPage(PageOut):
    items: list[KpiObjectionOut]


class KpiObjectionIn(Schema):
    line: Id | None = Field(None, description="申诉的得分项 id;不填为对总分申诉")
    reason: str = Field(description="申诉理由")


class KpiAnswerIn(Schema):
    accept: bool = Field(description="是否采纳")
    answer: str = Field(description="答复意见;不予采纳时须说明理由")
    points: Decimal | None = Field(
        None, max_digits=6, decimal_places=2, description="采纳时的更正分值:正数加分,负数扣分"
    )


def _period_out(period) -> dict:
    return {
        "id": period.pk,
        "scheme": period.scheme.name,
        "year": period.scheme.year,
        "unit_kind": period.scheme.unit_kind,
        "start": period.start,
        "end": period.end,
        "status": period.status,
        "status_label": period.get_status_display(),
        "computed_at": period.computed_at,
        "public_until": period.public_until,
        "locked_at": period.locked_at,
        "pending_objections": period.pending,
    }


def _steps(rows) -> list[dict]:
    return [
        {"at": r["at"], "actor": r["actor"], "action": str(r["action"]), "note": r["note"]}
        for r in rows
    ]


def _period_detail(user, pk: int) -> dict:
    period = selectors.period_get(user=user, pk=pk)
    assessor = services.is_assessor(user, period)
    live = services.compute_progress(period)
    return {
        **_period_out(period),
        "assessor": assessor,
        "progress": progress_context(live["processed"], live["total"]) if live else None,
        "timeline": _steps(timeline_rows(period, events=period.events.all())) if assessor else [],
    }


def _objection_out(o) -> dict:
    card = o.scorecard
    return {
        "id": o.pk,
        "scorecard": card.pk,
        "period": card.period_id,
        "unit": ref(card.unit),
        "line": o.line_id,
        "indicator": o.indicator,
        "reason": o.reason,
        "evidence_url": f"/files/{o.evidence.token}/" if o.evidence else None,
        "status": o.status,
        "status_label": o.get_status_display(),
        "answer": o.answer,
        "answered_at": o.answered_at,
        "created_at": o.created_at,
    }


def _objection_detail(user, pk: int) -> dict:
    o = selectors.objection_get(user=user, pk=pk)
    rows = timeline_rows(o, events=o.events.all(), changes=False)
    return {**_objection_out(o), "timeline": _steps(rows)}


period_step = Steps(get=selectors.period_get, name="period", detail=_period_detail)
PERIOD_ACTION = {200: KpiPeriodDetail, **errors(400, 403, 404, 409)}


@assessment.get("/periods", response={200: KpiPeriodPage, **errors(422)}, summary="考核期")
def periods(request, query: Query[KpiPeriodQuery]):
    base = selectors.period_list(user=request.user)
    return filtered_page(query, PeriodFilter, base, _period_out, order=("-start", "pk"))


@assessment.get(
    "/periods/{int:period_id}",
    response={200: KpiPeriodDetail, 404: ErrorOut},
    summary="考核期详情(计算进度、记录)",
)
def period(request, period_id: int):
    return _period_detail(request.user, period_id)


@assessment.post(
    "/periods/{int:period_id}/compute",
    response=PERIOD_ACTION,
    summary="计算得分(后台执行,进度见详情的 progress)",
)
def compute(request, period_id: int):
    return period_step(request, period_id, services.period_compute_start)


@assessment.post("/periods/{int:period_id}/publish", response=PERIOD_ACTION, summary="开始公示")
def publish(request, period_id: int):
    return period_step(request, period_id, services.period_publish)


@assessment.post(
    "/periods/{int:period_id}/lock",
    response=PERIOD_ACTION,
    summary="锁定(公示期满且申诉均已答复)",
)
def lock(request, period_id: int):
    return period_step(request, period_id, services.period_lock)


@assessment.get(
    "/periods/{int:period_id}/ranking",
    response={200: list[KpiScorecardOut], 404: ErrorOut},
    summary="同类单位排名(考核人员看全部,单位只看本单位)",
)
def ranking(request, period_id: int):
    period = selectors.period_get(user=request.user, pk=period_id)
    return [_out(c) for c in selectors.ranking(user=request.user, period=period)]


@assessment.get(
    "/periods/{int:period_id}/candidates",
    response={200: list[KpiScorecardOut], 404: ErrorOut},
    summary="评先评优候选(已锁定的考核期,考核人员)",
)
def candidates(request, period_id: int):
    period = selectors.period_get(user=request.user, pk=period_id)
    return [_out(c) for c in selectors.candidates(user=request.user, period=period)]


@assessment.get("/objections", response={200: KpiObjectionPage, **errors(422)}, summary="申诉")
def objections(request, query: Query[KpiObjectionQuery]):
    base = selectors.objection_list(user=request.user)
    return filtered_page(query, ObjectionFilter, base, _objection_out, order=("-created_at", "-pk"))


@assessment.get(
    "/objections/{int:objection_id}",
    response={200: KpiObjectionDetail, 404: ErrorOut},
    summary="申诉详情",
)
def objection(request, objection_id: int):
    return _objection_detail(request.user, objection_id)


@assessment.post(
    "/scorecards/{int:card_id}/objections",
    response={201: KpiObjectionDetail, **errors(400, 403, 404, 409, 422)},
    summary="对考核结果申诉(公示期内)",
    description="multipart/form-data:line、reason,可附 evidence(佐证材料)。",
)
def objection_raise(
    request,
    card_id: int,
    data: Form[KpiObjectionIn],
    evidence: File[UploadedFile] = None,
):
    card = selectors.scorecard_get(user=request.user, pk=card_id)
    line = named(
        ScoreLine.objects.filter(scorecard=card),
        data.line,
        field="line",
        error=KpiError.LINE_OTHER_CARD,
    )
    o = services.objection_raise(
        actor=request.user, card=card, line=line, reason=data.reason, evidence=evidence
    )
    return Status(201, _objection_detail(request.user, o.pk))


objection_step = Steps(get=selectors.objection_get, name="objection", detail=_objection_detail)


@assessment.post(
    "/objections/{int:objection_id}/answer",
    response={200: KpiObjectionDetail, **errors(400, 403, 404, 409)},
    summary="答复申诉(采纳则更正并重新计算)",
)
def answer(request, objection_id: int, data: KpiAnswerIn):
    return objection_step(request, objection_id, services.objection_answer, data)


class KpiCadreCountsOut(Schema):
    good: int
    fairly_good: int
    fair: int
    poor: int


class KpiCadreOut(Schema):
    id: int
    period: int
    person: Ref
    unit: Ref
    report_score: Decimal | None
    report_weight: int
    votes: KpiCadreCountsOut = Field(description="各档票数(纸质票与平台投票合计;不含投票人)")
    vote_score: Decimal | None
    score: Decimal | None = Field(description="综合得分")


class KpiBallotOut(Schema):
    id: int
    period: int
    person: Ref
    voted: bool


class KpiCadreIn(Schema):
    period: Id = Field(description="考核期")
    person: Id = Field(description="述职人(职工 id)")


class KpiCadreReportIn(Schema):
    report_score: Decimal | None = Field(
        None, max_digits=5, decimal_places=2, description="述职得分,0–100"
    )
    report_weight: int = Field(70, ge=0, le=100, description="述职权重(%)")
    paper_good: int = Field(0, ge=0, le=100000, description="纸质票:好")
    paper_fairly_good: int = Field(0, ge=0, le=100000, description="纸质票:较好")
    paper_fair: int = Field(0, ge=0, le=100000, description="纸质票:一般")
    paper_poor: int = Field(0, ge=0, le=100000, description="纸质票:差")


class KpiVoteIn(Schema):
    choice: str = Field(description="good / fairly_good / fair / poor")


def _cadre_out(r) -> dict:
    return {
        "id": r.pk,
        "period": r.period_id,
        "person": ref(r.person),
        "unit": ref(r.unit),
        "report_score": r.report_score,
        "report_weight": r.report_weight,
        "votes": r.counts,
        "vote_score": r.vote_score,
        "score": r.score,
    }


def _cadre_detail(user, pk: int) -> dict:
    return _cadre_out(selectors.scored([selectors.cadre_get(user=user, pk=pk)])[0])


class KpiCadreQuery(PageQuery):
    period: Id | None = Field(None, description="考核期")


class KpiCadrePage(PageOut):
    items: list[KpiCadreOut]


@assessment.get(
    "/cadres",
    response={200: KpiCadrePage, **errors(422)},
    summary="述职评议(考核人员与述职人本人)",
)
def cadres(request, query: Query[KpiCadreQuery]):
    base = selectors.cadre_list(user=request.user)
    return filtered_page(
        query,
        CadreFilter,
        base,
        lambda r, _found: _cadre_out(r),
        order=("unit__path", "pk"),
        lookup=selectors.scored,
    )


@assessment.get(
    "/cadres/{int:review_id}", response={200: KpiCadreOut, 404: ErrorOut}, summary="述职评议详情"
)
def cadre(request, review_id: int):
    return _cadre_detail(request.user, review_id)


@assessment.post(
    "/cadres",
    response={201: KpiCadreOut, **errors(400, 403, 404, 409, 422)},
    summary="安排述职评议",
)
def cadre_create(request, data: KpiCadreIn):
    period = selectors.period_get(user=request.user, pk=data.period)
    person = named(
        Person.objects.select_related("party_membership"),
        data.person,
        field="person",
        error=CoreError.PERSON_NOT_FOUND,
    )
    review = services.cadre_review_create(actor=request.user, period=period, person=person)
    return Status(201, _cadre_detail(request.user, review.pk))


cadre_step = Steps(get=selectors.cadre_get, name="review", detail=_cadre_detail)


@assessment.post(
    "/cadres/{int:review_id}/report",
    response={200: KpiCadreOut, **errors(400, 403, 404, 409)},
    summary="录入述职得分与纸质票",
)
def cadre_report(request, review_id: int, data: KpiCadreReportIn):
    return cadre_step(request, review_id, services.cadre_report_save, data)


@assessment.get("/ballots", response=list[KpiBallotOut], summary="待我评议(本支部的述职评议)")
def ballots(request):
    return [
        {"id": b.pk, "period": b.period_id, "person": ref(b.person), "voted": b.voted}
        for b in selectors.ballots(user=request.user)
    ]


@assessment.post(
    "/ballots/{int:review_id}/vote",
    response={204: None, **errors(400, 403, 404, 409)},
    summary="民主评议投票(每人一票,匿名)",
)
def vote(request, review_id: int, data: KpiVoteIn):
    review = selectors.ballot_get(user=request.user, pk=review_id)
    services.cadre_vote(actor=request.user, review=review, choice=data.choice)
    return Status(204, None)


# One router at /api/v1/kpi (config/api.py): the assessment above and the setup endpoints
# (indicators, schemes, manual scores, adjustments) of setup_api, each under its own tag.
router = Router()
router.add_router("", assessment)
router.add_router("", setup_router)
