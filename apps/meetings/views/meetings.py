"""A meeting's life on the pages: the ledger, planning, the meeting's page, changing, closing and
cancelling it, materials, the host's sign-in and leave decisions; my meetings and 补学."""

from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.audit import history_rows
from apps.core.forms import action_step, bound, form_step, service_step
from apps.core.lists import list_page_context, options
from apps.core.pagination import paginate
from apps.core.params import query_row
from apps.orgs.choices import UnitKind
from apps.orgs.models import Person

from .. import selectors, services, signin
from ..choices import AttendanceStatus, MeetingStatus
from ..filters import MeetingFilter
from ..forms import CloseForm, MakeupForm, MaterialsForm, MeetingForm, ReasonForm
from ..models import MeetingKind
from ..permissions import can_manage, can_plan, can_review_record, is_cadre, planning_units
from .common import managed, person_by_no, tabs

ROLL_SHOWN = 200
MAX_PICK = 300  # above this many members the plan form invites them all without checkboxes
PERSON_ALIASES = {"host": "host_no", "recorder": "recorder_no"}


@login_required
def meeting_list(request):
    """The meeting ledger for cadres; an employee goes to their own meetings."""
    user = request.user
    if not is_cadre(user):
        return redirect("meetings:mine")
    ctx = list_page_context(
        request, MeetingFilter, selectors.meeting_list(user=user), order=("-starts_at", "-pk")
    )
    counts = selectors.roll_counts([m.pk for m in ctx["page"].object_list])
    for m in ctx["page"].object_list:
        m.counts = counts.get(m.pk)
    return render(
        request,
        "meetings/list.html",
        {
            **tabs(request, "list"),
            **ctx,
            "unit_options": options(selectors.unit_choices(user=user), request.GET.get("unit")),
        },
    )


def members_shown(unit, extra_ids=()):
    """The unit's members (and `extra_ids`) to tick on a form, or more than MAX_PICK of them."""
    members = services.unit_members(unit)
    if extra_ids:
        members = Person.objects.filter(
            pk__in=list(members.values_list("pk", flat=True)) + list(extra_ids)
        )
    return list(members.order_by("employee_no").only("pk", "name", "employee_no")[: MAX_PICK + 1])


def invitees(request, data, members, *, actor):
    """The ticked members (all of them when the list was too long to show) plus those named
    by 工号."""
    if request.POST.get("pick") == "1":
        chosen = list(Person.objects.filter(pk__in=[int(i) for i in data["invitees"]]))
    else:
        chosen = list(members)
    extra = services.people_by_numbers(actor=actor, numbers=data["extra"], field="extra_nos")
    return chosen + extra


def fitting_kinds(unit):
    """The active kinds a unit may hold: 党小组会 for a party group, the others elsewhere."""
    group = unit.kind == UnitKind.PARTY_GROUP
    return MeetingKind.objects.filter(
        active=True, unit_kind=UnitKind.PARTY_GROUP if group else UnitKind.BRANCH
    )


def picked(request, units):
    """The unit and kind chosen on the first step (the compliance view links with both)."""
    source = request.POST if request.method == "POST" else request.GET
    return query_row(units, source, "unit"), query_row(
        MeetingKind.objects.filter(active=True), source, "kind"
    )


def plan_initial(request, unit, kind, shown, *, start) -> dict:
    person = request.user.person
    return {
        "unit": unit.pk,
        "kind": kind.pk if kind else None,
        "starts_at": start,
        "ends_at": start + timedelta(hours=1, minutes=30),
        "host_no": person.employee_no if person else "",
        "invitees": [str(p.pk) for p in shown],
        "topic": f"{kind.name}" if kind else "",
    }


def pick_page(request, units, kind, *, next_name: str, title):
    return render(
        request,
        "meetings/pick.html",
        {
            "unit_options": options(units, None),
            "kinds": MeetingKind.objects.filter(active=True),
            "kind": kind,
            "title": title,
            "action": reverse(next_name),
        },
    )


def meeting_fields(user, d) -> dict:
    """A meeting's own fields from its form, as planning, changing and 补录 pass them on."""
    return {
        "topic": d["topic"],
        "starts_at": d["starts_at"],
        "ends_at": d["ends_at"],
        "place": d["place"],
        "online_url": d["online_url"],
        "host": person_by_no(user, d["host_no"], "host_no"),
        "recorder": person_by_no(user, d["recorder_no"], "recorder_no"),
        "agenda": d["agenda"],
    }


