"""人才队伍 over the API: the pages' selectors, FilterSets and services."""

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import filtered_page, named, paged
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.learning.selectors import quizzes_managed
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .errors import TalentError
from .filters import BrandFilter, ContestFilter, EntryFilter, HonourFilter, MentorshipFilter
from .models import Contest, Entrant, Trade

router = Router(tags=["人才队伍"])


class TalentEntryQuery(PageQuery):
    q: str | None = Field(None, description="姓名、工号或入库依据包含")
    level: Id | None = Field(None, description="人才等级 id")
    source: str | None = Field(None, description="contest / certificate / appointment")
    unit: Id | None = Field(None, description="单位(含下级)")
    valid: bool | None = Field(None, description="仅当前有效")
    ordering: str | None = Field(None, description="valid_from、valid_to,前加 - 倒序")


class TalentEntryOut(Schema):
    id: int
    person: Ref
    unit: Ref
    level: str
    source: str
    source_text: str
    valid_from: date
    valid_to: date | None


class TalentEntryPage(PageOut):
    items: list[TalentEntryOut]


class TalentEntryIn(Schema):
    person_id: Id
    level_id: Id
    source: str = Field(description="certificate / appointment")
    source_text: str = Field(description="入库依据")
    valid_from: date
    valid_to: date | None = None


class TalentMarkOut(Schema):
    person_id: int
    level: str
    source: str


class TalentMentorshipQuery(PageQuery):
    q: str | None = None
    unit: Id | None = None
    result: str | None = None


class TalentMentorshipOut(Schema):
    id: int
    master: Ref
    apprentice: Ref
    unit: Ref
    trade: str
    goal: str
    start_on: date
    end_on: date | None
    result: str


class TalentMentorshipPage(PageOut):
    items: list[TalentMentorshipOut]


class TalentContestQuery(PageQuery):
    q: str | None = None
    level: str | None = Field(None, description="company / group")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")


class TalentContestOut(Schema):
    id: int
    title: str
    level: str
    year: int
    unit: Ref
    start_on: date
    end_on: date
    award_cap: Decimal
    entrants: int


class TalentContestPage(PageOut):
    items: list[TalentContestOut]


class TalentEntrantOut(Schema):
    id: int
    person: Ref
    trade: str
    total: Decimal | None
    sent: bool
    rank: int | None
    grade: str
    certificate: str
    awarded: Decimal
    in_pool: bool


class TalentContestDetailOut(TalentContestOut):
    trades: list[Ref]
    entrants_list: list[TalentEntrantOut]


class TalentContestIn(Schema):
    title: str
    level: str = Field(description="company / group")
    year: int = Field(description="年度")
    unit_id: Id
    start_on: date
    end_on: date
    trades: list[str]
    pool_level_id: Id
    award_cap: Decimal | None = Field(None, description="个人奖励上限(元),默认 10000")


class TalentEntrantIn(Schema):
    person_id: Id
    trade_id: Id


class TalentScoreIn(Schema):
    entrant_id: Id
    score: Decimal


class TalentRoundQuizIn(Schema):
    quiz_id: Id = Field(description="学习教育中您管理的测验")
    trade_id: Id | None = Field(None, description="工种;不填为共用测验")
    all_trades: bool = Field(False, description="所有工种统一使用此测验(清除各工种单独绑定)")


class TalentTradeQuizOut(Schema):
    trade: Ref
    quiz: Ref | None
    own: bool = Field(description="本工种单独绑定;否则用共用测验")


class TalentRoundQuizzesOut(Schema):
    round_id: int
    quiz: Ref | None = Field(description="共用测验")
    trades: list[TalentTradeQuizOut]


class TalentScoreOut(Schema):
    entrant_id: int
    score: Decimal


class TalentResultIn(Schema):
    rank: int | None = Field(None, ge=1, le=9999)
    grade: str = ""
    certificate: str = ""


class TalentAwardIn(Schema):
    amount: Decimal = Field(description="金额(元)")
    reason: str


class TalentAwardOut(Schema):
    id: int
    entrant_id: int
    amount: Decimal
    reason: str
    status: str
    paid_on: date | None


class TalentDecideIn(Schema):
    approve: bool


class TalentBrandQuery(PageQuery):
    q: str | None = None
    kind: str | None = Field(None, description="post / zone / commando / brand")
    unit: Id | None = None


class TalentBrandOut(Schema):
    id: int
    kind: str
    name: str
    unit: Ref
    start_on: date
    end_on: date | None
    responsibility: str
    project: Ref | None
    members: int


