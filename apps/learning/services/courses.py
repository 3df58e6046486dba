"""Courses, materials, required-course assignments and study records.

A course credits its declared hours once, when the learner has marked every material done,
passed its check quiz (if it has one), and a share of the declared hours has passed since they
first opened its materials (LearningSettings.study_share: a two-hour course is not completed in
seven seconds). No time on the page is tracked (DESIGN.md principles): only when study began."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.errors import CoreError
from apps.core.richtext import plain_text, sanitize_html
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify

from ..audience import audience_people
from ..choices import MaterialKind, Theme
from ..errors import LearningError
from ..models import (
    Course,
    CourseAssignment,
    CourseStart,
    Material,
    MaterialProgress,
    StudyRecord,
)
from ..permissions import check_manage
from ..selectors import course_status, study_share
from . import common

TITLE_MAX = 100
BODY_MAX = 100_000
UPLOAD_KINDS = {MaterialKind.PDF: {"pdf"}, MaterialKind.VIDEO: {"video"}}


def _course_fields(*, title, theme, summary, hours, unit) -> dict:
    if theme not in Theme.values:
        raise CoreError.BAD_CHOICE(field="theme", label=_("主题"))
    common.required_unit(unit, _("开课单位"))
    return {
        "title": clean_text(title, field="title", label=_("课程名称"), limit=TITLE_MAX),
        "theme": theme,
        "summary": sanitize_html(summary)[:BODY_MAX],
        "hours": common.decimal(
            hours, field="hours", label=_("学时"), low=Decimal("0.1"), high=Decimal("100")
        ),
        "unit": unit,
    }


def _check_quiz(actor, quiz):
    if quiz is not None:
        check_manage(actor, quiz.unit)
    return quiz


@transaction.atomic
def course_create(
    *, actor, title, theme, summary="", hours, unit, is_library=True, published=True, quiz=None
) -> Course:
    """A cadre opens a course for a unit their role reaches."""
    fields = _course_fields(title=title, theme=theme, summary=summary, hours=hours, unit=unit)
    check_manage(actor, unit)
    return Course.objects.create(
        **fields,
        is_library=is_library,
        published=published,
        quiz=_check_quiz(actor, quiz),
        created_by=actor,
    )


@transaction.atomic
def course_update(
    *, actor, course, title, theme, summary="", hours, unit, is_library, published, quiz=None
) -> Course:
    """Edit a course; the hours of records already credited stay as they were."""
    check_manage(actor, course.unit)
    fields = _course_fields(title=title, theme=theme, summary=summary, hours=hours, unit=unit)
    check_manage(actor, unit)
    for key, value in fields.items():
        setattr(course, key, value)
    course.is_library = is_library
    course.published = published
    course.quiz = _check_quiz(actor, quiz)
    course.save()
    return course


@transaction.atomic
def material_add(
    *, actor, course, title, kind, body="", url="", upload=None, order=None
) -> Material:
    """Add a material: rich text needs words, a PDF or video needs a file of that type, a link
    needs an http(s) address."""
    check_manage(actor, course.unit)
    title = clean_text(title, field="title", label=_("标题"), limit=TITLE_MAX)
    if kind not in MaterialKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("资料类型"))
    body = sanitize_html(body)[:BODY_MAX]
    url = (url or "").strip()
    if kind == MaterialKind.TEXT and not plain_text(body):
        raise CoreError.REQUIRED(field="body", label=_("正文"))
    if kind == MaterialKind.LINK and not url.startswith(("http://", "https://")):
        raise LearningError.BAD_URL(field="url")
    if kind in UPLOAD_KINDS and not upload:
        raise CoreError.REQUIRED(field="upload", message=_("请选择要上传的文件。"))
    if order is None:
        order = course.materials.count() + 1
    material = Material.objects.create(
        course=course,
        title=title,
        kind=kind,
        body=body if kind == MaterialKind.TEXT else "",
        url=url if kind == MaterialKind.LINK else "",
        order=order,
    )
    if kind in UPLOAD_KINDS:
        material.attachment = attachment_create(
            actor=actor, upload=upload, owner=course, kinds=UPLOAD_KINDS[kind], field="upload"
        )
        material.save(update_fields=["attachment"])
    return material


def course_open(*, actor, course, now: datetime | None = None) -> CourseStart | None:
    """The learner opens the course's materials: the first time is when their study began (the
    clock `course_complete` checks); opening again changes nothing."""
    person = getattr(actor, "person", None)
    if person is None:
        return None
    start, _created = CourseStart.objects.get_or_create(
        person=person, course=course, defaults={"opened_at": now or timezone.now()}
    )
    return start


@transaction.atomic
def material_done(*, actor, material, now: datetime | None = None) -> MaterialProgress:
    """The learner marks a material done; marking it again changes nothing."""
    person = common.person_of(actor)
    now = now or timezone.now()
    course_open(actor=actor, course=material.course, now=now)
    progress, _created = MaterialProgress.objects.get_or_create(
        person=person, material=material, defaults={"done_at": now}
    )
    return progress


def course_complete(*, actor, course, now: datetime | None = None) -> StudyRecord:
    """Credit the course's hours once, when every material is done, the check quiz passed and
    the study time has passed since the materials were first opened."""
    person = common.person_of(actor)
    now = now or timezone.now()
    status = course_status(person=person, course=course, now=now)
    if status["record"] is not None:
        return status["record"]
    if status["left"]:
        raise LearningError.MATERIALS_LEFT(n=status["left"])
    if not status["quiz_passed"]:
        raise LearningError.QUIZ_NOT_PASSED()
    if status["time_left"]:
        if status["ready_at"] is None:
            raise LearningError.NOT_STARTED()
        raise LearningError.TOO_SOON(
            hours=course.hours,
            minutes=status["needed_minutes"],
            share=study_share(),
            at=date_format(timezone.localtime(status["ready_at"]), "Y-m-d H:i"),
        )
    unit_id = person.team_id or person.department_id
    if unit_id is None:
        raise LearningError.NO_HOME_UNIT()
    try:
        with transaction.atomic():
            return StudyRecord.objects.create(
                person=person,
                course=course,
                unit_id=unit_id,
                hours=course.hours,
                completed_at=now,
            )
    except IntegrityError:  # a double click: the first one credited the hours
        return StudyRecord.objects.get(person=person, course=course)


@transaction.atomic
def assignment_create(
    *, actor, course, unit, audience, starts_on: date, due_on: date
) -> CourseAssignment:
    """Make a course required for a unit's people (or party members, or every employee of a
    company) by a deadline; they are told once."""
    common.required_unit(unit, _("单位"))
    check_manage(actor, unit)
    audience = common.audience(audience, unit)
    if due_on < starts_on:
        raise LearningError.BAD_WINDOW(field="due_on", message=_("完成期限不能早于开始日期。"))
    if not course.published:
        raise LearningError.NOT_PUBLISHED(field="course", message=_("请先发布该课程。"))
    assignment = CourseAssignment.objects.create(
        course=course,
        unit=unit,
        audience=audience,
        starts_on=starts_on,
        due_on=due_on,
        created_by=actor,
    )
    users = User.objects.filter(
        is_active=True, person__in=audience_people(unit, audience).values("pk")
    )
    notify(
        users=users.iterator(chunk_size=2000),
        title=_("必修课程:%(title)s,请于 %(due)s 前完成")
        % {"title": course.title, "due": due_on.isoformat()},
        url=reverse("learning:course", args=[course.pk]),
        dedupe_key=f"learning:assignment:{assignment.pk}",
    )
    return assignment


REMIND_DAYS = 3


def assignments_remind(*, now: datetime) -> int:
    """Three days before a required course's deadline, remind once those it is for who have not
    completed it (the periodic tick; a second run sends nothing)."""
    today = timezone.localtime(now).date()
    due = CourseAssignment.objects.filter(
        reminded_at__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(REMIND_DAYS)
    ).select_related("course", "unit")
    sent = 0
    for assignment in due:
        with transaction.atomic():
            claimed = CourseAssignment.objects.filter(
                pk=assignment.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            finished = StudyRecord.objects.filter(course_id=assignment.course_id).values(
                "person_id"
            )
            people = audience_people(assignment.unit, assignment.audience).exclude(pk__in=finished)
            users = list(User.objects.filter(is_active=True, person__in=people.values("pk")))
            notify(
                users=users,
                title=_("请于 %(due)s 前完成必修课程:%(title)s")
                % {"due": assignment.due_on.isoformat(), "title": assignment.course.title},
                url=reverse("learning:course", args=[assignment.course_id]),
                dedupe_key=f"learning:assignment:{assignment.pk}:remind",
            )
            sent += len(users)
    return sent
