"""Joint-meeting pages: parse, authorise through selectors (out of scope is a 404), call a
service, render. The rules live in services.py and permissions.py."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError, NotFound
from apps.core.pagination import paginate
from apps.orgs.choices import ADMIN_KINDS
from apps.orgs.models import OrgUnit

from . import selectors, services
from .choices import SessionStatus
from .exports import MAX_ROWS, XLSX_CONTENT_TYPE, ledger_xlsx
from .filters import ActionFilter, SessionFilter
from .forms import (
    AcceptForm,
    ActionForm,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    MemberEditForm,
    MemberForm,
    MinutesForm,
    ProgressForm,
    ReassignForm,
    RequestForm,
    ResolutionForm,
    ReturnForm,
    SessionForm,
    TopicForm,
    end_of_day,
)
from .models import AgendaTopic, Attendance, JointMember, Resolution
from .permissions import can_convene, can_report, can_speak_for, is_cadre, may_convene_anywhere

CHART_SERIES = (
    ("on_time", _l("按期办结")),
    ("late", _l("逾期办结")),
    ("open", _l("在办")),
    ("overdue", _l("逾期未办结")),
)


def _get(fn, request, pk):
    try:
        return fn(user=request.user, pk=pk)
    except NotFound as e:
        raise Http404 from e


def _form_error(form, error: DomainError, aliases: dict | None = None) -> None:
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _options(rows, selected, label=lambda r: r.name):
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((r.pk, " selected" if str(r.pk) == str(selected) else "", label(r)) for r in rows),
    )


def _data(request):
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _form_page(request, form, *, title, back, intro="", header="", status=None):
    return render(
        request,
        "collab/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "header": header},
        status=status or (400 if form.errors else 200),
    )


def _form_step(request, form, *, handler, success, aliases=None, **page):
    """A form page's one step: valid input goes to `handler` (the service call, returning where
    to go next); a refusal goes back onto the form with the service's message and what was
    typed; otherwise the form page (`page`: title, back, header, intro)."""
    if form.is_bound and form.is_valid():
        try:
            next_url = handler(form.cleaned_data)
        except DomainError as e:
            _form_error(form, e, aliases)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return _form_page(request, form, **page)


# --- bodies -----------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    user = request.user
    qs = selectors.meeting_list(user=user).order_by("convener__path", "pk")
    page = paginate(qs, request.GET.get("page"))
    stats = selectors.meeting_stats([m.pk for m in page.object_list])
    for m in page.object_list:
        m.stats = stats[m.pk]
    return render(
        request,
        "collab/meeting_list.html",
        {"page": page, "meetings": page.object_list, "can_create": may_convene_anywhere(user)},
    )


@login_required
def meeting_create(request):
    user = request.user
    if not may_convene_anywhere(user):
        raise PermissionDenied
    data, _files = _data(request)
    form = MeetingForm(data, conveners=selectors.convener_units(user=user).order_by("path"))

    def create(d):
        meeting = services.meeting_create(
            actor=user,
            name=d["name"],
            convener=d["convener"],
            cadence=d["cadence"],
            description=d["description"],
        )
        return reverse("collab:meeting_detail", args=[meeting.pk])

    return _form_step(
        request,
        form,
        handler=create,
        success=_("已设立联席会议,请添加成员单位。"),
        title=_("设立联席会议"),
        back=reverse("collab:meeting_list"),
        intro=_(
            "由党委或党总支召集,定期研究部署政工、行政、工会、共青团和生产、技术、安全等条线的重点工作。"
        ),
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _get(selectors.meeting_get, request, pk)
    user = request.user
    sessions = selectors.session_list(user=user).filter(meeting=meeting).order_by("-held_at", "-pk")
    page = paginate(sessions, request.GET.get("page"))
    counts = selectors.session_counts([s.pk for s in page.object_list])
    for s in page.object_list:
        s.counts = counts[s.pk]
    figures = selectors.meeting_figures(meeting=meeting)
    return render(
        request,
        "collab/meeting_detail.html",
        {
            "meeting": meeting,
            "members": selectors.members_of(meeting),
            "page": page,
            "stats": selectors.meeting_stats([meeting.pk])[meeting.pk],
            "figures": figures,
            "chart": {
                "labels": [r["label"] for r in figures["by_session"]],
                "series": [
                    {"key": key, "name": str(name), "data": [r[key] for r in figures["by_session"]]}
                    for key, name in CHART_SERIES
                ],
                "links": {
                    key: [r["links"][key] for r in figures["by_session"]]
                    for key, _n in CHART_SERIES
                },
            },
            "convener": can_convene(user, meeting),
        },
    )


def _member_units(user, meeting):
    """Units to add as members: departments and mass organisations in reach, not yet members."""
    return (
        selectors.unit_choices(user=user, meeting=meeting)
        .exclude(kind__in=["team", "party_group", "branch", "union_branch", "league_branch"])
        .exclude(pk__in=JointMember.objects.filter(meeting=meeting).values("unit_id"))
        .order_by("path")
    )


@login_required
def member_add(request, pk: int):
    meeting = _get(selectors.meeting_get, request, pk)
    if not can_convene(request.user, meeting):
        raise PermissionDenied
    data, _files = _data(request)
    back = reverse("collab:meeting_detail", args=[meeting.pk])

    def add(d):
        services.member_add(
            actor=request.user, meeting=meeting, unit=d["unit"], line=d["line"], person=d["person"]
        )
        return back

    return _form_step(
        request,
        MemberForm(data, units=_member_units(request.user, meeting)),
        handler=add,
        success=_("已添加成员单位。"),
        title=_("添加成员单位"),
        back=back,
        header=meeting.name,
    )


@login_required
def member_edit(request, pk: int):
    member = _get(selectors.member_get, request, pk)
    if not can_convene(request.user, member.meeting):
        raise PermissionDenied
    data, _files = _data(request)
    initial = {"line": member.line, "person": member.person.employee_no if member.person else ""}
    back = reverse("collab:meeting_detail", args=[member.meeting_id])

    def update(d):
        services.member_update(
            actor=request.user, member=member, line=d["line"], person=d["person"]
        )
        return back

    return _form_step(
        request,
        MemberEditForm(data, initial=initial),
        handler=update,
        success=_("已更新成员单位。"),
        title=_("更换代表或条线"),
        back=back,
        header=f"{member.meeting.name} · {member.unit.name}",
    )


@login_required
@require_POST
def member_remove(request, pk: int):
    member = _get(selectors.member_get, request, pk)
    try:
        services.member_remove(actor=request.user, member=member)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已移除成员单位。"))
    return redirect("collab:meeting_detail", pk=member.meeting_id)


# --- sessions ---------------------------------------------------------------------------------


@login_required
def session_create(request, pk: int):
    meeting = _get(selectors.meeting_get, request, pk)
    if not can_convene(request.user, meeting):
        raise PermissionDenied
    data, _files = _data(request)

    def schedule(d):
        session = services.session_create(
            actor=request.user,
            meeting=meeting,
            held_at=d["held_at"],
            place=d["place"],
            topic_deadline=d["topic_deadline"],
        )
        return reverse("collab:session_detail", args=[session.pk])

    return _form_step(
        request,
        SessionForm(data),
        handler=schedule,
        success=_("已安排会议,已通知各成员单位代表。"),
        title=_("安排会议"),
        back=reverse("collab:meeting_detail", args=[meeting.pk]),
        header=meeting.name,
        intro=_("成员单位在截止前提交议题;召集单位排定议程。"),
    )


@login_required
def session_cancel(request, pk: int):
    session = _session_for_convener(request, pk)
    data, _files = _data(request)

    def cancel(d):
        services.session_cancel(actor=request.user, session=session, reason=d["reason"])
        return reverse("collab:meeting_detail", args=[session.meeting_id])

    return _form_step(
        request,
        CancelForm(data),
        handler=cancel,
        success=_("已取消会议,已通知各成员单位代表。"),
        title=_("取消会议"),
        back=reverse("collab:session_detail", args=[session.pk]),
        header=f"{session.meeting.name} · {session.title}",
        intro=_("取消后本次会议及其议题不再显示,各成员单位代表会收到通知。"),
    )


@login_required
def session_edit(request, pk: int):
    session = _session_for_convener(request, pk)
    data, _files = _data(request)
    initial = {
        "held_at": timezone.localtime(session.held_at),
        "place": session.place,
        "topic_deadline": timezone.localtime(session.topic_deadline),
    }
    back = reverse("collab:session_detail", args=[session.pk])

    def reschedule(d):
        services.session_reschedule(
            actor=request.user,
            session=session,
            held_at=d["held_at"],
            place=d["place"],
            topic_deadline=d["topic_deadline"],
        )
        return back

    return _form_step(
        request,
        SessionForm(data, initial=initial),
        handler=reschedule,
        success=_("已调整会议安排,已通知各成员单位代表。"),
        title=_("调整会议安排"),
        back=back,
        header=f"{session.meeting.name} · {session.title}",
    )


@login_required
def session_list(request):
    user = request.user
    if not is_cadre(user):
        # Representatives reach their sessions through the bodies they sit on.
        return redirect("collab:meeting_list")
    filterset = SessionFilter(request.GET or None, queryset=selectors.session_list(user=user))
    qs = filterset.qs.order_by("-held_at", "-pk")
    page = paginate(qs, request.GET.get("page"))
    counts = selectors.session_counts([s.pk for s in page.object_list])
    for s in page.object_list:
        s.counts = counts[s.pk]
    meetings = selectors.meeting_list(user=user).select_related(None).only("pk", "name")[:200]
    year = timezone.localdate().year
    return render(
        request,
        "collab/session_list.html",
        {
            "filterset": filterset,
            "page": page,
            "meeting_options": _options(meetings, request.GET.get("meeting")),
            "years": range(year + 1, year - 5, -1),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
def session_detail(request, pk: int):
    session = _get(selectors.session_get, request, pk)
    user = request.user
    meeting = session.meeting
    convener = can_convene(user, meeting)
    data = selectors.session_page(session=session)
    speaks = [m for m in data["members"] if can_speak_for(user, m)]
    now = timezone.now()
    return render(
        request,
        "collab/session_detail.html",
        {
            "session": session,
            "meeting": meeting,
            **data,
            "convener": convener,
            "can_order": convener and session.status == SessionStatus.PLANNED,
            "can_submit": bool(speaks)
            and session.status == SessionStatus.PLANNED
            and now <= session.topic_deadline,
            "now": now,
        },
    )


def _session_for_convener(request, pk):
    session = _get(selectors.session_get, request, pk)
    if not can_convene(request.user, session.meeting):
        raise PermissionDenied
    return session


@login_required
def topic_submit(request, pk: int):
    session = _get(selectors.session_get, request, pk)
    user = request.user
    members = [m for m in selectors.members_of(session.meeting) if can_speak_for(user, m)]
    if not members:
        raise PermissionDenied
    units = OrgUnit.objects.filter(pk__in=[m.unit_id for m in members]).order_by("path")
    data, _files = _data(request)
    back = reverse("collab:session_detail", args=[session.pk])

    def submit(d):
        services.topic_submit(
            actor=user,
            session=session,
            unit=d["unit"],
            title=d["title"],
            description=d["description"],
        )
        return back

    cutoff = timezone.localtime(session.topic_deadline).strftime("%Y-%m-%d %H:%M")
    return _form_step(
        request,
        TopicForm(data, units=units),
        handler=submit,
        success=_("议题已提交,由召集单位排定议程。"),
        title=_("提交议题"),
        back=back,
        header=f"{session.meeting.name} · {session.title}",
        intro=_("议题征集截止:%(cutoff)s") % {"cutoff": cutoff},
    )


@login_required
@require_POST
def topic_move(request, pk: int):
    """Move a topic up or down; htmx swaps the agenda in place, a plain form reloads."""
    topic = AgendaTopic.objects.filter(pk=pk).first()
    if topic is None:
        raise Http404
    session = _session_for_convener(request, topic.session_id)
    try:
        services.topic_move(actor=request.user, topic=topic, up=request.POST.get("dir") != "down")
    except DomainError as e:
        messages.error(request, e.message)
    if request.htmx:
        topics = list(AgendaTopic.objects.filter(session=session).select_related("unit"))
        return render(
            request,
            "collab/_agenda.html",
            {"topics": topics, "session": session, "convener": True},
        )
    return redirect(reverse("collab:session_detail", args=[session.pk]) + "#agenda")


@login_required
def attendance(request, pk: int):
    session = _session_for_convener(request, pk)
    members = selectors.members_of(session.meeting)
    marks = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    data, _files = _data(request)
    form = AttendanceForm(data, members=members, marks=marks)
    if data is not None and form.is_valid():
        try:
            services.attendance_record(actor=request.user, session=session, rows=form.rows_data())
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("已记录出席情况。"))
            return redirect(reverse("collab:session_detail", args=[session.pk]) + "#attendance")
    return render(
        request,
        "collab/attendance.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@login_required
def minutes(request, pk: int):
    session = _session_for_convener(request, pk)
    data, _files = _data(request)
    form = MinutesForm(data, initial={"minutes": session.minutes})
    if data is not None and form.is_valid():
        publish = "publish" in request.POST
        try:
            services.minutes_save(
                actor=request.user,
                session=session,
                minutes=form.cleaned_data["minutes"],
                publish=publish,
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(
                request, _("纪要已发布,已通知各成员单位代表。") if publish else _("纪要已保存。")
            )
            return redirect(reverse("collab:session_detail", args=[session.pk]) + "#minutes")
    return render(
        request,
        "collab/minutes.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@login_required
def resolution_add(request, pk: int):
    session = _session_for_convener(request, pk)
    data, _files = _data(request)

    def record(d):
        resolution = services.resolution_add(actor=request.user, session=session, text=d["text"])
        return reverse("collab:action_create", args=[resolution.pk])

    return _form_step(
        request,
        ResolutionForm(data),
        handler=record,
        success=_("已记录议定事项,请分解为督办事项。"),
        title=_("记录议定事项"),
        back=reverse("collab:session_detail", args=[session.pk]),
        header=f"{session.meeting.name} · {session.title}",
    )


# --- action items -----------------------------------------------------------------------------


def _owner_units(user, meeting):
    """Companies, departments and the body's member units: where an action item can land."""
    return (
        selectors.unit_choices(user=user, meeting=meeting)
        .filter(
            Q(kind__in=[k for k in ADMIN_KINDS if k != "team"])
            | Q(pk__in=JointMember.objects.filter(meeting=meeting).values("unit_id"))
        )
        .order_by("path")
    )


