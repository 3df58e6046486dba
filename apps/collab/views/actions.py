"""Action items (督办事项): assigning them from a resolution, the ledger and its export, an
item's page and its steps, one short form per screen."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.forms import Step, bound, form_step, step_buttons, step_view
from apps.core.lists import Ledger, export_url, options
from apps.orgs.choices import ADMIN_KINDS

from .. import selectors, services
from ..exports import columns
from ..filters import ActionFilter
from ..forms import (
    AcceptForm,
    ActionForm,
    ProgressForm,
    ReassignForm,
    RequestForm,
    ReturnForm,
)
from ..models import JointMember
from ..permissions import can_convene, can_report
from .common import tabs


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
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    session = resolution.session
    if not can_convene(request.user, session.meeting):
        raise PermissionDenied

    def assign(d):
        services.action_create(actor=request.user, resolution=resolution, **d)
        if "another" in request.POST:
            return reverse("collab:action_create", args=[resolution.pk])
        return session.get_absolute_url() + "#resolutions"

    return form_step(
        request,
        bound(request, ActionForm, units=_owner_units(request.user, session.meeting)),
        handler=assign,
        template="collab/action_create.html",
        context={"resolution": resolution, "session": session},
        success=_("已交办,纳入督办。可继续为该议定事项添加督办事项。"),
    )


LEDGER = Ledger(ActionFilter, selectors.action_list, ("-created_at", "-pk"), "collab:action_list")


@login_required
def action_list(request):
    user = request.user
    ctx = LEDGER.context(request)
    now = timezone.now()
    for item in ctx["page"].object_list:
        item.overdue = item.is_overdue(now)
    meetings = selectors.meeting_list(user=user).select_related(None).only("pk", "name")[:200]
    return render(
        request,
        "collab/action_list.html",
        {
            **tabs("actions"),
            **ctx,
            "counts": selectors.action_counts(ctx["filterset"].qs, now=now),
            "meeting_options": options(meetings, request.GET.get("meeting")),
            "export_url": export_url(request, "collab:action_export"),
        },
    )


@login_required
def action_export(request):
    """The action-item ledger as .xlsx with the page's filters, in the user's scope."""
    return LEDGER.export(request, columns=columns(), name=_("联席会议督办台账"))


@login_required
def action_detail(request, pk: int):
    user = request.user
    item = selectors.action_get(user=user, pk=pk)
    allowed = services.ACTIONS.allowed(item.status)
    buttons = [("progress", "btn-outline-primary")] if item.is_open else []
    if "request" in allowed:
        buttons.append(("request", "btn-primary"))
    if "accept" in allowed:
        buttons += [("accept", "btn-primary"), ("return", "btn-outline-danger")]
    if item.is_open:
        buttons.append(("reassign", "btn-outline-secondary"))
    actions = step_buttons(STEPS, user, item, buttons)
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


def _convener(user, item):
    return can_convene(user, item.meeting)


def _reassign_kwargs(user, item):
    return {
        "units": _owner_units(user, item.meeting),
        "initial": {
            "owner_unit": item.owner_unit_id,
            "owner_person": item.owner_person.employee_no,
            "due_at": timezone.localtime(item.due_at).date(),
        },
    }


STEPS = {
    "progress": Step(
        ProgressForm,
        allowed=can_report,
        title=_l("报送进展"),
        service=services.action_progress,
    ),
    "request": Step(
        RequestForm,
        allowed=can_report,
        title=_l("申请办结"),
        intro=_l("对照预期成效说明完成情况;召集单位同意后办结,退出督办。"),
        service=services.action_request_close,
    ),
    "accept": Step(
        AcceptForm,
        allowed=_convener,
        title=_l("同意办结"),
        service=services.action_accept,
    ),
    "return": Step(
        ReturnForm,
        allowed=_convener,
        title=_l("退回续办"),
        intro=_l("未达到预期成效时退回;事项重新办理,督办继续。"),
        service=services.action_return,
    ),
    "reassign": Step(
        ReassignForm,
        form_kwargs=_reassign_kwargs,
        allowed=_convener,
        title=_l("调整责任或期限"),
        service=services.action_reassign,
    ),
}


item_step = step_view(
    STEPS,
    get=selectors.action_get,
    record_kw="item",
    template="collab/form.html",
    context=lambda item: {"header": f"{item.number} · {item.title}"},
)
