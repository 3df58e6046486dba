"""Courses, materials, study hours, required courses, assignments and unit summaries."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import filtered_page, paged
from apps.core.errors import CoreError, NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, file_out, ref

from .. import selectors, services
from ..choices import Audience
from ..filters import CourseFilter
from ..permissions import can_manage
from .common import router, unit_arg


class CourseQuery(PageQuery):
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
    ready_at: datetime | None = Field(
        None, description="自首次打开资料起满规定学习时间、可以记学时的时刻"
    )


class CoursePage(PageOut):
    items: list[CourseOut]


class CourseIn(Schema):
    title: str
    theme: str
    hours: Decimal
    unit_id: Id
    summary: str = ""
    is_library: bool = True
    published: bool = True
    quiz_id: Id | None = None


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
        "unit": ref(c.unit),
        "is_library": c.is_library,
        "published": c.published,
        "quiz_id": c.quiz_id,
    }


def _course_detail(user, pk: int) -> dict:
    course = selectors.course_get(user=user, pk=pk)
    status = selectors.course_status(person=user.person, course=course) if user.person_id else None
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
        "ready_at": status["ready_at"] if status else None,
    }


@router.get("/courses", response={200: CoursePage, **errors(422)}, summary="课程(含选学课程库)")
def courses(request, query: Query[CourseQuery]):
    return filtered_page(
        query,
        CourseFilter,
        selectors.course_list(user=request.user),
        _course,
        order=("-created_at", "-pk"),
    )


@router.get("/courses/{int:course_id}", response={200: CourseDetailOut, 404: ErrorOut})
def course(request, course_id: int):
    return _course_detail(request.user, course_id)


def _course_fields(user, data: CourseIn) -> dict:
    """A course's fields from the body: its unit and its quiz (one the user sees) loaded."""
    return {
        **data.dict(exclude={"unit_id", "quiz_id"}),
        "quiz": selectors.quiz_get(user=user, pk=data.quiz_id) if data.quiz_id else None,
        "unit": unit_arg(data.unit_id),
    }


@router.post("/courses", response={201: CourseDetailOut, **errors(400, 403, 422)})
def course_create(request, data: CourseIn):
    c = services.course_create(actor=request.user, **_course_fields(request.user, data))
    return Status(201, _course_detail(request.user, c.pk))


@router.put(
    "/courses/{int:course_id}",
    response={200: CourseDetailOut, **errors(400, 403, 404, 422)},
    summary="修改课程",
)
def course_update(request, course_id: int, data: CourseIn):
    course = selectors.course_get(user=request.user, pk=course_id)
    services.course_update(actor=request.user, course=course, **_course_fields(request.user, data))
    return _course_detail(request.user, course.pk)


class MaterialIn(Schema):
    title: str
    kind: str = Field(description="text / pdf / video / link")
    body: str = Field("", description="图文正文(HTML,会被清理)")
    url: str = Field("", description="外部链接")


@router.post(
    "/courses/{int:course_id}/materials",
    response={201: CourseDetailOut, **errors(400, 403, 404)},
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
    response={200: CourseDetailOut, **errors(400, 404)},
    summary="标记资料已学完",
)
def material_done(request, material_id: int):
    material = selectors.material_get(user=request.user, pk=material_id)
    services.material_done(actor=request.user, material=material)
    return _course_detail(request.user, material.course_id)


@router.post(
    "/courses/{int:course_id}/complete",
    response={200: RecordOut, **errors(400, 404)},
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


class AssignmentPage(PageOut):
    items: list[AssignmentOut]


class AssignmentIn(Schema):
    course_id: Id
    unit_id: Id
    audience: str = Audience.SUBTREE
    starts_on: date
    due_on: date


def _assignment(a) -> dict:
    return {
        "id": a.pk,
        "course": {"id": a.course_id, "name": a.course.title},
        "unit": ref(a.unit),
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
def assignments(request, query: Query[PageQuery]):
    qs = selectors.assignment_list(user=request.user).order_by("-due_on", "-pk")
    return paged(qs, query, _assignment)


@router.get(
    "/assignments/{int:assignment_id}",
    response={200: AssignmentDetailOut, 404: ErrorOut},
    summary="必修课程完成情况",
)
def assignment(request, assignment_id: int):
    return _assignment_detail(request.user, assignment_id)


@router.post("/assignments", response={201: AssignmentDetailOut, **errors(400, 403, 404, 422)})
def assignment_create(request, data: AssignmentIn):
    a = services.assignment_create(
        actor=request.user,
        course=selectors.course_get(user=request.user, pk=data.course_id),
        unit=unit_arg(data.unit_id),
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
def summary(request, start: date, end: date, unit_id: int = Query(..., ge=1, le=2**31 - 1)):
    unit = selectors.summary_units(user=request.user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound()
    if end <= start:
        raise CoreError.BAD_DATE(field="end", message=_("结束日期须晚于开始日期。"))
    data = selectors.unit_summary(unit=unit, start=start, end=end)
    return {"unit": ref(unit), "start": start, "end": end, **data}