@login_required
def action_create(request, pk: int):
    resolution = Resolution.objects.select_related("session").filter(pk=pk).first()
    if resolution is None:
        raise Http404
    session = _session_for_convener(request, resolution.session_id)
    data, _files = _data(request)
    form = ActionForm(data, units=_owner_units(request.user, session.meeting))
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.action_create(
                actor=request.user,
                resolution=resolution,
                title=d["title"],
                expected_result=d["expected_result"],
                owner_unit=d["owner_unit"],
                owner_person=d["owner_person"],
                due_at=end_of_day(d["due_date"]) if d["due_date"] else None,
            )
        except DomainError as e:
            _form_error(form, e, {"due_at": "due_date"})
        else:
            messages.success(request, _("已交办,纳入督办。可继续为该议定事项添加督办事项。"))
            if "another" in request.POST:
                return redirect("collab:action_create", pk=resolution.pk)
            return redirect(reverse("collab:session_detail", args=[session.pk]) + "#resolutions")
    return render(
        request,
        "collab/action_create.html",
        {"form": form, "resolution": resolution, "session": session},
        status=400 if form.errors else 200,
    )


def _filtered(request):
    filterset = ActionFilter(
        request.GET or None,
        queryset=selectors.action_list(user=request.user),
        request=request,
    )
    return filterset, filterset.qs.order_by("-created_at", "-pk")


