"""Essay contests: the call, entries, judges' scores (blind until the results), publishing."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import paged
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref

from .. import selectors, services
from ..choices import Audience
from .common import router, unit_arg


class EssayOut(Schema):
    id: int
    title: str
    unit: Ref
    audience: str
    opens_at: datetime
    closes_at: datetime
    status: str


class EssayPage(PageOut):
    items: list[EssayOut]


class EntryOut(Schema):
    id: int
    title: str
    person: Ref | None = Field(description="评审中的评委看不到作者(匿名评审)")
    unit: Ref | None
    submitted_at: datetime
    score: Decimal | None
    rank: int | None


class EntryIn(Schema):
    title: str
    body: str = ""


class LearningScoreIn(Schema):
    score: Decimal
    comment: str = ""


def _essay(c) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "unit": ref(c.unit),
        "audience": c.audience,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "status": c.status,
    }


def _entry(e, *, blind: bool = False) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "person": None if blind else {"id": e.person_id, "name": e.person.name},
        "unit": None if blind else ref(e.unit),
        "submitted_at": e.submitted_at,
        "score": e.score,
        "rank": e.rank,
    }


@router.get("/essays", response=EssayPage, summary="征文活动")
def essays(request, query: Query[PageQuery]):
    return paged(
        selectors.essay_list(user=request.user).order_by("-opens_at", "-pk"), query, _essay
    )


class EssayIn(Schema):
    title: str
    unit_id: Id
    audience: str = Audience.SUBTREE
    description: str = ""
    opens_at: datetime
    closes_at: datetime
    judge_ids: list[Id] = Field(description="评委的账号 id")


@router.post("/essays", response={201: EssayOut, **errors(400, 403, 422)})
def essay_create(request, data: EssayIn):
    judges = selectors.judge_candidates(user=request.user).filter(pk__in=data.judge_ids)
    contest = services.essay_contest_create(
        actor=request.user,
        title=data.title,
        unit=unit_arg(data.unit_id),
        audience=data.audience,
        description=data.description,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        judges=list(judges),
    )
    return Status(201, _essay(contest))


@router.get("/essays/{int:essay_id}", response={200: EssayOut, 404: ErrorOut})
def essay(request, essay_id: int):
    return _essay(selectors.essay_get(user=request.user, pk=essay_id))


@router.get(
    "/essays/{int:essay_id}/entries",
    response={200: list[EntryOut], 404: ErrorOut},
    summary="征文作品(作者本人、评委、组织者;公布后所有可见者)",
)
def entries(request, essay_id: int):
    contest = selectors.essay_get(user=request.user, pk=essay_id)
    qs = selectors.submission_list(user=request.user, contest=contest).order_by("rank", "pk")
    blind = selectors.essay_blind(user=request.user, contest=contest)
    return [_entry(e, blind=blind) for e in qs[:500]]


@router.post(
    "/essays/{int:essay_id}/entries",
    response={201: EntryOut, **errors(400, 403, 404, 409)},
    summary="投稿(multipart:title、body,可附 upload 文件)",
)
def entry_submit(request, essay_id: int, data: Form[EntryIn], upload: File[UploadedFile] = None):
    contest = selectors.essay_get(user=request.user, pk=essay_id)
    e = services.essay_submit(
        actor=request.user, contest=contest, title=data.title, body=data.body, upload=upload
    )
    return Status(201, _entry(e))


@router.post(
    "/entries/{int:entry_id}/score",
    response={200: EntryOut, **errors(400, 403, 404, 409)},
    summary="评委评分",
)
def entry_score(request, entry_id: int, data: LearningScoreIn):
    e = selectors.submission_get(user=request.user, pk=entry_id)
    services.essay_score(actor=request.user, submission=e, score=data.score, comment=data.comment)
    return _entry(e, blind=selectors.essay_blind(user=request.user, contest=e.contest))


@router.post(
    "/essays/{int:essay_id}/publish",
    response={200: EssayOut, **errors(403, 404, 409)},
    summary="公布征文结果",
)
def essay_publish(request, essay_id: int):
    contest = selectors.essay_get(user=request.user, pk=essay_id)
    return _essay(services.essay_publish(actor=request.user, contest=contest))
