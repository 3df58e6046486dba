"""My learning, courses and materials, required-course assignments, study hours, summaries."""

from datetime import date
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.charts import BLUE, RED, bars
from apps.core.forms import action_step, bound, service_handler
from apps.core.lists import list_page_context
from apps.core.pagination import paginate

from .. import selectors, services
from ..filters import CourseFilter, QuizFilter
from ..forms import AssignmentForm, CourseForm, MaterialForm, PeriodForm
from ..permissions import can_manage, is_cadre, managed_units
from .common import cadre_only, form_page, tabs


@login_required
def home(request):
    """学习教育 on a phone: required courses with deadlines, open quizzes, this year's hours."""
    user = request.user
    now = timezone.now()
    quizzes = QuizFilter({"state": "open"}, queryset=selectors.quiz_list(user=user)).qs
    return render(
        request,
        "learning/home.html",
        {
            "required": selectors.my_required(user=user),
            "quizzes": list(quizzes.order_by("closes_at")[:10]),
            "hours": selectors.my_hours(user=user, year=timezone.localdate().year),
            "is_cadre": is_cadre(user),
            "tabs": tabs(user),
            "now": now,
        },
    )


@login_required
def hours(request):
    """My study hours: by quarter of a year, and the courses behind them."""
    year = PeriodForm(request.GET).value("year", timezone.localdate().year)
    return render(
        request,
        "learning/hours.html",
        {
            "year": year,
            "data": selectors.my_hours(user=request.user, year=year),
            "tabs": tabs(request.user),
        },
    )


@login_required
def course_list(request):
    """The course library (and, for cadres, their units' courses)."""
    user = request.user
    ctx = list_page_context(
        request, CourseFilter, selectors.course_list(user=user), order=("-created_at", "-pk")
    )
    return render(
        request,
        "learning/course_list.html",
        {
            **ctx,
            "done": selectors.my_finished(user=user, courses=ctx["page"].object_list),
            "is_cadre": is_cadre(user),
            "tabs": tabs(user),
        },
    )


def _course_form(request, **kwargs):
    user = request.user
    return bound(
        request,
        CourseForm,
        units=managed_units(user),
        quizzes=selectors.quizzes_managed(user=user),
        **kwargs,
    )


@login_required
def course_create(request):
    cadre_only(request.user)
    return form_page(
        request,
        _course_form(request, initial={"is_library": True}),
        handler=service_handler(
            request,
            services.course_create,
            lambda course: reverse("learning:material_add", args=[course.pk]),
        ),
        title=_("新建课程"),
        success=_("课程已创建,请添加学习资料。"),
    )


@login_required
def course_edit(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    if not can_manage(request.user, course.unit):
        return redirect("learning:course", pk)
    initial = {
        f: getattr(course, f)
        for f in ("title", "theme", "hours", "unit", "summary", "is_library", "published", "quiz")
    }
    return form_page(
        request,
        _course_form(request, initial=initial),
        handler=service_handler(
            request, partial(services.course_update, course=course), course.get_absolute_url()
        ),
        title=_("编辑课程"),
        success=_("已保存。"),
        back=course,
    )


@login_required
def course_detail(request, pk: int):
    """A course: its materials (each marked done by the learner), the check quiz, completion
    (once the study time since the materials were first opened has passed: the page says when)."""
    user = request.user
    course = selectors.course_get(user=user, pk=pk)
    if request.method == "POST":

        def complete():
            services.course_complete(actor=user, course=course)
            return course.get_absolute_url()

        return action_step(
            request,
            handler=complete,
            success=_("课程已完成,记 %(h)s 学时。") % {"h": course.hours},
            back=course.get_absolute_url(),
        )
    materials = list(course.materials.select_related("attachment"))
    if not materials:  # nothing to open: the course page is the whole course
        services.course_open(actor=user, course=course)
    status = selectors.course_status(person=user.person, course=course) if user.person_id else None
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "materials": materials,
            "status": status,
            "study_share": selectors.study_share(),
            "can_manage": can_manage(user, course.unit),
            "assignments": list(
                selectors.assignment_list(user=user).filter(course=course).order_by("-due_on")[:5]
            ),
        },
    )