@login_required
def action_list(request):
    user = request.user
    filterset, qs = _filtered(request)
    page = paginate(qs, request.GET.get("page"))
    now = timezone.now()
    for item in page.object_list:
        item.overdue = item.is_overdue(now)
    query = request.GET.copy()
    query.pop("page", None)
    meetings = selectors.meeting_list(user=user).select_related(None).only("pk", "name")[:200]
    return render(
        request,
        "collab/action_list.html",
        {
            "filterset": filterset,
            "page": page,
            "counts": selectors.action_counts(filterset.qs, now=now),
            "meeting_options": _options(meetings, request.GET.get("meeting")),
            "export_url": reverse("collab:action_export")
            + (f"?{query.urlencode()}" if query else ""),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
def action_export(request):
    """The action-item ledger as .xlsx with the page's filters, in the user's scope."""
    _filterset, qs = _filtered(request)
    if qs.count() > MAX_ROWS:
        messages.error(
            request, _("符合条件的事项超过 %(n)d 条,请缩小筛选范围后再导出。") % {"n": MAX_ROWS}
        )
        return redirect(reverse("collab:action_list") + "?" + request.GET.urlencode())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(ledger_xlsx(qs), content_type=XLSX_CONTENT_TYPE)
    filename = f"{_('联席会议督办台账')}-{stamp}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"action-items.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@login_required
def action_detail(request, pk: int):
    item = _get(selectors.action_get, request, pk)
    user = request.user
    convener = can_convene(user, item.meeting)
    reporter = can_report(user, item)
    actions = []
    if item.is_open and reporter:
        actions.append(("progress", _("报送进展"), "btn-outline-primary"))
    allowed = services.ACTIONS.allowed(item.status)
    if "request" in allowed and reporter:
        actions.append(("request", _("申请办结"), "btn-primary"))
    if "accept" in allowed and convener:
        actions += [
            ("accept", _("同意办结"), "btn-primary"),
            ("return", _("退回续办"), "btn-outline-danger"),
        ]
    if item.is_open and convener:
        actions.append(("reassign", _("调整责任或期限"), "btn-outline-secondary"))
    return render(
        request,
        "collab/action_detail.html",
        {
            "item": item,
            "timeline": selectors.timeline(item=item),
            "actions": actions,
            "overdue": item.is_overdue(),
        },
    )


def _item_step(request, pk, *, form_class, allowed, handler, title, intro="", form_kwargs=None):
    """One step per screen: a short form, the service, back to the item (or the form with the
    service's message and what was typed)."""
    item = _get(selectors.action_get, request, pk)
    if not allowed(request.user, item):
        raise PermissionDenied
    data, files = _data(request)
    back = reverse("collab:action_detail", args=[item.pk])

    def step(d):
        handler(item, d)
        return back

    return _form_step(
        request,
        form_class(data, files, **(form_kwargs(item) if form_kwargs else {})),
        handler=step,
        success=_("已保存。"),
        aliases={"due_at": "due_date"},
        title=title,
        back=back,
        header=f"{item.number} · {item.title}",
        intro=intro,
    )


def _convener(user, item):
    return can_convene(user, item.meeting)


def _due(d):
    return end_of_day(d["due_date"]) if d.get("due_date") else None


@login_required
def action_progress(request, pk: int):
    return _item_step(
        request,
        pk,
        form_class=ProgressForm,
        allowed=can_report,
        title=_("报送进展"),
        handler=lambda item, d: services.action_progress(
            actor=request.user, item=item, note=d["note"], files=d["files"]
        ),
    )


@login_required
def action_request(request, pk: int):
    return _item_step(
        request,
        pk,
        form_class=RequestForm,
        allowed=can_report,
        title=_("申请办结"),
        intro=_("对照预期成效说明完成情况;召集单位同意后办结,退出督办。"),
        handler=lambda item, d: services.action_request_close(
            actor=request.user, item=item, note=d["note"], files=d["files"]
        ),
    )


@login_required
def action_accept(request, pk: int):
    return _item_step(
        request,
        pk,
        form_class=AcceptForm,
        allowed=_convener,
        title=_("同意办结"),
        handler=lambda item, d: services.action_accept(
            actor=request.user, item=item, note=d["note"]
        ),
    )


@login_required
def action_return(request, pk: int):
    return _item_step(
        request,
        pk,
        form_class=ReturnForm,
        allowed=_convener,
        title=_("退回续办"),
        intro=_("未达到预期成效时退回;事项重新办理,督办继续。"),
        handler=lambda item, d: services.action_return(
            actor=request.user, item=item, reason=d["reason"], due_at=_due(d)
        ),
    )


@login_required
def action_reassign(request, pk: int):
    def kwargs(item):
        return {
            "units": _owner_units(request.user, item.meeting),
            "initial": {
                "owner_unit": item.owner_unit_id,
                "owner_person": item.owner_person.employee_no,
                "due_date": timezone.localtime(item.due_at).date(),
            },
        }

    return _item_step(
        request,
        pk,
        form_class=ReassignForm,
        form_kwargs=kwargs,
        allowed=_convener,
        title=_("调整责任或期限"),
        handler=lambda item, d: services.action_reassign(
            actor=request.user,
            item=item,
            owner_unit=d["owner_unit"],
            owner_person=d["owner_person"],
            due_at=_due(d),
            note=d["note"],
        ),
    )