class TalentBrandPage(PageOut):
    items: list[TalentBrandOut]


class TalentHonourQuery(PageQuery):
    q: str | None = None
    kind: str | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    unit: Id | None = None


class TalentHonourOut(Schema):
    id: int
    kind: str
    year: int
    title: str
    unit: Ref
    person: Ref | None
    evidence: str
    source_url: str
    awarded_on: date


class TalentHonourPage(PageOut):
    items: list[TalentHonourOut]


class TalentHonourCandidateQuery(PageQuery):
    kind: str = Field(description="branch / member / collective / expert")
    year: int = Field(ge=2000, le=2100, description="年度")
    q: str = Field("", max_length=50, description="按单位、姓名、工号或工种查找")


class TalentHonourCandidateOut(Schema):
    key: str = Field(description="评选依据,登记荣誉时作为 source 提交")
    label: str
    unit: Ref
    person: Ref | None
    evidence: str
    url: str


class TalentHonourCandidatePage(PageOut):
    items: list[TalentHonourCandidateOut]


class TalentHonourIn(Schema):
    kind: str = Field(description="branch / member / collective / expert")
    year: int = Field(ge=2000, le=2100)
    source: str = Field(max_length=40, description="候选名单中的 key")
    awarded_on: date
    title: str = Field("", max_length=100)
    note: str = Field("", max_length=2000)


def _person(pk, field="person_id"):
    return named(Person.objects, pk, field=field, error=CoreError.PERSON_NOT_FOUND)


def _unit(pk, field="unit_id"):
    return named(OrgUnit.objects.alive(), pk, field=field, error=CoreError.UNIT_NOT_FOUND)


def _entry_out(e) -> dict:
    return {
        "id": e.pk,
        "person": ref(e.person),
        "unit": ref(e.unit),
        "level": e.level.name,
        "source": e.source,
        "source_text": e.source_text,
        "valid_from": e.valid_from,
        "valid_to": e.valid_to,
    }


@router.get("/entries", response={200: TalentEntryPage, **errors(422)}, summary="高技能人才库")
def entries(request, query: Query[TalentEntryQuery]):
    return filtered_page(
        query,
        EntryFilter,
        selectors.entry_list(user=request.user),
        _entry_out,
        order=("level__rank", "-valid_from", "-pk"),
    )


@router.post(
    "/entries", response={201: TalentEntryOut, **errors(400, 403, 422)}, summary="登记人才库成员"
)
def entry_create(request, data: TalentEntryIn):
    level = named(
        selectors.levels(), data.level_id, field="level_id", error=TalentError.LEVEL_UNKNOWN
    )
    e = services.entry_create(
        actor=request.user,
        person=_person(data.person_id),
        level=level,
        source=data.source,
        source_text=data.source_text,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    return Status(201, _entry_out(selectors.entry_get(user=request.user, pk=e.pk)))


@router.get("/marks", response={200: list[TalentMarkOut], **errors(422)}, summary="人才库标记")
def marks(request, person: Query[list[Id]], on: date | None = None):
    """The pool marks of these people (those the user may see), as 竞聘 and the lists read them."""
    from django.utils import timezone

    seen = list(
        selectors.priority_people(user=request.user)
        .filter(pk__in=person[:500])
        .values_list("pk", flat=True)
    )
    found = selectors.pool_marks(seen, on=on or timezone.localdate())
    return [{"person_id": k, "level": v.level, "source": v.source} for k, v in found.items()]


@router.get("/mentorships", response={200: TalentMentorshipPage, **errors(422)}, summary="师带徒")
def mentorships(request, query: Query[TalentMentorshipQuery]):
    return filtered_page(
        query,
        MentorshipFilter,
        selectors.mentorship_list(user=request.user),
        lambda m: {
            "id": m.pk,
            "master": ref(m.master),
            "apprentice": ref(m.apprentice),
            "unit": ref(m.unit),
            **{f: getattr(m, f) for f in ("trade", "goal", "start_on", "end_on", "result")},
        },
        order=("-start_on", "-pk"),
    )


def _contest_out(c: Contest, n: int | None = None) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "level": c.level,
        "year": c.year,
        "unit": ref(c.unit),
        "start_on": c.start_on,
        "end_on": c.end_on,
        "award_cap": c.award_cap,
        "entrants": getattr(c, "n_entrants", n or 0),
    }