@login_required
def material_add(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    if not can_manage(request.user, course.unit):
        return redirect("learning:course", pk)
    return form_page(
        request,
        bound(request, MaterialForm),
        handler=service_handler(
            request, partial(services.material_add, course=course), course.get_absolute_url()
        ),
        title=_("添加学习资料"),
        success=_("资料已添加。"),
        back=course,
        multipart=True,
    )


@login_required
def material_detail(request, pk: int):
    """Read one material on a phone; "学完了" marks it done. Opening it the first time starts
    the course's study time (no timer, no tracking beyond that)."""
    user = request.user
    material = selectors.material_get(user=user, pk=pk)
    course = material.course
    if request.method == "POST":

        def done():
            services.material_done(actor=user, material=material)
            following = course.materials.filter(order__gt=material.order).first()
            if following is not None:
                return reverse("learning:material", args=[following.pk])
            return course.get_absolute_url()

        return action_step(request, handler=done, back=course.get_absolute_url())
    services.course_open(actor=user, course=course)
    status = selectors.course_status(person=user.person, course=course) if user.person_id else None
    return render(
        request,
        "learning/material.html",
        {
            "material": material,
            "course": course,
            "done": status is not None and material.pk in status["done"],
        },
    )


@login_required
def assignment_list(request):
    cadre_only(request.user)
    qs = selectors.assignments_managed(user=request.user).order_by("-due_on", "-pk")
    return render(
        request,
        "learning/assignment_list.html",
        {"page": paginate(qs, request.GET.get("page")), "tabs": tabs(request.user)},
    )


@login_required
def assignment_create(request):
    user = request.user
    cadre_only(user)
    form = bound(
        request,
        AssignmentForm,
        initial={"starts_on": timezone.localdate(), "course": request.GET.get("course")},
        units=managed_units(user),
        courses=selectors.course_list(user=user).filter(published=True).order_by("-created_at"),
    )
    return form_page(
        request,
        form,
        handler=service_handler(
            request,
            services.assignment_create,
            lambda assignment: reverse("learning:assignment", args=[assignment.pk]),
        ),
        title=_("安排必修课程"),
        success=_("已安排必修课程,并通知了相关人员。"),
    )


@login_required
def assignment_detail(request, pk: int):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if not can_manage(request.user, assignment.unit):
        raise Http404  # a learner's view of an assignment is their course page
    return render(
        request,
        "learning/assignment_detail.html",
        {
            "assignment": assignment,
            "progress": selectors.assignment_progress(assignment=assignment),
            "by_unit": selectors.assignment_by_unit(assignment=assignment),
            "page": paginate(
                selectors.assignment_unfinished(assignment=assignment), request.GET.get("page")
            ),
        },
    )


def _period(form: PeriodForm) -> tuple[date, date, str]:
    """The summary period: a year, or one quarter of it (?year=2026&quarter=2)."""
    year = form.value("year", timezone.localdate().year)
    quarter = form.value("quarter")
    if quarter:
        start, end = selectors.quarter_bounds(year, quarter)
        return start, end, _("%(y)d 年第 %(q)d 季度") % {"y": year, "q": quarter}
    return date(year, 1, 1), date(year + 1, 1, 1), _("%(y)d 年") % {"y": year}


def _summary_chart(rows, *, year, quarter) -> dict:
    """参学率 as bars and 人均学时 as a line on its own axis; a click opens that unit's summary."""
    links = [
        reverse("learning:summary") + f"?unit={r['unit_id']}&year={year}&quarter={quarter or ''}"
        for r in rows
    ]
    option = bars(
        [r["name"] for r in rows],
        [
            {"name": _("参学率 %"), "data": [r["rate"] or 0 for r in rows], "links": links,
             "colour": RED},
            {"name": _("人均学时"), "data": [float(r["per_person"] or 0) for r in rows],
             "links": links, "colour": BLUE},
        ],
    )  # fmt: skip
    option["yAxis"] = [{"type": "value", "max": 100}, {"type": "value"}]
    option["series"][1].update(type="line", yAxisIndex=1)
    return option


@login_required
def summary(request):
    """Unit-level study summaries for secretaries and cadres; individuals are ranked only where
    an admin switched it on."""
    user = request.user
    cadre_only(user)
    units = selectors.summary_units(user=user)
    form = PeriodForm(request.GET, units=units)
    unit = form.value("unit") or units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    start, end, label = _period(form)
    quarter = form.value("quarter")
    data = selectors.unit_summary(unit=unit, start=start, end=end)
    return render(
        request,
        "learning/summary.html",
        {
            "unit": unit,
            "units": units.filter(depth__lte=unit.depth + 2).order_by("path")[:300],
            "data": data,
            "period": label,
            "year": start.year,
            "quarter": str(quarter or ""),
            "ranking": selectors.hours_ranking(user=user, unit=unit, start=start, end=end),
            "chart": _summary_chart(data["rows"], year=start.year, quarter=quarter),
            "tabs": tabs(user),
        },
    )
