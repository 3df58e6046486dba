"""Sessions of a body: scheduling, the agenda, attendance, minutes and resolutions."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import attempt, bound, form_step, service_handler
from apps.core.lists import list_page_context, options
from apps.orgs.models import OrgUnit

from .. import selectors, services
from ..choices import SessionStatus
from ..filters import SessionFilter
from ..forms import AttendanceForm, CancelForm, MinutesForm, ResolutionForm, SessionForm, TopicForm
from ..models import AgendaTopic, Attendance
from ..permissions import can_convene, can_speak_for, is_cadre
from .common import form_page, tabs


def _session_for_convener(request, pk):
    session = selectors.session_get(user=request.user, pk=pk)
    if not can_convene(request.user, session.meeting):
        raise PermissionDenied
    return session


def _header(session) -> str:
    return f"{session.meeting.name} · {session.title}"


@login_required
def session_create(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not can_convene(request.user, meeting):
        raise PermissionDenied

    return form_page(
        request,
        bound(request, SessionForm),
        handler=service_handler(request, partial(services.session_create, meeting=meeting)),
        success=_("已安排会议,已通知各成员单位代表。"),
        title=_("安排会议"),
        back=meeting.get_absolute_url(),
        header=meeting.name,
        intro=_("成员单位在截止前提交议题;召集单位排定议程。"),
    )


@login_required
def session_cancel(request, pk: int):
    session = _session_for_convener(request, pk)

    return form_page(
        request,
        bound(request, CancelForm),
        handler=service_handler(
            request,
            partial(services.session_cancel, session=session),
            reverse("collab:meeting_detail", args=[session.meeting_id]),
        ),
        success=_("已取消会议,已通知各成员单位代表。"),
        title=_("取消会议"),
        back=session.get_absolute_url(),
        header=_header(session),
        intro=_("取消后本次会议及其议题不再显示,各成员单位代表会收到通知。"),
    )


@login_required
def session_edit(request, pk: int):
    session = _session_for_convener(request, pk)
    initial = {
        "held_at": timezone.localtime(session.held_at),
        "place": session.place,
        "topic_deadline": timezone.localtime(session.topic_deadline),
    }
    back = session.get_absolute_url()
    return form_page(
        request,
        bound(request, SessionForm, initial=initial),
        handler=service_handler(
            request, partial(services.session_reschedule, session=session), back
        ),
        success=_("已调整会议安排,已通知各成员单位代表。"),
        title=_("调整会议安排"),
        back=back,
        header=_header(session),
    )


@login_required
def session_list(request):
    user = request.user
    if not is_cadre(user):
        # Representatives reach their sessions through the bodies they sit on.
        return redirect("collab:meeting_list")
    ctx = list_page_context(
        request, SessionFilter, selectors.session_list(user=user), order=("-held_at", "-pk")
    )
    counts = selectors.session_counts([s.pk for s in ctx["page"].object_list])
    for s in ctx["page"].object_list:
        s.counts = counts[s.pk]
    meetings = selectors.meeting_list(user=user).select_related(None).only("pk", "name")[:200]
    year = timezone.localdate().year
    return render(
        request,
        "collab/session_list.html",
        {
            **tabs("sessions"),
            **ctx,
            "meeting_options": options(meetings, request.GET.get("meeting")),
            "years": range(year + 1, year - 5, -1),
        },
    )


@login_required
def session_detail(request, pk: int):
    user = request.user
    session = selectors.session_get(user=user, pk=pk)
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


@login_required
def topic_submit(request, pk: int):
    user = request.user
    session = selectors.session_get(user=user, pk=pk)
    members = [m for m in selectors.members_of(session.meeting) if can_speak_for(user, m)]
    if not members:
        raise PermissionDenied
    units = OrgUnit.objects.filter(pk__in=[m.unit_id for m in members]).order_by("path")
    back = session.get_absolute_url()
    cutoff = timezone.localtime(session.topic_deadline).strftime("%Y-%m-%d %H:%M")
    return form_page(
        request,
        bound(request, TopicForm, units=units),
        handler=service_handler(request, partial(services.topic_submit, session=session), back),
        success=_("议题已提交,由召集单位排定议程。"),
        title=_("提交议题"),
        back=back,
        header=_header(session),
        intro=_("议题征集截止:%(cutoff)s") % {"cutoff": cutoff},
    )


@login_required
@require_POST
def topic_move(request, pk: int):
    """Move a topic up or down; htmx swaps the agenda in place, a plain form reloads."""
    topic = selectors.topic_get(user=request.user, pk=pk)
    session = _session_for_convener(request, topic.session_id)
    up = request.POST.get("dir") != "down"
    attempt(request, lambda: services.topic_move(actor=request.user, topic=topic, up=up))
    if request.htmx:
        topics = list(AgendaTopic.objects.filter(session=session).select_related("unit"))
        return render(
            request,
            "collab/_agenda.html",
            {"topics": topics, "session": session, "convener": True},
        )
    return redirect(session.get_absolute_url() + "#agenda")


@login_required
def attendance(request, pk: int):
    session = _session_for_convener(request, pk)
    members = selectors.members_of(session.meeting)
    marks = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    form = bound(request, AttendanceForm, members=members, marks=marks)

    def record(_d):
        services.attendance_record(actor=request.user, session=session, rows=form.rows_data())
        return session.get_absolute_url() + "#attendance"

    return form_step(
        request,
        form,
        handler=record,
        template="collab/attendance.html",
        context={"session": session},
        success=_("已记录出席情况。"),
    )


@login_required
def minutes(request, pk: int):
    session = _session_for_convener(request, pk)
    publish = "publish" in request.POST

    def save(d):
        services.minutes_save(
            actor=request.user, session=session, minutes=d["minutes"], publish=publish
        )
        return session.get_absolute_url() + "#minutes"

    return form_step(
        request,
        bound(request, MinutesForm, initial={"minutes": session.minutes}),
        handler=save,
        template="collab/minutes.html",
        context={"session": session},
        success=_("纪要已发布,已通知各成员单位代表。") if publish else _("纪要已保存。"),
    )


@login_required
def resolution_add(request, pk: int):
    session = _session_for_convener(request, pk)

    return form_page(
        request,
        bound(request, ResolutionForm),
        handler=service_handler(
            request,
            partial(services.resolution_add, session=session),
            lambda resolution: reverse("collab:action_create", args=[resolution.pk]),
        ),
        success=_("已记录议定事项,请分解为督办事项。"),
        title=_("记录议定事项"),
        back=session.get_absolute_url(),
        header=_header(session),
    )