def _contest_detail(user, pk: int) -> dict:
    c = selectors.contest_get(user=user, pk=pk)
    rows = list(selectors.entrants_of(c)[:500])
    return {
        **_contest_out(c, len(rows)),
        "trades": [ref(t) for t in c.trades.all()],
        "entrants_list": [
            {
                "id": e.pk,
                "person": ref(e.person),
                "trade": e.trade.name,
                "total": e.total,
                "sent": e.sent,
                "rank": e.rank,
                "grade": e.grade,
                "certificate": e.certificate,
                "awarded": sum(
                    (a.amount for a in e.awards.all() if a.status == "approved"), Decimal(0)
                ),
                "in_pool": bool(e.pool_entries.all()),
            }
            for e in rows
        ],
    }


@router.get("/contests", response={200: TalentContestPage, **errors(422)}, summary="技能竞赛")
def contests(request, query: Query[TalentContestQuery]):
    return filtered_page(
        query,
        ContestFilter,
        selectors.contest_list(user=request.user),
        _contest_out,
        order=("-start_on", "-pk"),
    )


@router.get(
    "/contests/{int:contest_id}",
    response={200: TalentContestDetailOut, 404: ErrorOut},
    summary="技能竞赛详情",
)
def contest(request, contest_id: int):
    return _contest_detail(request.user, contest_id)


@router.post(
    "/contests",
    response={201: TalentContestDetailOut, **errors(400, 403, 422)},
    summary="新建技能竞赛",
)
def contest_create(request, data: TalentContestIn):
    level = named(
        selectors.levels(),
        data.pool_level_id,
        field="pool_level_id",
        error=TalentError.LEVEL_UNKNOWN,
    )
    c = services.contest_create(
        actor=request.user,
        unit=_unit(data.unit_id),
        pool_level=level,
        **data.dict(exclude={"unit_id", "pool_level_id"}),
    )
    return Status(201, _contest_detail(request.user, c.pk))


@router.post(
    "/contests/{int:contest_id}/entrants",
    response={200: TalentContestDetailOut, **errors(400, 403, 404, 409, 422)},
    summary="报名选手",
)
def entrant_add(request, contest_id: int, data: TalentEntrantIn):
    c = selectors.contest_get(user=request.user, pk=contest_id)
    trade = named(
        Trade.objects.filter(contest=c),
        data.trade_id,
        field="trade_id",
        error=TalentError.TRADE_UNKNOWN,
    )
    services.entrant_add(actor=request.user, contest=c, person=_person(data.person_id), trade=trade)
    return _contest_detail(request.user, c.pk)


def _entrant_in(r, pk) -> Entrant:
    return named(
        Entrant.objects.filter(contest_id=r.contest_id),
        pk,
        field="entrant_id",
        error=TalentError.NOT_ENTRANT,
    )


def _round_quizzes(r) -> dict:
    return {
        "round_id": r.pk,
        "quiz": ref(r.quiz),
        "trades": [
            {"trade": ref(t), "quiz": ref(q), "own": own}
            for t, q, own in selectors.round_trade_quizzes(r)
        ],
    }


@router.get(
    "/rounds/{int:round_id}/quizzes",
    response={200: TalentRoundQuizzesOut, **errors(404, 422)},
    summary="理论考试的测验(共用及各工种)",
)
def round_quizzes(request, round_id: int):
    return _round_quizzes(selectors.round_get(user=request.user, pk=round_id))


@router.post(
    "/rounds/{int:round_id}/quizzes",
    response={200: TalentRoundQuizzesOut, **errors(400, 403, 404, 409, 422)},
    summary="绑定理论考试的测验(共用、某一工种或所有工种统一)",
)
def round_quiz_bind(request, round_id: int, data: TalentRoundQuizIn):
    r = selectors.round_get(user=request.user, pk=round_id)
    quiz = named(
        quizzes_managed(user=request.user),
        data.quiz_id,
        field="quiz_id",
        error=TalentError.QUIZ_UNKNOWN,
    )
    trade = named(
        Trade.objects.filter(contest_id=r.contest_id),
        data.trade_id,
        field="trade_id",
        error=TalentError.TRADE_UNKNOWN,
    )
    services.round_quiz_bind(
        actor=request.user, round=r, quiz=quiz, trade=trade, all_trades=data.all_trades
    )
    return _round_quizzes(selectors.round_get(user=request.user, pk=round_id))


