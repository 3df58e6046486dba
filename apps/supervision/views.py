"""The one supervision view (督办): every item with an owner and a deadline, in the user's scope;
an item's page with 催办 and deadline extensions; the list as .xlsx."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exports import ledger_response
from apps.core.forms import bound, form_step
from apps.core.pagination import paginate
from apps.core.timeline import timeline_rows

from . import rules, selectors, services
from .exports import columns
from .filters import KINDS, ItemFilter
from .forms import DecideForm, ExtensionForm, RemindForm, end_of_day


def _filtered(request):
    base = selectors.item_list(user=request.user)
    filterset = ItemFilter(request.GET or None, queryset=base, request=request)
    return base, filterset, filterset.qs.order_by("closed_at", "due_at", "pk")


@login_required
def item_list(request):
    user = request.user
    base, filterset, qs = _filtered(request)
    now = timezone.now()
    page = paginate(qs, request.GET.get("page"))
    for item in page.object_list:
        item.kind_label = KINDS.get(item.kind, item.kind)
        item.overdue = item.is_open and item.due_at <= now
    query = request.GET.copy()
    query.pop("page", None)
    export_url = reverse("supervision:export") + (f"?{query.urlencode()}" if query else "")
    return render(
        request,
        "supervision/list.html",
        {
            "filterset": filterset,
            "page": page,
            **selectors.overview(user=user, qs=base, now=now),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "export_url": export_url,
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


def _page(request, item, *, title: str, form, handler, success: str, aliases=None):
    return form_step(
        request,
        form,
        handler=handler,
        template="supervision/action.html",
        context={"item": item, "title": title},
        success=success,
        aliases=aliases,
    )


@login_required
def item_remind(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    if not rules.may_remind(request.user, item):
        raise PermissionDenied

    def handler(data):
        services.item_remind(actor=request.user, item=item, note=data["note"])
        return rules.detail_url(item)

    return _page(
        request,
        item,
        title=_("催办"),
        form=bound(request, RemindForm),
        handler=handler,
        success=_("已催办,责任人会收到通知。"),
    )


@login_required
def extension_request(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    if not rules.may_request_extension(request.user, item):
        raise PermissionDenied

    def handler(data):
        services.extension_request(
            actor=request.user,
            item=item,
            new_due_at=end_of_day(data["new_due_date"]),
            reason=data["reason"],
        )
        return rules.detail_url(item)

    return _page(
        request,
        item,
        title=_("申请延期"),
        form=bound(request, ExtensionForm),
        handler=handler,
        success=_("延期申请已提交,等待交办单位审批。"),
        aliases={"new_due_at": "new_due_date"},
    )


@login_required
def extension_decide(request, pk: int):
    ext = selectors.extension_get(user=request.user, pk=pk)
    item = ext.item
    if not rules.may_decide_extension(request.user, item):
        raise PermissionDenied

    def handler(data):
        services.extension_decide(
            actor=request.user, request=ext, grant=data["grant"], note=data["note"]
        )
        return rules.detail_url(item)

    return _page(
        request,
        item,
        title=_("审批延期申请"),
        form=bound(request, DecideForm),
        handler=handler,
        success=_("审批结果已保存,申请人会收到通知。"),
    )
