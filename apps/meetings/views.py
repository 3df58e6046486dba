"""Meeting pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py and permissions.py."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core.audit import history_rows
from apps.core.errors import DomainError, NotFound
from apps.core.pagination import paginate

from . import selectors, services, signin
from .choices import AttendanceStatus, MeetingStatus
from .filters import MeetingFilter
from .forms import CloseForm, MakeupForm, MaterialsForm, MeetingForm, ReasonForm
from .models import MeetingKind
from .permissions import can_manage, can_plan, is_cadre, planning_units

ROLL_SHOWN = 200
MAX_PICK = 300  # above this many members the plan form invites them all without checkboxes
MAX_PERIOD_DAYS = 3 * 366
PRESETS = (("month", _l("本月")), ("quarter", _l("本季度")), ("year", _l("本年")))


def _meeting(request, pk: int):
    try:
        return selectors.meeting_get(user=request.user, pk=pk)
    except NotFound as e:
        raise Http404 from e


def _form_error(form, error: DomainError, aliases: dict | None = None) -> None:
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _options(units, selected) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((u.pk, " selected" if str(u.pk) == str(selected or "") else "", u.name) for u in units),
    )


def _parse_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _unit_param(user, params):
    raw = str(params.get("unit") or "")
    if raw.isdigit():
        return selectors.unit_choices(user=user).filter(pk=int(raw)).first()
    return None


def period_params(user, params, *, default: str = "year"):
    """The period (a preset month/quarter/year, or start–end dates) and unit from a query
    string; bad values fall back to the defaults instead of failing."""
    preset = params.get("period") or default
    period = selectors.preset_period(preset if preset in ("month", "quarter", "year") else default)
    start, end = _parse_date(params.get("start")), _parse_date(params.get("end"))
    if start or end:
        preset = ""
        period = selectors.Period(start or period.start, end or period.end)
    if period.start > period.end:
        period.start, period.end = period.end, period.start
    if (period.end - period.start).days > MAX_PERIOD_DAYS:
        period.start = period.end - timedelta(days=MAX_PERIOD_DAYS)
    return period, _unit_param(user, params), preset


# --- list, plan, detail -----------------------------------------------------------------------


@login_required
def meeting_list(request):
    """The meeting ledger for cadres; an employee goes to their own meetings."""
    user = request.user
    if not is_cadre(user):
        return redirect("meetings:mine")
    filterset = MeetingFilter(request.GET or None, queryset=selectors.meeting_list(user=user))
    qs = filterset.qs.order_by("-starts_at", "-pk")
    page = paginate(qs, request.GET.get("page"))
    counts = selectors.roll_counts([m.pk for m in page.object_list])
    for m in page.object_list:
        m.counts = counts.get(m.pk)
    return render(
        request,
        "meetings/list.html",
        {
            "filterset": filterset,
            "page": page,
            "unit_options": _options(selectors.unit_choices(user=user), request.GET.get("unit")),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_plan": can_plan(user),
        },
    )


def _members(unit, extra_ids=()):
    from apps.orgs.models import Person

    members = services.unit_members(unit)
    if extra_ids:
        members = Person.objects.filter(
            pk__in=list(members.values_list("pk", flat=True)) + list(extra_ids)
        )
    return list(members.order_by("employee_no").only("pk", "name", "employee_no")[: MAX_PICK + 1])


def _invitees(request, form, members, *, actor):
    """The chosen members (all of them when the list was too long to show) plus those named
    by 工号."""
    from apps.orgs.models import Person

    data = form.cleaned_data
    if request.POST.get("pick") == "1":
        chosen = list(Person.objects.filter(pk__in=[int(i) for i in data["invitees"]]))
    else:
        chosen = list(members)
    extra = services.people_by_numbers(actor=actor, numbers=data["extra"], field="extra_nos")
    return chosen + extra


def _person_by_no(actor, number, field):
    if not number:
        return None
    return services.people_by_numbers(actor=actor, numbers=[number.strip()], field=field)[0]


@login_required
def meeting_create(request):
    """Plan a meeting: first the unit and kind (the compliance view links here with both), then
    the details with the unit's members ticked."""
    user = request.user
    if not can_plan(user):
        raise PermissionDenied
    units = planning_units(user).order_by("path")
    source = request.POST if request.method == "POST" else request.GET
    unit = (
        units.filter(pk=source.get("unit")).first()
        if str(source.get("unit") or "").isdigit()
        else None
    )
    kind = (
        MeetingKind.objects.filter(pk=source.get("kind"), active=True).first()
        if str(source.get("kind") or "").isdigit()
        else None
    )
    if unit is None:
        return render(
            request,
            "meetings/pick.html",
            {
                "unit_options": _options(units, None),
                "kinds": MeetingKind.objects.filter(active=True),
                "kind": kind,
            },
        )
    members = services.unit_members(unit)
    total = members.count()
    shown = _members(unit) if total <= MAX_PICK else []
    start = (timezone.localtime() + timedelta(days=1)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    person = user.person
    initial = {
        "unit": unit.pk,
        "kind": kind.pk if kind else None,
        "starts_at": start,
        "ends_at": start + timedelta(hours=1, minutes=30),
        "host_no": person.employee_no if person else "",
        "invitees": [str(p.pk) for p in shown],
        "topic": f"{kind.name}" if kind else "",
    }
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        units=units,
        members=shown,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.meeting_plan(
                actor=user,
                unit=d["unit"],
                kind=d["kind"],
                topic=d["topic"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                online_url=d["online_url"],
                host=_person_by_no(user, d["host_no"], "host_no"),
                recorder=_person_by_no(user, d["recorder_no"], "recorder_no"),
                agenda=d["agenda"],
                invitees=_invitees(request, form, members.order_by("employee_no"), actor=user),
                materials=request.FILES.getlist("materials"),
            )
        except DomainError as e:
            _form_error(form, e, {"host": "host_no", "recorder": "recorder_no"})
        else:
            messages.success(request, _("会议已安排,已通知参会人员。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "unit": unit, "total": total, "pick": bool(shown), "title": _("安排会议")},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    user = request.user
    now = timezone.now()
    manage = can_manage(user, meeting)
    mine = selectors.my_attendance(user=user, meeting=meeting)
    photos, files = selectors.attachments_of(meeting)
    rows, q = [], (request.GET.get("q") or "").strip()
    if manage or is_cadre(user):
        # A company-wide study session invites thousands: show a searchable slice of the roll.
        roll = selectors.roll(meeting=meeting)
        if q:
            roll = roll.filter(Q(person__name__contains=q) | Q(person__employee_no__startswith=q))
        rows = list(roll[:ROLL_SHOWN])
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "manage": manage,
            "mine": mine,
            "rows": rows,
            "counts": selectors.roll_counts([meeting.pk]).get(meeting.pk),
            "photos": photos,
            "files": files,
            "signin_open": signin.signin_open(meeting, now),
            "started": now >= meeting.starts_at,
            "history": history_rows(meeting, values=False, limit=20) if manage else [],
            "leave_requests": list(
                selectors.roll(meeting=meeting).filter(status=AttendanceStatus.LEAVE_REQUESTED)
            )
            if manage
            else [],
            "q": q,
            "roll_shown": ROLL_SHOWN,
            "materials_form": MaterialsForm() if manage and meeting.is_planned else None,
        },
    )


def _manager(request, pk):
    meeting = _meeting(request, pk)
    if not can_manage(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
def meeting_edit(request, pk: int):
    """Before closing: the plan. After: the record only, and each change is audited."""
    meeting = _manager(request, pk)
    user = request.user
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    if meeting.is_closed:
        return _amend(request, meeting)
    current = list(meeting.attendances.values_list("person_id", flat=True))
    shown = _members(meeting.unit, current) if len(current) <= MAX_PICK else []
    form = MeetingForm(
        request.POST or None,
        units=planning_units(user),
        members=shown,
        editing=True,
        initial={
            "topic": meeting.topic,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "host_no": meeting.host.employee_no,
            "recorder_no": meeting.recorder.employee_no if meeting.recorder else "",
            "agenda": meeting.agenda,
            "invitees": [str(i) for i in current],
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitees = None
            if request.POST.get("pick") == "1" or d["extra"]:
                from apps.orgs.models import Person

                invitees = _invitees(
                    request, form, Person.objects.filter(pk__in=current), actor=user
                )
            services.meeting_update(
                actor=user,
                meeting=meeting,
                topic=d["topic"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                online_url=d["online_url"],
                host=_person_by_no(user, d["host_no"], "host_no"),
                recorder=_person_by_no(user, d["recorder_no"], "recorder_no"),
                agenda=d["agenda"],
                invitees=invitees,
            )
        except DomainError as e:
            _form_error(form, e, {"host": "host_no", "recorder": "recorder_no"})
        else:
            messages.success(request, _("已保存。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "unit": meeting.unit,
            "meeting": meeting,
            "total": len(current),
            "pick": bool(shown),
            "title": _("修改会议"),
        },
        status=400 if form.errors else 200,
    )


def _amend(request, meeting):
    form = CloseForm(
        request.POST or None,
        request.FILES or None,
        initial={"minutes": meeting.minutes, "resolutions": meeting.resolutions},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_amend(
                actor=request.user,
                meeting=meeting,
                minutes=d["minutes"],
                resolutions=d["resolutions"],
                photos=request.FILES.getlist("photos"),
                files=request.FILES.getlist("files"),
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("已保存。修改已记入会议的变更记录。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/close.html",
        {"form": form, "meeting": meeting, "title": _("修改会议记录"), "amend": True},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_close(request, pk: int):
    meeting = _manager(request, pk)
    form = CloseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_close(
                actor=request.user,
                meeting=meeting,
                minutes=d["minutes"],
                resolutions=d["resolutions"],
                photos=request.FILES.getlist("photos"),
                files=request.FILES.getlist("files"),
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("会议已结束归档,缺席人员已收到补学任务。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/close.html",
        {"form": form, "meeting": meeting, "title": _("结束会议并归档")},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_cancel(request, pk: int):
    meeting = _manager(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("会议已取消,已通知参会人员。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/reason.html",
        {
            "form": form,
            "meeting": meeting,
            "title": _("取消会议"),
            "intro": _("取消原因会通知给全体参会人员。"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def materials_add(request, pk: int):
    meeting = _manager(request, pk)
    try:
        n = services.materials_add(
            actor=request.user, meeting=meeting, files=request.FILES.getlist("materials")
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已上传 %(n)d 个文件。") % {"n": n})
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def sign_in_manual(request, pk: int):
    meeting = _manager(request, pk)
    try:
        n = services.attendance_sign_in_manual(
            actor=request.user,
            meeting=meeting,
            person_ids=[i for i in request.POST.getlist("people") if i.isdigit()],
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已代签 %(n)d 人。") % {"n": n})
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#roll")


@login_required
@require_POST
def leave_decide(request, pk: int, attendance_pk: int):
    meeting = _manager(request, pk)
    row = meeting.attendances.filter(pk=attendance_pk).first()
    if row is None:
        raise Http404
    try:
        services.leave_decide(
            actor=request.user, attendance=row, approve=request.POST.get("approve") == "1"
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已处理请假申请。"))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#roll")


@login_required
def leave_request(request, pk: int):
    meeting = _meeting(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("请假申请已提交,等待主持人审批。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/reason.html",
        {
            "form": form,
            "meeting": meeting,
            "title": _("请假"),
            "intro": _("请写明请假事由,由会议主持人审批。会后需完成补学。"),
        },
        status=400 if form.errors else 200,
    )


# --- my meetings and 补学 ---------------------------------------------------------------------


@login_required
def mine(request):
    user = request.user
    page = paginate(selectors.my_history(user=user), request.GET.get("page"))
    return render(
        request,
        "meetings/mine.html",
        {
            "upcoming": list(selectors.my_upcoming(user=user)[:20]),
            "makeups": list(selectors.my_makeups(user=user)[:20]),
            "page": page,
            "is_cadre": is_cadre(user),
            "can_plan": can_plan(user),
            "now": timezone.now(),
        },
    )


@login_required
def makeup(request, pk: int):
    """A 补学 task on a phone: the minutes, resolutions and materials, then one button."""
    try:
        row = selectors.makeup_get(user=request.user, pk=pk)
    except NotFound as e:
        raise Http404 from e
    form = MakeupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.makeup_complete(
                actor=request.user, attendance=row, note=form.cleaned_data["note"]
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("补学已完成。"))
            return redirect("meetings:mine")
    photos, files = selectors.attachments_of(row.meeting)
    return render(
        request,
        "meetings/makeup.html",
        {"row": row, "meeting": row.meeting, "form": form, "photos": photos, "files": files},
        status=400 if form.errors else 200,
    )