@router.post(
    "/rounds/{int:round_id}/scores",
    response={201: TalentScoreOut, **errors(400, 403, 404, 409, 422)},
    summary="评委评分(理论考试成绩取自绑定的测验,不在此录入)",
)
def score(request, round_id: int, data: TalentScoreIn):
    r = selectors.round_get(user=request.user, pk=round_id)
    entrant = _entrant_in(r, data.entrant_id)
    row = services.score_give(actor=request.user, round=r, entrant=entrant, score=data.score)
    return Status(201, {"entrant_id": row.entrant_id, "score": row.score})


@router.post(
    "/contests/{int:contest_id}/totals",
    response={200: TalentContestDetailOut, **errors(400, 403, 404, 409)},
    summary="计算选拔总分(理论成绩取自绑定的测验)",
)
def totals(request, contest_id: int):
    c = selectors.contest_get(user=request.user, pk=contest_id)
    services.totals_compute(actor=request.user, contest=c)
    return _contest_detail(request.user, c.pk)


@router.post(
    "/entrants/{int:entrant_id}/result",
    response={200: TalentContestDetailOut, **errors(400, 403, 404)},
    summary="登记竞赛成绩",
)
def result(request, entrant_id: int, data: TalentResultIn):
    e = selectors.entrant_get(user=request.user, pk=entrant_id)
    services.result_record(actor=request.user, entrant=e, **data.dict())
    return _contest_detail(request.user, e.contest_id)


def _award_out(a) -> dict:
    return {f: getattr(a, f) for f in ("id", "entrant_id", "amount", "reason", "status", "paid_on")}


@router.post(
    "/entrants/{int:entrant_id}/awards",
    response={201: TalentAwardOut, **errors(400, 403, 404, 422)},
    summary="登记竞赛奖励",
)
def award(request, entrant_id: int, data: TalentAwardIn):
    e = selectors.entrant_get(user=request.user, pk=entrant_id)
    a = services.award_record(actor=request.user, entrant=e, **data.dict())
    return Status(201, _award_out(a))


@router.post(
    "/awards/{int:award_id}/decide",
    response={200: TalentAwardOut, **errors(400, 403, 404, 409)},
    summary="审批竞赛奖励",
)
def award_decide(request, award_id: int, data: TalentDecideIn):
    a = selectors.award_get(user=request.user, pk=award_id)
    return _award_out(services.award_decide(actor=request.user, award=a, approve=data.approve))


@router.get("/brands", response={200: TalentBrandPage, **errors(422)}, summary="党建品牌和岗区队")
def brands(request, query: Query[TalentBrandQuery]):
    return filtered_page(
        query,
        BrandFilter,
        selectors.brand_list(user=request.user),
        lambda b: {
            **{
                f: getattr(b, f)
                for f in ("id", "kind", "name", "start_on", "end_on", "responsibility")
            },
            "unit": ref(b.unit),
            "project": ref(b.project),
            "members": b.n_members,
        },
        order=("kind", "-start_on", "-pk"),
    )


@router.get("/honours", response={200: TalentHonourPage, **errors(422)}, summary="荣誉")
def honours(request, query: Query[TalentHonourQuery]):
    return filtered_page(
        query,
        HonourFilter,
        selectors.honour_list(user=request.user),
        _honour_out,
        order=("-year", "kind", "pk"),
    )


def _honour_out(h) -> dict:
    return {
        **{
            f: getattr(h, f)
            for f in ("id", "kind", "year", "title", "evidence", "source_url", "awarded_on")
        },
        "unit": ref(h.unit),
        "person": ref(h.person),
    }


@router.get(
    "/honours/candidates",
    response={200: TalentHonourCandidatePage, **errors(422)},
    summary="评先评优候选(量化考核、民主评议、技能竞赛),分页,可按名称查找",
)
def honour_candidates(request, query: Query[TalentHonourCandidateQuery]):
    rows, candidate = selectors.candidate_source(
        user=request.user, kind=query.kind, year=query.year, q=query.q
    )

    def out(row) -> dict:
        c = candidate(row)
        return {
            "key": c.key,
            "label": c.label,
            "unit": ref(c.unit),
            "person": ref(c.person),
            "evidence": c.evidence,
            "url": c.url,
        }

    return paged(rows, query, out)


@router.post(
    "/honours",
    response={201: TalentHonourOut, **errors(400, 403, 409, 422)},
    summary="从候选中登记荣誉",
)
def honour_create(request, data: TalentHonourIn):
    h = services.honour_create(actor=request.user, **data.dict())
    row = selectors.honour_list(user=request.user).filter(pk=h.pk).first() or h
    return Status(201, _honour_out(row))