def unit_meeting_page(
    request, form_class, *, next_name, title, start_in_days, template, success, save
):
    """Planning and 补录 alike: the unit and kind first, then the form with the unit's members
    to tick (none shown above MAX_PICK) and the start at 14:30 `start_in_days` from today;
    `save(d, members, shown)` stores the meeting and the user goes to its page."""
    user = request.user
    if not can_plan(user):
        raise PermissionDenied
    units = planning_units(user).order_by("path")
    unit, kind = picked(request, units)
    if unit is None:
        return pick_page(request, units, kind, next_name=next_name, title=title)
    members = services.unit_members(unit)
    total = members.count()
    shown = members_shown(unit) if total <= MAX_PICK else []
    start = (timezone.localtime() + timedelta(days=start_in_days)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    form = bound(
        request,
        form_class,
        units=units,
        members=shown,
        initial=plan_initial(request, unit, kind, shown, start=start),
    )
    form.fields["kind"].queryset = fitting_kinds(unit)

    def handler(d):
        meeting = save(d, members, shown)
        return reverse("meetings:detail", args=[meeting.pk])

    return form_step(
        request,
        form,
        handler=handler,
        template=template,
        context={"unit": unit, "total": total, "pick": bool(shown), "title": title},
        success=success,
        aliases=PERSON_ALIASES,
    )


@login_required
def meeting_create(request):
    """Plan a meeting: first the unit and kind, then the details with the unit's members
    ticked (a party group's recorded members)."""
    user = request.user

    def plan(d, members, _shown):
        return services.meeting_plan(
            actor=user,
            unit=d["unit"],
            kind=d["kind"],
            **meeting_fields(user, d),
            # Nobody chosen: the service's default (the members), which names what is missing.
            invitees=invitees(request, d, members.order_by("employee_no"), actor=user) or None,
            materials=d["materials"],
        )

    return unit_meeting_page(
        request,
        MeetingForm,
        next_name="meetings:create",
        title=_("安排会议"),
        start_in_days=1,
        template="meetings/form.html",
        success=_("会议已安排,已通知参会人员。"),
        save=plan,
    )


@login_required
def meeting_detail(request, pk: int):
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
    now = timezone.now()
    manage = can_manage(user, meeting)
    photos, files = selectors.attachments_of(meeting)
    rows, q = [], (request.GET.get("q") or "").strip()
    if manage or is_cadre(user):
        # A company-wide study session invites thousands: show a searchable slice of the roll.
        roll = selectors.roll(meeting=meeting)
        if q:
            roll = roll.filter(Q(person__name__contains=q) | Q(person__employee_no__startswith=q))
        rows = list(roll[:ROLL_SHOWN])
    review = selectors.record_review_of(meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "manage": manage,
            "mine": selectors.my_attendance(user=user, meeting=meeting),
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
            "review": review,
            "can_review": review is not None
            and review.status == "pending"
            and can_review_record(user, meeting),
        },
    )


