"""The one supervision view (督办): every item with an owner and a deadline, in the user's scope;
an item's page with 催办 and deadline extensions; the list as .xlsx."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.exports import ledger_response
from apps.core.forms import Step, end_of_day, record_step
from apps.core.lists import export_url, filtered, list_context
from apps.core.timeline import timeline_rows

from . import rules, selectors, services
from .exports import columns
from .filters import KINDS, ItemFilter
from .forms import DecideForm, ExtensionForm, RemindForm


def _filtered(request):
    base = selectors.item_list(user=request.user)
    return base, *filtered(
        request, ItemFilter, base, order=("closed_at", "due_at", "pk"), request=request
    )


@login_required
def item_list(request):
    user = request.user
    base, filterset, qs = _filtered(request)
    now = timezone.now()
    ctx = list_context(request, filterset, qs)
    for item in ctx["page"].object_list:
        item.kind_label = KINDS.get(item.kind, item.kind)
        item.overdue = item.is_open and item.due_at <= now
    return render(
        request,
        "supervision/list.html",
        {
            **ctx,
            **selectors.overview(user=user, qs=base, now=now),
            "export_url": export_url(request, "supervision:export"),
            "now": now,
        },
    )


@login_required
def item_export(request):
    """The filtered list as .xlsx, in the user's scope."""
    _base, _filterset, qs = _filtered(request)
    return ledger_response(
        request,
        qs.select_related("owner_unit", "owner_person", "assigner_unit"),
        columns=columns(),
        name=_("督办事项"),
        back=reverse("supervision:list") + "?" + request.GET.urlencode(),
    )


@login_required
def item_detail(request, pk: int):
    user = request.user
    item = selectors.item_get(user=user, pk=pk)
    pending = selectors.pending_extension(item)
    now = timezone.now()
    return render(
        request,
        "supervision/detail.html",
        {
            "item": item,
            "kind_label": KINDS.get(item.kind, item.kind),
            "overdue": item.is_open and item.due_at <= now,
            "timeline": timeline_rows(item, events=selectors.item_events(item), changes=False),
            "pending": pending,
            "may_remind": item.is_open and rules.may_remind(user, item),
            "may_request": item.is_open
            and pending is None
            and rules.may_request_extension(user, item),
            "may_decide": pending is not None and rules.may_decide_extension(user, item),
            "remind_form": RemindForm(),
            "decide_form": DecideForm(),
        },
    )


STEPS = {
    "remind": Step(
        RemindForm,
        allowed=rules.may_remind,
        title=_l("催办"),
        service=services.item_remind,
        success=_l("已催办,责任人会收到通知。"),
    ),
    "extend": Step(
        ExtensionForm,
        allowed=rules.may_request_extension,
        title=_l("申请延期"),
        call=lambda user, item, d: services.extension_request(
            actor=user, item=item, new_due_at=end_of_day(d["new_due_date"]), reason=d["reason"]
        ),
        success=_l("延期申请已提交,等待交办单位审批。"),
        aliases={"new_due_at": "new_due_date"},
    ),
}


def _step_page(request, item, step: Step):
    """One step on an item on its own screen, back to the item."""
    return record_step(
        request,
        item,
        step,
        record_kw="item",
        back=rules.detail_url(item),
        template="supervision/action.html",
        context={"item": item},
    )


@login_required
def item_step(request, pk: int, step: str):
    """The item's step named in `STEPS` (the URL names it)."""
    return _step_page(request, selectors.item_get(user=request.user, pk=pk), STEPS[step])


@login_required
def extension_decide(request, pk: int):
    ext = selectors.extension_get(user=request.user, pk=pk)
    decide = Step(
        DecideForm,
        allowed=rules.may_decide_extension,
        title=_("审批延期申请"),
        call=lambda user, _item, d: services.extension_decide(actor=user, request=ext, **d),
        success=_("审批结果已保存,申请人会收到通知。"),
    )
    return _step_page(request, ext.item, decide)
