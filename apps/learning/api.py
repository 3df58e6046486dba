"""学习教育 over the API: the pages' selectors, FilterSets and services."""

from datetime import date, datetime
from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.errors import DomainError, NotFound
from apps.core.schemas import ErrorOut, Ref, file_out
from apps.orgs.models import OrgUnit

from . import selectors, services
from .choices import Audience, DrawMode, QuizKind
from .filters import CourseFilter, QuestionFilter, QuizFilter
from .models import Material, Question, QuestionBank
from .permissions import can_manage
from .services.quizzes import open_attempt

router = Router(tags=["学习教育"])


class LearningPage(Schema):
    limit: int = Field(50, ge=1, le=500, description="每页条数,1–500")
    offset: int = Field(0, ge=0, description="跳过的条数")


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def _page(qs, page: LearningPage, out, *, numbered: bool = False) -> dict:
    """A page of rows; `numbered` hands `out` each row's position in the whole list too."""
    rows = list(qs[page.offset : page.offset + page.limit])
    return {
        "count": qs.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [out(r, page.offset + i) if numbered else out(r) for i, r in enumerate(rows, 1)],
    }


def _filtered(filter_class, params: dict, queryset):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if value is not None:
            data[key] = str(value)
    filterset = filter_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise DomainError("invalid_filter", _("筛选条件无效。"), status=422)
    return filterset.qs


def _unit(pk: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise DomainError("unit_not_found", _("没有这个单位。"), field="unit_id", status=422)
    return unit


# --- courses ----------------------------------------------------------------------------------


class CourseQuery(LearningPage):
    q: str | None = Field(None, description="名称包含")
    theme: str | None = Field(None, description="situation / charter / safety / turnaround")


class CourseOut(Schema):
    id: int
    title: str
    theme: str
    theme_label: str
    hours: Decimal
    unit: Ref
    is_library: bool
    published: bool
    quiz_id: int | None


class MaterialOut(Schema):
    id: int
    order: int
    title: str
    kind: str
    body: str
    url: str
    file_url: str | None
    done: bool


class CourseDetailOut(CourseOut):
    summary: str
    materials: list[MaterialOut]
    completed_at: datetime | None
    can_complete: bool


class CoursePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CourseOut]


class CourseIn(Schema):
    title: str
    theme: str
    hours: Decimal
    unit_id: int
    summary: str = ""
    is_library: bool = True
    published: bool = True
    quiz_id: int | None = None


class RecordOut(Schema):
    course_id: int
    course: str
    hours: Decimal
    completed_at: datetime


def _course(c) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "theme": c.theme,
        "theme_label": str(c.get_theme_display()),
        "hours": c.hours,
        "unit": _ref(c.unit),
        "is_library": c.is_library,
        "published": c.published,
        "quiz_id": c.quiz_id,
    }


def _course_detail(user, pk: int) -> dict:

    course = selectors.course_get(user=user, pk=pk)
    status = services.course_status(person=user.person, course=course) if user.person_id else None
    done = status["done"] if status else set()
    return {
        **_course(course),
        "summary": course.summary,
        "materials": [
            {
                "id": m.pk,
                "order": m.order,
                "title": m.title,
                "kind": m.kind,
                "body": m.body,
                "url": m.url,
                "file_url": file_out(m.attachment)["url"] if m.attachment else None,
                "done": m.pk in done,
            }
            for m in course.materials.select_related("attachment")
        ],
        "completed_at": status["record"].completed_at if status and status["record"] else None,
        "can_complete": bool(status and status["can_complete"]),
    }


@router.get("/courses", response={200: CoursePage, 422: ErrorOut}, summary="课程(含选学课程库)")
def courses(request, query: Query[CourseQuery]):
    qs = _filtered(
        CourseFilter,
        query.dict(exclude={"limit", "offset"}),
        selectors.course_list(user=request.user),
    )
    return _page(qs.order_by("-created_at", "-pk"), query, _course)


@router.get("/courses/{int:course_id}", response={200: CourseDetailOut, 404: ErrorOut})
def course(request, course_id: int):
    return _course_detail(request.user, course_id)