@login_required
def meeting_edit(request, pk: int):
    """Before closing: the plan. After: the record only, and each change is audited."""
    meeting = managed(request, pk)
    user = request.user
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    if meeting.is_closed:
        return _amend(request, meeting)
    current = list(meeting.attendances.values_list("person_id", flat=True))
    shown = members_shown(meeting.unit, current) if len(current) <= MAX_PICK else []
    form = bound(
        request,
        MeetingForm,
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

    def update(d):
        chosen = None
        if request.POST.get("pick") == "1" or d["extra"]:
            chosen = invitees(request, d, Person.objects.filter(pk__in=current), actor=user)
        services.meeting_update(
            actor=user, meeting=meeting, **meeting_fields(user, d), invitees=chosen
        )
        return reverse("meetings:detail", args=[meeting.pk])

    return form_step(
        request,
        form,
        handler=update,
        template="meetings/form.html",
        context={
            "unit": meeting.unit,
            "meeting": meeting,
            "total": len(current),
            "pick": bool(shown),
            "title": _("修改会议"),
        },
        success=_("已保存。"),
        aliases=PERSON_ALIASES,
    )


def _meeting_step(request, meeting, form_class, service, *, template, success, initial=None, **ctx):
    """A form on one meeting whose fields are the service's arguments; back to the meeting."""
    return service_step(
        request,
        bound(request, form_class, initial=initial),
        service=partial(service, meeting=meeting),
        back=reverse("meetings:detail", args=[meeting.pk]),
        template=template,
        context={"meeting": meeting, **ctx},
        success=success,
    )


def _amend(request, meeting):
    return _meeting_step(
        request,
        meeting,
        CloseForm,
        services.meeting_amend,
        template="meetings/close.html",
        success=_("已保存。修改已记入会议的变更记录。"),
        initial={"minutes": meeting.minutes, "resolutions": meeting.resolutions},
        title=_("修改会议记录"),
        amend=True,
    )


@login_required
def meeting_close(request, pk: int):
    return _meeting_step(
        request,
        managed(request, pk),
        CloseForm,
        services.meeting_close,
        template="meetings/close.html",
        success=_("会议已结束归档,缺席人员已收到补学任务。"),
        title=_("结束会议并归档"),
    )


@login_required
def meeting_cancel(request, pk: int):
    return _meeting_step(
        request,
        managed(request, pk),
        ReasonForm,
        services.meeting_cancel,
        template="meetings/reason.html",
        success=_("会议已取消,已通知参会人员。"),
        title=_("取消会议"),
        intro=_("取消原因会通知给全体参会人员。"),
    )


@login_required
@require_POST
def materials_add(request, pk: int):
    meeting = managed(request, pk)
    form = MaterialsForm(request.POST, request.FILES)
    files = form.cleaned_data["materials"] if form.is_valid() else []
    back = reverse("meetings:detail", args=[meeting.pk])

    def add():
        n = services.materials_add(actor=request.user, meeting=meeting, files=files)
        messages.success(request, _("已上传 %(n)d 个文件。") % {"n": n})
        return back

    return action_step(request, handler=add, back=back)


@login_required
@require_POST
def sign_in_manual(request, pk: int):
    meeting = managed(request, pk)
    back = reverse("meetings:detail", args=[meeting.pk]) + "#roll"
    people = [i for i in request.POST.getlist("people") if i.isdigit() and len(i) < 19]

    def sign():
        n = services.attendance_sign_in_manual(
            actor=request.user, meeting=meeting, person_ids=people
        )
        messages.success(request, _("已代签 %(n)d 人。") % {"n": n})
        return back

    return action_step(request, handler=sign, back=back)


@login_required
@require_POST
def leave_decide(request, pk: int, attendance_pk: int):
    meeting = managed(request, pk)
    row = meeting.attendances.filter(pk=attendance_pk).first()
    if row is None:
        raise Http404
    back = reverse("meetings:detail", args=[meeting.pk]) + "#roll"

    def decide():
        services.leave_decide(
            actor=request.user, attendance=row, approve=request.POST.get("approve") == "1"
        )
        return back

    return action_step(request, handler=decide, success=_("已处理请假申请。"), back=back)


@login_required
def leave_request(request, pk: int):
    return _meeting_step(
        request,
        selectors.meeting_get(user=request.user, pk=pk),
        ReasonForm,
        services.leave_request,
        template="meetings/reason.html",
        success=_("请假申请已提交,等待主持人审批。"),
        title=_("请假"),
        intro=_("请写明请假事由,由会议主持人审批。会后需完成补学。"),
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
            **tabs(request, "mine"),
            "upcoming": list(selectors.my_upcoming(user=user)[:20]),
            "makeups": list(selectors.my_makeups(user=user)[:20]),
            "page": page,
            "now": timezone.now(),
        },
    )


@login_required
def makeup(request, pk: int):
    """A 补学 task on a phone: the minutes, resolutions and materials, then one button."""
    row = selectors.makeup_get(user=request.user, pk=pk)
    photos, files = selectors.attachments_of(row.meeting)

    def complete(d):
        services.makeup_complete(actor=request.user, attendance=row, note=d["note"])
        return reverse("meetings:mine")

    return form_step(
        request,
        bound(request, MakeupForm),
        handler=complete,
        template="meetings/makeup.html",
        context={"row": row, "meeting": row.meeting, "photos": photos, "files": files},
        success=_("补学已完成。"),
    )
