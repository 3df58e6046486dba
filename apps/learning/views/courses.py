"""My learning, courses and materials, required-course assignments, study hours, summaries."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

from .. import selectors, services
from ..filters import CourseFilter, QuizFilter
from ..forms import AssignmentForm, CourseForm, MaterialForm
from ..models import Material, StudyRecord
from ..permissions import can_manage, is_cadre, managed_units
from .common import cadre_only, form_error, found, paginate


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
            "now": now,
        },
    )


@login_required
def hours(request):
    """My study hours: by quarter of a year, and the courses behind them."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "learning/hours.html",
        {
            "year": year,
            "data": selectors.my_hours(user=request.user, year=year),
            "is_cadre": is_cadre(request.user),
        },
    )


@login_required
def course_list(request):
    """The course library (and, for cadres, their units' courses)."""
    filterset = CourseFilter(request.GET or None, queryset=selectors.course_list(user=request.user))
    page = paginate(filterset.qs.order_by("-created_at", "-pk"), request.GET.get("page"))
    done = set(
        StudyRecord.objects.filter(
            person_id=request.user.person_id, course_id__in=[c.pk for c in page.object_list]
        ).values_list("course_id", flat=True)
    )
    return render(
        request,
        "learning/course_list.html",
        {
            "filterset": filterset,
            "page": page,
            "done": done,
            "is_cadre": is_cadre(request.user),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def _course_form(request, data=None, initial=None):
    user = request.user
    units = managed_units(user)
    return CourseForm(
        data,
        initial=initial,
        units=units,
        quizzes=selectors.quiz_list(user=user).filter(unit__in=units.values("pk")),
    )


@login_required
def course_create(request):
    cadre_only(request.user)
    form = _course_form(request, request.POST or None, initial={"is_library": True})
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("课程已创建,请添加学习资料。"))
            return redirect("learning:material_add", course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("新建课程")})


@login_required
def course_edit(request, pk: int):
    course = found(selectors.course_get, user=request.user, pk=pk)
    if not can_manage(request.user, course.unit):
        return redirect("learning:course", pk)
    initial = {
        f: getattr(course, f)
        for f in ("title", "theme", "hours", "unit", "summary", "is_library", "published", "quiz")
    }
    form = _course_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(actor=request.user, course=course, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("learning:course", pk)
    return render(
        request, "learning/form.html", {"form": form, "title": _("编辑课程"), "back": course}
    )


@login_required
def course_detail(request, pk: int):
    """A course: its materials (each marked done by the learner), the check quiz, completion."""
    user = request.user
    course = found(selectors.course_get, user=user, pk=pk)
    if request.method == "POST":
        try:
            services.course_complete(actor=user, course=course)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("课程已完成,记 %(h)s 学时。") % {"h": course.hours})
        return redirect("learning:course", pk)
    status = services.course_status(person=user.person, course=course) if user.person_id else None
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "materials": list(course.materials.select_related("attachment")),
            "status": status,
            "can_manage": can_manage(user, course.unit),
            "assignments": list(
                selectors.assignment_list(user=user).filter(course=course).order_by("-due_on")[:5]
            ),
        },
    )


@login_required
def material_add(request, pk: int):
    course = found(selectors.course_get, user=request.user, pk=pk)
    if not can_manage(request.user, course.unit):
        return redirect("learning:course", pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_add(actor=request.user, course=course, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("资料已添加。"))
            return redirect("learning:course", pk)
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": _("添加学习资料"), "back": course, "multipart": True},
    )


@login_required
def material_detail(request, pk: int):
    """Read one material on a phone; "学完了" marks it done (no timer, no tracking)."""
    user = request.user
    material = Material.objects.select_related("course", "attachment").filter(pk=pk).first()
    if material is None:
        raise Http404
    course = found(selectors.course_get, user=user, pk=material.course_id)
    if request.method == "POST":
        try:
            services.material_done(actor=user, material=material)
        except DomainError as e:
            messages.error(request, e.message)
        following = course.materials.filter(order__gt=material.order).first()
        if following is not None:
            return redirect("learning:material", following.pk)
        return redirect("learning:course", course.pk)
    status = services.course_status(person=user.person, course=course) if user.person_id else None
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
    qs = selectors.assignment_list(user=request.user).order_by("-due_on", "-pk")
    qs = qs.filter(unit__in=managed_units(request.user).values("pk"))
    page = paginate(qs, request.GET.get("page"))
    return render(request, "learning/assignment_list.html", {"page": page})


@login_required
def assignment_create(request):
    user = request.user
    cadre_only(user)
    initial = {"starts_on": timezone.localdate(), "course": request.GET.get("course")}
    form = AssignmentForm(
        request.POST or None,
        initial=initial,
        units=managed_units(user),
        courses=selectors.course_list(user=user).filter(published=True).order_by("-created_at"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(actor=user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("已安排必修课程,并通知了相关人员。"))
            return redirect("learning:assignment", assignment.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("安排必修课程")})


@login_required
def assignment_detail(request, pk: int):
    assignment = found(selectors.assignment_get, user=request.user, pk=pk)
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


def _period(request) -> tuple[date, date, str]:
    """The summary period: a year, or one quarter of it (?year=2026&quarter=2)."""
    today = timezone.localdate()
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2000), 2100)
        quarter = int(request.GET.get("quarter") or 0)
    except ValueError:
        year, quarter = today.year, 0
    if quarter in (1, 2, 3, 4):
        start, end = selectors.quarter_bounds(year, quarter)
        return start, end, _("%(y)d 年第 %(q)d 季度") % {"y": year, "q": quarter}
    return date(year, 1, 1), date(year + 1, 1, 1), _("%(y)d 年") % {"y": year}


@login_required
def summary(request):
    """Unit-level study summaries for secretaries and cadres; individuals are ranked only where
    an admin switched it on."""
    user = request.user
    cadre_only(user)
    units = selectors.summary_units(user=user)
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = units.filter(pk=int(request.GET["unit"])).first()
    if unit is None:
        unit = units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    start, end, label = _period(request)
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
            "quarter": request.GET.get("quarter", ""),
            "ranking": selectors.hours_ranking(user=user, unit=unit, start=start, end=end),
            "chart": {
                "names": [r["name"] for r in data["rows"]],
                "rates": [r["rate"] or 0 for r in data["rows"]],
                "per_person": [float(r["per_person"] or 0) for r in data["rows"]],
            },
        },
    )