@router.post(
    "/courses", response={201: CourseDetailOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut}
)
def course_create(request, data: CourseIn):
    quiz = selectors.quiz_get(user=request.user, pk=data.quiz_id) if data.quiz_id else None
    c = services.course_create(
        actor=request.user,
        title=data.title,
        theme=data.theme,
        hours=data.hours,
        unit=_unit(data.unit_id),
        summary=data.summary,
        is_library=data.is_library,
        published=data.published,
        quiz=quiz,
    )
    return Status(201, _course_detail(request.user, c.pk))


@router.put(
    "/courses/{int:course_id}",
    response={200: CourseDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="修改课程",
)
def course_update(request, course_id: int, data: CourseIn):
    course = selectors.course_get(user=request.user, pk=course_id)
    quiz = selectors.quiz_get(user=request.user, pk=data.quiz_id) if data.quiz_id else None
    services.course_update(
        actor=request.user,
        course=course,
        title=data.title,
        theme=data.theme,
        hours=data.hours,
        unit=_unit(data.unit_id),
        summary=data.summary,
        is_library=data.is_library,
        published=data.published,
        quiz=quiz,
    )
    return _course_detail(request.user, course.pk)


class MaterialIn(Schema):
    title: str
    kind: str = Field(description="text / pdf / video / link")
    body: str = Field("", description="图文正文(HTML,会被清理)")
    url: str = Field("", description="外部链接")


@router.post(
    "/courses/{int:course_id}/materials",
    response={201: CourseDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="添加学习资料(multipart:PDF 或视频放在 upload)",
)
def material_create(
    request, course_id: int, data: Form[MaterialIn], upload: File[UploadedFile] = None
):
    course = selectors.course_get(user=request.user, pk=course_id)
    services.material_add(actor=request.user, course=course, upload=upload, **data.dict())
    return Status(201, _course_detail(request.user, course.pk))


@router.post(
    "/materials/{int:material_id}/done",
    response={200: CourseDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="标记资料已学完",
)
def material_done(request, material_id: int):
    material = Material.objects.filter(pk=material_id).first()
    if material is None:
        raise NotFound()
    course = selectors.course_get(user=request.user, pk=material.course_id)
    services.material_done(actor=request.user, material=material)
    return _course_detail(request.user, course.pk)


@router.post(
    "/courses/{int:course_id}/complete",
    response={200: RecordOut, 400: ErrorOut, 404: ErrorOut},
    summary="完成课程(记学时)",
)
def course_complete(request, course_id: int):
    course = selectors.course_get(user=request.user, pk=course_id)
    r = services.course_complete(actor=request.user, course=course)
    return {
        "course_id": course.pk,
        "course": course.title,
        "hours": r.hours,
        "completed_at": r.completed_at,
    }


class QuarterOut(Schema):
    quarter: int
    hours: Decimal


class HoursOut(Schema):
    year: int
    total: Decimal
    quarters: list[QuarterOut]
    records: list[RecordOut]


@router.get("/my/hours", response=HoursOut, summary="我的学时")
def my_hours(request, year: int = Query(None, ge=2000, le=2100)):
    from django.utils import timezone

    year = year or timezone.localdate().year
    data = selectors.my_hours(user=request.user, year=year)
    return {
        "year": year,
        "total": data["total"],
        "quarters": data["quarters"],
        "records": [
            {
                "course_id": r.course_id,
                "course": r.course.title,
                "hours": r.hours,
                "completed_at": r.completed_at,
            }
            for r in data["records"]
        ],
    }


class RequiredOut(Schema):
    assignment_id: int
    course: Ref
    hours: Decimal
    due_on: date
    done_at: datetime | None
    overdue: bool


@router.get("/my/required", response=list[RequiredOut], summary="我的必修课程")
def my_required(request):
    return [
        {
            "assignment_id": r["assignment"].pk,
            "course": {"id": r["course"].pk, "name": r["course"].title},
            "hours": r["course"].hours,
            "due_on": r["assignment"].due_on,
            "done_at": r["done_at"],
            "overdue": r["overdue"],
        }
        for r in selectors.my_required(user=request.user)
    ]


# --- assignments and summaries ----------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    course: Ref
    unit: Ref
    audience: str
    starts_on: date
    due_on: date


class AssignmentDetailOut(AssignmentOut):
    people: int
    done: int
    on_time: int
    rate: float | None


class AssignmentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AssignmentOut]


class AssignmentIn(Schema):
    course_id: int
    unit_id: int
    audience: str = Audience.SUBTREE
    starts_on: date
    due_on: date


def _assignment(a) -> dict:
    return {
        "id": a.pk,
        "course": {"id": a.course_id, "name": a.course.title},
        "unit": _ref(a.unit),
        "audience": a.audience,
        "starts_on": a.starts_on,
        "due_on": a.due_on,
    }


def _assignment_detail(user, pk) -> dict:
    a = selectors.assignment_get(user=user, pk=pk)
    if not can_manage(user, a.unit):
        raise NotFound()
    p = selectors.assignment_progress(assignment=a)
    return {
        **_assignment(a),
        "people": p["total"],
        **{k: p[k] for k in ("done", "on_time", "rate")},
    }


@router.get("/assignments", response=AssignmentPage, summary="必修课程安排(本人所见)")
def assignments(request, query: Query[LearningPage]):
    qs = selectors.assignment_list(user=request.user).order_by("-due_on", "-pk")
    return _page(qs, query, _assignment)


@router.get(
    "/assignments/{int:assignment_id}",
    response={200: AssignmentDetailOut, 404: ErrorOut},
    summary="必修课程完成情况",
)
def assignment(request, assignment_id: int):
    return _assignment_detail(request.user, assignment_id)


@router.post(
    "/assignments",
    response={201: AssignmentDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def assignment_create(request, data: AssignmentIn):
    a = services.assignment_create(
        actor=request.user,
        course=selectors.course_get(user=request.user, pk=data.course_id),
        unit=_unit(data.unit_id),
        audience=data.audience,
        starts_on=data.starts_on,
        due_on=data.due_on,
    )
    return Status(201, _assignment_detail(request.user, a.pk))


class SummaryRow(Schema):
    unit_id: int
    name: str
    own: bool
    people: int
    learners: int
    rate: float | None
    records: int
    hours: Decimal
    per_person: Decimal | None


class SummaryOut(Schema):
    unit: Ref
    start: date
    end: date
    people: int
    learners: int
    rate: float | None
    hours: Decimal
    per_person: Decimal | None
    rows: list[SummaryRow]


@router.get("/summary", response={200: SummaryOut, 404: ErrorOut}, summary="单位学习汇总")
def summary(request, unit_id: int, start: date, end: date):
    unit = selectors.summary_units(user=request.user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound()
    if end <= start:
        raise DomainError("bad_period", _("结束日期须晚于开始日期。"), status=422)
    data = selectors.unit_summary(unit=unit, start=start, end=end)
    return {"unit": _ref(unit), "start": start, "end": end, **data}


# --- banks ------------------------------------------------------------------------------------


class BankOut(Schema):
    id: int
    name: str
    unit: Ref
    questions: int


class BankPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[BankOut]


class QuestionOut(Schema):
    id: int
    kind: str
    stem: str
    options: list[str]
    answer: str
    explanation: str
    tags: list[str]
    difficulty: int


class QuestionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[QuestionOut]


class QuestionQuery(LearningPage):
    q: str | None = None
    kind: str | None = Field(None, description="single / multiple / truefalse / fill")
    difficulty: int | None = Field(None, description="1 容易 / 2 中等 / 3 困难")
    tag: str | None = None


class BankIn(Schema):
    name: str
    unit_id: int
    description: str = ""


class QuestionIn(Schema):
    kind: str
    stem: str
    options: list[str] = []
    answer: str
    explanation: str = ""
    tags: str = ""
    difficulty: str = "2"


class ImportOut(Schema):
    id: int
    file_name: str
    total: int
    valid: int
    errors: list[dict]
    applied_at: datetime | None


def _bank(b) -> dict:
    return {"id": b.pk, "name": b.name, "unit": _ref(b.unit), "questions": b.n}


def _question(q: Question) -> dict:
    return {
        "id": q.pk,
        "kind": q.kind,
        "stem": q.stem,
        "options": q.options,
        "answer": q.answer,
        "explanation": q.explanation,
        "tags": q.tag_list,
        "difficulty": q.difficulty,
    }


def _import(job) -> dict:
    return {
        "id": job.pk,
        "file_name": job.file_name,
        "total": job.total,
        "valid": len(job.rows),
        "errors": job.errors,
        "applied_at": job.applied_at,
    }


@router.get("/banks", response=BankPage, summary="题库")
def banks(request, query: Query[LearningPage]):
    return _page(
        selectors.bank_list(user=request.user).order_by("-created_at", "-pk"), query, _bank
    )


@router.post("/banks", response={201: BankOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def bank_create(request, data: BankIn):
    b = services.bank_create(
        actor=request.user, name=data.name, unit=_unit(data.unit_id), description=data.description
    )
    return Status(201, {"id": b.pk, "name": b.name, "unit": _ref(b.unit), "questions": 0})


@router.get(
    "/banks/{int:bank_id}/questions",
    response={200: QuestionPage, 404: ErrorOut, 422: ErrorOut},
    summary="题库中的试题",
)
def questions(request, bank_id: int, query: Query[QuestionQuery]):
    bank = selectors.bank_get(user=request.user, pk=bank_id)
    qs = _filtered(
        QuestionFilter,
        query.dict(exclude={"limit", "offset"}),
        selectors.question_list(user=request.user, bank=bank),
    )
    return _page(qs.order_by("pk"), query, _question)


@router.post(
    "/banks/{int:bank_id}/questions",
    response={201: QuestionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def question_create(request, bank_id: int, data: QuestionIn):
    bank = selectors.bank_get(user=request.user, pk=bank_id)
    q = services.question_create(actor=request.user, bank=bank, **data.dict())
    return Status(201, _question(q))


@router.post(
    "/banks/{int:bank_id}/imports",
    response={201: ImportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="上传试题 Excel(仅校验,不写入)",
)
def bank_import(request, bank_id: int, upload: File[UploadedFile]):
    bank = selectors.bank_get(user=request.user, pk=bank_id)
    job = services.bank_import_start(actor=request.user, bank=bank, upload=upload)
    return Status(201, _import(job))


@router.post(
    "/imports/{int:import_id}/apply",
    response={200: ImportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="确认导入(全部或全不)",
)
def import_apply(request, import_id: int):
    job = selectors.import_get(user=request.user, pk=import_id)
    services.bank_import_confirm(actor=request.user, job=job)
    job.refresh_from_db()
    return _import(job)


# --- quizzes ----------------------------------------------------------------------------------


class QuizQuery(LearningPage):
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


class QuizPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[QuizOut]


class QuizIn(Schema):
    title: str
    kind: str = QuizKind.QUIZ
    unit_id: int
    audience: str = Audience.SUBTREE
    description: str = ""
    opens_at: datetime
    closes_at: datetime
    time_limit_minutes: int = 30
    max_attempts: int = 1
    pass_score: Decimal = Decimal(60)
    draw_mode: str = DrawMode.FIXED
    question_ids: list[int] = []
    bank_ids: list[int] = []
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


class RankingOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[RankOut]


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
        "unit": _ref(q.unit),
        "ranking_visible": selectors.ranking_visible(q),
    }


def _attempt(user, attempt) -> dict:
    from django.utils import timezone

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


@router.get("/quizzes", response={200: QuizPage, 422: ErrorOut}, summary="测验与知识竞赛")
def quizzes(request, query: Query[QuizQuery]):
    qs = _filtered(
        QuizFilter, query.dict(exclude={"limit", "offset"}), selectors.quiz_list(user=request.user)
    )
    return _page(qs.order_by("-opens_at", "-pk"), query, _quiz)


@router.get("/quizzes/{int:quiz_id}", response={200: QuizOut, 404: ErrorOut})
def quiz(request, quiz_id: int):
    return _quiz(selectors.quiz_get(user=request.user, pk=quiz_id))


@router.post("/quizzes", response={201: QuizOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def quiz_create(request, data: QuizIn):
    user = request.user
    q = services.quiz_create(
        actor=user,
        unit=_unit(data.unit_id),
        questions=list(
            selectors.question_list(user=user)
            .filter(pk__in=data.question_ids)
            .select_related("bank__unit")
        ),
        banks=list(QuestionBank.objects.visible_to(user).filter(pk__in=data.bank_ids)),
        **data.dict(exclude={"unit_id", "question_ids", "bank_ids"}),
    )
    return Status(201, _quiz(q))


@router.post(
    "/quizzes/{int:quiz_id}/attempts",
    response={201: AttemptOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
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
    response={200: AttemptOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="交卷(重复提交只记一次)",
)
def attempt_submit(request, attempt_id: int, data: AnswersIn):
    a = selectors.attempt_get(user=request.user, pk=attempt_id)
    a = services.attempt_submit(actor=request.user, attempt=a, answers=data.answers)
    return _attempt(request.user, a)


@router.get(
    "/quizzes/{int:quiz_id}/ranking",
    response={200: RankingOut, 404: ErrorOut},
    summary="排名(按得分、用时;可按单位)",
)
def ranking(request, quiz_id: int, query: Query[LearningPage], unit_id: int | None = None):
    quiz = selectors.quiz_get(user=request.user, pk=quiz_id)
    if not selectors.ranking_visible(quiz) and not can_manage(request.user, quiz.unit):
        raise NotFound()
    return _page(
        selectors.ranking(quiz=quiz, unit_id=unit_id),
        query,
        lambda a, rank: {
            "rank": rank,
            "person": {"id": a.person_id, "name": a.person.name},
            "unit": _ref(a.unit),
            "score": a.score,
            "duration_seconds": a.duration_seconds,
        },
        numbered=True,
    )


# --- essay contests ---------------------------------------------------------------------------


class EssayOut(Schema):
    id: int
    title: str
    unit: Ref
    audience: str
    opens_at: datetime
    closes_at: datetime
    status: str


class EssayPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EssayOut]


class EntryOut(Schema):
    id: int
    title: str
    person: Ref
    unit: Ref
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
        "unit": _ref(c.unit),
        "audience": c.audience,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "status": c.status,
    }


def _entry(e) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "person": {"id": e.person_id, "name": e.person.name},
        "unit": _ref(e.unit),
        "submitted_at": e.submitted_at,
        "score": e.score,
        "rank": e.rank,
    }


@router.get("/essays", response=EssayPage, summary="征文活动")
def essays(request, query: Query[LearningPage]):
    return _page(
        selectors.essay_list(user=request.user).order_by("-opens_at", "-pk"), query, _essay
    )


class EssayIn(Schema):
    title: str
    unit_id: int
    audience: str = Audience.SUBTREE
    description: str = ""
    opens_at: datetime
    closes_at: datetime
    judge_ids: list[int] = Field(description="评委的账号 id")


@router.post("/essays", response={201: EssayOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def essay_create(request, data: EssayIn):
    from apps.accounts.models import User

    contest = services.essay_contest_create(
        actor=request.user,
        title=data.title,
        unit=_unit(data.unit_id),
        audience=data.audience,
        description=data.description,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        judges=list(User.objects.filter(pk__in=data.judge_ids, is_active=True)),
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
    return [_entry(e) for e in qs[:500]]


@router.post(
    "/essays/{int:essay_id}/entries",
    response={201: EntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
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
    response={200: EntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="评委评分",
)
def entry_score(request, entry_id: int, data: LearningScoreIn):
    e = selectors.submission_get(user=request.user, pk=entry_id)
    services.essay_score(actor=request.user, submission=e, score=data.score, comment=data.comment)
    return _entry(e)


@router.post(
    "/essays/{int:essay_id}/publish",
    response={200: EssayOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="公布征文结果",
)
def essay_publish(request, essay_id: int):
    contest = selectors.essay_get(user=request.user, pk=essay_id)
    return _essay(services.essay_publish(actor=request.user, contest=contest))
