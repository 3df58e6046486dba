"""Branch standardization over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import Steps, filtered_page, named, paged
from apps.core.errors import CoreError, NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, FileOut, PageOut, PageQuery, Ref, errors, file_out, ref
from apps.orgs.models import OrgUnit

from . import selectors, services
from .errors import StandardsError
from .filters import ReviewFilter
from .models import Checklist
from .permissions import is_cadre

router = Router(tags=["支部标准化"])


class StandardItemOut(Schema):
    id: int
    group: str
    title: str
    points: Decimal
    evidence: str
    needs_file: bool
    judge: str
    auto: bool


class ChecklistOut(Schema):
    year: int
    threshold: Decimal
    total_points: Decimal
    items: list[StandardItemOut]


class CopyIn(Schema):
    from_year: int | None = Field(None, description="复制自年度;不填则为上一年度")


class RoundIn(Schema):
    year: int = Field(description="检查表年度")
    unit_id: Id = Field(description="范围:党委或党总支")
    title: str
    period_start: date
    period_end: date
    deadline: date = Field(description="自查截止")


class RoundOut(Schema):
    id: int
    title: str
    year: int
    unit: Ref
    period_start: date
    period_end: date
    deadline: date
    status: str
    counts: dict[str, int]


class RoundPage(PageOut):
    items: list[RoundOut]


class StandardReviewOut(Schema):
    id: int
    round: Ref
    period_start: date
    branch: Ref
    status: str
    status_label: str
    self_score: Decimal | None
    score: Decimal | None
    passed: bool
    submitted_at: datetime | None
    finalized_at: datetime | None
    comment: str


class ReviewItemOut(Schema):
    id: int
    item_id: int
    group: str
    title: str
    points: Decimal
    evidence: str
    auto: bool
    self_score: Decimal | None
    self_note: str
    judged: bool
    judge_passed: bool | None
    judge_note: str
    judge_url: str
    score: Decimal | None
    reason: str
    files: list[FileOut]


class ReviewDetailOut(StandardReviewOut):
    threshold: Decimal
    items: list[ReviewItemOut]


class ReviewPage(PageOut):
    counts: dict[str, int]
    items: list[StandardReviewOut]


class ReviewQuery(PageQuery):
    q: str | None = Field(None, description="支部名称包含")
    year: int | None = None
    round: Id | None = Field(None, description="轮次")
    status: list[str] | None = Field(None, description="draft / submitted / returned / finalized")
    result: str | None = Field(None, description="passed(达标)/ failed(未达标)")
    unit: Id | None = Field(None, description="党组织(含下级)")
    ordering: str | None = Field(None, description="score、branch、submitted_at,前加 - 倒序")


class SelfItemIn(Schema):
    score: Decimal | None = Field(None, description="自查得分(平台判定项不填)")
    note: str = ""


class StandardScoreIn(Schema):
    score: Decimal | None = None
    reason: str = ""


class ScoresIn(Schema):
    items: dict[int, StandardScoreIn] = Field(description="评审项 id → 得分与扣分理由")


class StandardCommentIn(Schema):
    comment: str = ""


def _out(r) -> dict:
    return {
        "id": r.pk,
        "round": {"id": r.round_id, "name": r.round.title},
        "period_start": r.round.period_start,
        "branch": ref(r.branch),
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "self_score": r.self_score,
        "score": r.score,
        "passed": r.passed,
        "submitted_at": r.submitted_at,
        "finalized_at": r.finalized_at,
        "comment": r.comment,
    }


def _detail(user, pk: int) -> dict:
    r = selectors.review_get(user=user, pk=pk)
    rows = []
    for g in selectors.review_items(review=r):
        for ri in g["rows"]:
            rows.append(
                {
                    "id": ri.pk,
                    "item_id": ri.item_id,
                    "group": ri.item.group,
                    "title": ri.item.title,
                    "points": ri.item.points,
                    "evidence": ri.item.evidence,
                    "auto": ri.auto,
                    "self_score": ri.self_score,
                    "self_note": ri.self_note,
                    "judged": ri.judged,
                    "judge_passed": ri.judge_passed,
                    "judge_note": ri.judge_note,
                    "judge_url": ri.judge_url,
                    "score": ri.score,
                    "reason": ri.reason,
                    "files": [file_out(a) for a in ri.files],
                }
            )
    return {**_out(r), "threshold": r.round.checklist.threshold, "items": rows}


def _checklist_out(c: Checklist) -> dict:
    items = [i for g in selectors.checklist_groups(c) for i in g["items"]]
    return {
        "year": c.year,
        "threshold": c.threshold,
        "total_points": sum((i.points for i in items), Decimal("0")),
        "items": [
            {
                "id": i.pk,
                "group": i.group,
                "title": i.title,
                "points": i.points,
                "evidence": i.evidence,
                "needs_file": i.needs_file,
                "judge": i.judge,
                "auto": i.auto,
            }
            for i in items
        ],
    }


def _cadre(user):
    if not is_cadre(user):
        raise NotFound()


@router.get(
    "/checklists/{int:year}", response={200: ChecklistOut, 404: ErrorOut}, summary="年度检查表"
)
def checklist(request, year: int):
    _cadre(request.user)
    c = Checklist.objects.filter(year=year).first()
    if c is None:
        raise NotFound(_("没有该年度的检查表。"))
    return _checklist_out(c)


@router.post(
    "/checklists/{int:year}/copy",
    response={201: ChecklistOut, **errors(400, 403)},
    summary="复制上一年度检查表",
)
def checklist_copy(request, year: int, data: CopyIn):
    c = services.checklist_copy(actor=request.user, to_year=year, from_year=data.from_year)
    return Status(201, _checklist_out(c))


def _round_out(r, counts) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "year": r.checklist.year,
        "unit": ref(r.unit),
        "period_start": r.period_start,
        "period_end": r.period_end,
        "deadline": r.deadline,
        "status": r.status,
        "counts": {k: counts.get(k, 0) for k in ("total", "submitted", "finalized", "passed")},
    }


def _round_counts(user, rounds) -> dict:
    return selectors.round_counts(user=user, ids=[r.pk for r in rounds])


@router.get("/rounds", response=RoundPage, summary="检查轮次")
def rounds(request, page: Query[PageQuery]):
    return paged(
        selectors.round_list(user=request.user).order_by("-period_start", "-pk"),
        page,
        lambda r, counts: _round_out(r, counts.get(r.pk, {})),
        lookup=lambda rows: _round_counts(request.user, rows),
    )


@router.post(
    "/rounds",
    response={201: RoundOut, **errors(400, 403, 422)},
    summary="发起检查(为范围内所有支部)",
)
def round_open(request, data: RoundIn):
    c = Checklist.objects.filter(year=data.year).first()
    if c is None:
        raise StandardsError.NO_CHECKLIST(field="year")
    r = services.round_open(
        actor=request.user,
        checklist=c,
        unit=named(OrgUnit.objects, data.unit_id, field="unit_id", error=CoreError.UNIT_NOT_FOUND),
        title=data.title,
        period_start=data.period_start,
        period_end=data.period_end,
        deadline=data.deadline,
    )
    return Status(201, _round_out(r, _round_counts(request.user, [r])[r.pk]))


@router.post(
    "/rounds/{int:round_id}/close",
    response={200: RoundOut, **errors(403, 404, 409)},
    summary="结束检查",
)
def round_close(request, round_id: int):
    r = services.round_close(
        actor=request.user, round=selectors.round_get(user=request.user, pk=round_id)
    )
    return _round_out(r, _round_counts(request.user, [r]).get(r.pk, {}))


@router.get("/reviews", response={200: ReviewPage, **errors(422)}, summary="支部检查列表")
def reviews(request, query: Query[ReviewQuery]):
    return filtered_page(
        query,
        ReviewFilter,
        selectors.review_list(user=request.user),
        _out,
        order=("-round__period_start", "branch__path"),
        counts=selectors.status_counts,
    )


@router.get(
    "/reviews/{int:review_id}",
    response={200: ReviewDetailOut, 404: ErrorOut},
    summary="支部检查详情",
)
def review(request, review_id: int):
    return _detail(request.user, review_id)


ACTION = {200: ReviewDetailOut, **errors(400, 403, 404, 409)}
step = Steps(get=selectors.review_get, name="review", detail=_detail)


@router.post(
    "/reviews/{int:review_id}/items/{int:item_id}/self",
    response=ACTION,
    summary="填写一项自查",
    description="multipart/form-data:score、note,加上 files(佐证:图片、PDF、Office,可多个)。",
)
def self_item(
    request,
    review_id: int,
    item_id: int,
    data: Form[SelfItemIn],
    files: File[list[UploadedFile]] = None,
):
    return step(
        request,
        review_id,
        services.review_save_self,
        entries={item_id: {"score": data.score, "note": data.note, "files": files or []}},
    )


@router.post("/reviews/{int:review_id}/submit", response=ACTION, summary="提交自查")
def submit(request, review_id: int):
    return step(request, review_id, services.review_submit)


@router.post("/reviews/{int:review_id}/refresh", response=ACTION, summary="刷新平台判定")
def refresh(request, review_id: int):
    return step(request, review_id, services.review_refresh)


@router.post("/reviews/{int:review_id}/scores", response=ACTION, summary="评分")
def score(request, review_id: int, data: ScoresIn):
    return step(
        request,
        review_id,
        services.review_score,
        scores={k: v.dict() for k, v in data.items.items()},
    )


@router.post("/reviews/{int:review_id}/finalize", response=ACTION, summary="评定")
def finalize(request, review_id: int, data: StandardCommentIn):
    return step(request, review_id, services.review_finalize, data)


@router.post("/reviews/{int:review_id}/return", response=ACTION, summary="退回修改")
def send_back(request, review_id: int, data: StandardCommentIn):
    return step(request, review_id, services.review_return, data)


@router.get("/figures", response={200: dict, 404: ErrorOut}, summary="达标率")
def figures(request, year: int | None = None, unit: Id | None = None):
    """达标率 per round of the year, for the scope and each general branch, with the links to
    the branches behind every number. Parameters as on the page."""
    from .views import figure_params

    _cadre(request.user)
    y, unit_obj = figure_params(request.user, {"year": year, "unit": unit})
    return selectors.figures_cached(user=request.user, year=y, unit=unit_obj)


@router.get(
    "/branches/{int:branch_id}", response={200: dict, 404: ErrorOut}, summary="支部达标情况"
)
def branch(request, branch_id: int):
    b = selectors.branch_get(user=request.user, pk=branch_id)
    page = selectors.branch_page(user=request.user, branch=b)
    return {
        "branch": ref(b),
        "latest": _out(page["latest"]) if page["latest"] else None,
        "scored": _out(page["scored"]) if page["scored"] else None,
        "groups": [
            {
                "group": g["item__group"],
                "points": g["points"],
                "score": g["score"],
                "rate": g["rate"],
            }
            for g in page["groups"]
        ],
        "lacks": [
            {
                "group": ri.item.group,
                "title": ri.item.title,
                "points": ri.item.points,
                "score": ri.score,
                "reason": ri.reason,
                "judge_note": ri.judge_note,
                "judge_url": ri.judge_url,
            }
            for ri in page["lacks"]
        ],
        "history": [_out(r) for r in page["history"]],
    }
