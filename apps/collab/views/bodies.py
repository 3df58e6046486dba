"""Joint-meeting bodies: the list, setting one up, its page with the figures, member units."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core import charts
from apps.core.forms import action_step, bound, service_handler
from apps.core.pagination import paginate

from .. import selectors, services
from ..forms import MeetingForm, MemberEditForm, MemberForm
from ..models import JointMember
from ..permissions import can_convene, may_convene_anywhere
from .common import form_page, tabs

CHART_SERIES = (
    ("on_time", _l("按期办结"), charts.GREEN),
    ("late", _l("逾期办结"), charts.ORANGE),
    ("open", _l("在办"), charts.BLUE),
    ("overdue", _l("逾期未办结"), charts.RED),
)


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
        {
            **tabs("meetings"),
            "page": page,
            "meetings": page.object_list,
            "can_create": may_convene_anywhere(user),
        },
    )


@login_required
def meeting_create(request):
    user = request.user
    if not may_convene_anywhere(user):
        raise PermissionDenied
    form = bound(
        request, MeetingForm, conveners=selectors.convener_units(user=user).order_by("path")
    )

    return form_page(
        request,
        form,
        handler=service_handler(request, services.meeting_create),
        success=_("已设立联席会议,请添加成员单位。"),
        title=_("设立联席会议"),
        back=reverse("collab:meeting_list"),
        intro=_(
            "由党委或党总支召集,定期研究部署政工、行政、工会、共青团和生产、技术、安全等条线的重点工作。"
        ),
    )


def _chart(figures) -> dict:
    """Each session's items stacked by how they ended; a bar opens the ledger rows behind it."""
    rows = figures["by_session"]
    return charts.bars(
        [r["label"] for r in rows],
        [
            {
                "name": str(name),
                "data": [r[key] for r in rows],
                "links": [r["links"][key] for r in rows],
                "colour": colour,
            }
            for key, name, colour in CHART_SERIES
        ],
        stacked=True,
    )


@login_required
def meeting_detail(request, pk: int):
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
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
            **tabs("meetings"),
            "meeting": meeting,
            "members": selectors.members_of(meeting),
            "page": page,
            "stats": selectors.meeting_stats([meeting.pk])[meeting.pk],
            "figures": figures,
            "chart": _chart(figures),
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
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not can_convene(request.user, meeting):
        raise PermissionDenied
    back = meeting.get_absolute_url()
    return form_page(
        request,
        bound(request, MemberForm, units=_member_units(request.user, meeting)),
        handler=service_handler(request, partial(services.member_add, meeting=meeting), back),
        success=_("已添加成员单位。"),
        title=_("添加成员单位"),
        back=back,
        header=meeting.name,
    )


@login_required
def member_edit(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    if not can_convene(request.user, member.meeting):
        raise PermissionDenied
    initial = {"line": member.line, "person": member.person.employee_no if member.person else ""}
    back = reverse("collab:meeting_detail", args=[member.meeting_id])
    return form_page(
        request,
        bound(request, MemberEditForm, initial=initial),
        handler=service_handler(request, partial(services.member_update, member=member), back),
        success=_("已更新成员单位。"),
        title=_("更换代表或条线"),
        back=back,
        header=f"{member.meeting.name} · {member.unit.name}",
    )


@login_required
@require_POST
def member_remove(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    back = reverse("collab:meeting_detail", args=[member.meeting_id])

    def remove():
        services.member_remove(actor=request.user, member=member)
        return back

    return action_step(request, handler=remove, success=_("已移除成员单位。"), back=back)
