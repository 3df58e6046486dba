"""Quizzes and knowledge contests: set up, attempts (server-timed), rankings."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Schema, Status

from apps.core.api import filtered_page, paged
from apps.core.errors import NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref

from .. import selectors, services
from ..choices import Audience, DrawMode, QuizKind
from ..filters import QuizFilter
from ..permissions import can_manage
from ..services.quizzes import open_attempt
from .common import router, unit_arg


class QuizQuery(PageQuery):
    kind: str | None = Field(None, description="quiz / contest")
    state: str | None = Field(None, description="open / upcoming / closed")


class QuizOut(Schema):
    id: int
    title: str
    kind: str
    unit: Ref
    audience: str
    opens_at: datetime
    closes_at: datetime
    time_limit_minutes: int
    max_attempts: int
    pass_score: Decimal
    draw_mode: str
    draw_count: int
    ranking_visible: bool


class QuizPage(PageOut):
    items: list[QuizOut]


class QuizIn(Schema):
    title: str
    kind: str = QuizKind.QUIZ
    unit_id: Id
    audience: str = Audience.SUBTREE
    description: str = ""
    opens_at: datetime
    closes_at: datetime
    time_limit_minutes: int = 30
    max_attempts: int = 1
    pass_score: Decimal = Decimal(60)
    draw_mode: str = DrawMode.FIXED
    question_ids: list[Id] = []
    bank_ids: list[Id] = []
    draw_tag: str = ""
    draw_difficulty: int | None = None
    draw_count: int = 10
    show_ranking: bool = False


class AttemptQuestionOut(Schema):
    id: int
    kind: str
    stem: str
    options: list[str]
    answer: str | None = Field(None, description="窗口关闭后才给出")
    correct: bool | None = Field(None, description="窗口关闭后才给出")
    given: str | list[str] | None = None


class AttemptOut(Schema):
    id: int
    quiz_id: int
    number: int
    started_at: datetime
    deadline_at: datetime
    submitted_at: datetime | None
    score: Decimal | None
    passed: bool
    correct_count: int
    total: int
    duration_seconds: int | None
    questions: list[AttemptQuestionOut]


class AnswersIn(Schema):
    answers: dict[str, str | list[str]] = Field(
        description="题目 id → 答案:单选/判断/填空为字符串,多选为字母列表"
    )


class RankOut(Schema):
    rank: int
    person: Ref
    unit: Ref
    score: Decimal
    duration_seconds: int | None


class FlaggedOut(Schema):
    attempt_id: int
    person: Ref
    unit: Ref
    score: Decimal | None
    duration_seconds: int | None


class RankingOut(PageOut):
    items: list[RankOut]
    flagged: list[FlaggedOut] | None = Field(
        None, description="用时过短、未计入排名的答卷(仅组织者可见)"
    )


def _quiz(q) -> dict:
    return {
        **{
            f: getattr(q, f)
            for f in (
                "id",
                "title",
                "kind",
                "audience",
                "opens_at",
                "closes_at",
                "time_limit_minutes",
                "max_attempts",
                "pass_score",
                "draw_mode",
                "draw_count",
            )
        },
        "unit": ref(q.unit),
        "ranking_visible": selectors.ranking_visible(q),
    }


def _attempt(user, attempt) -> dict:
    quiz = attempt.quiz
    now = timezone.now()
    taking = open_attempt(attempt, now)
    show = not taking and (quiz.window_closed(now) or can_manage(user, quiz.unit))
    correct = set(attempt.correct_ids)
    return {
        "id": attempt.pk,
        "quiz_id": attempt.quiz_id,
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "passed": attempt.passed,
        "correct_count": attempt.correct_count,
        "total": attempt.total,
        "duration_seconds": attempt.duration_seconds,
        "questions": [
            {
                "id": q.pk,
                "kind": q.kind,
                "stem": q.stem,
                "options": q.options,
                "answer": q.answer if show else None,
                # Right or wrong per question would give the key away before the window closes.
                "correct": (q.pk in correct) if show and attempt.submitted_at else None,
                "given": attempt.answers.get(str(q.pk)),
            }
            for q in selectors.attempt_questions(attempt)
        ],
    }


@router.get("/quizzes", response={200: QuizPage, **errors(422)}, summary="测验与知识竞赛")
def quizzes(request, query: Query[QuizQuery]):
    return filtered_page(
        query, QuizFilter, selectors.quiz_list(user=request.user), _quiz, order=("-opens_at", "-pk")
    )


@router.get("/quizzes/{int:quiz_id}", response={200: QuizOut, 404: ErrorOut})
def quiz(request, quiz_id: int):
    return _quiz(selectors.quiz_get(user=request.user, pk=quiz_id))


@router.post("/quizzes", response={201: QuizOut, **errors(400, 403, 422)})
def quiz_create(request, data: QuizIn):
    user = request.user
    q = services.quiz_create(
        actor=user,
        unit=unit_arg(data.unit_id),
        questions=list(
            selectors.question_list(user=user)
            .filter(pk__in=data.question_ids)
            .select_related("bank__unit")
        ),
        banks=list(selectors.bank_list(user=user).filter(pk__in=data.bank_ids)),
        **data.dict(exclude={"unit_id", "question_ids", "bank_ids"}),
    )
    return Status(201, _quiz(q))


@router.post(
    "/quizzes/{int:quiz_id}/attempts",
    response={201: AttemptOut, **errors(400, 404, 409)},
    summary="开始(或继续)答题",
)
def attempt_start(request, quiz_id: int):
    quiz = selectors.quiz_get(user=request.user, pk=quiz_id)
    attempt = services.attempt_start(actor=request.user, quiz=quiz)
    return Status(201, _attempt(request.user, attempt))


@router.get("/attempts/{int:attempt_id}", response={200: AttemptOut, 404: ErrorOut})
def attempt(request, attempt_id: int):
    return _attempt(request.user, selectors.attempt_get(user=request.user, pk=attempt_id))


@router.post(
    "/attempts/{int:attempt_id}/submit",
    response={200: AttemptOut, **errors(400, 404, 409)},
    summary="交卷(重复提交只记一次)",
)
def attempt_submit(request, attempt_id: int, data: AnswersIn):
    a = selectors.attempt_get(user=request.user, pk=attempt_id)
    a = services.attempt_submit(actor=request.user, attempt=a, answers=data.answers)
    return _attempt(request.user, a)


def _taker(a) -> dict:
    """Who took an attempt and how it went, as the ranking shows it."""
    return {
        "person": {"id": a.person_id, "name": a.person.name},
        "unit": ref(a.unit),
        "score": a.score,
        "duration_seconds": a.duration_seconds,
    }


@router.get(
    "/quizzes/{int:quiz_id}/ranking",
    response={200: RankingOut, 404: ErrorOut},
    summary="排名(按得分、用时;可按单位)",
)
def ranking(
    request,
    quiz_id: int,
    query: Query[PageQuery],
    unit_id: int | None = Query(None, ge=1, le=2**31 - 1),
):
    """Implausibly fast attempts are left out (`flagged` lists them for the organiser)."""
    quiz = selectors.quiz_get(user=request.user, pk=quiz_id)
    manage = can_manage(request.user, quiz.unit)
    if not selectors.ranking_visible(quiz) and not manage:
        raise NotFound()
    page = paged(
        selectors.ranking(quiz=quiz, unit_id=unit_id),
        query,
        lambda a, ranks: {"rank": ranks[a.pk], **_taker(a)},
        lookup=lambda rows: {a.pk: query.offset + i for i, a in enumerate(rows, 1)},
    )
    if manage:
        page["flagged"] = [
            {"attempt_id": a.pk, **_taker(a)} for a in selectors.flagged_attempts(quiz=quiz)[:200]
        ]
    return page
