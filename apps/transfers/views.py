"""组织关系转接 and 流动党员 pages: parse, authorise through selectors (out of scope is a 404),
call a service, render. The rules live in services.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.forms import Step, bound, service_step, settings_step, step_buttons, step_view
from apps.core.lists import Ledger, options
from apps.core.pages import Tab

from . import documents, selectors, services
from .choices import FlowStatus, TransferKind, TransferStatus
from .filters import FlowingFilter, TransferFilter
from .forms import (
    ActivityForm,
    CancelForm,
    EndForm,
    FlowingForm,
    InForm,
    InsideForm,
    LetterReceiptForm,
    OutForm,
    ReceiptForm,
    SettingsForm,
)
from .models import TransferSettings
from .permissions import can_handle, can_set

FORM = "transfers/form.html"


def tabs(user) -> list[Tab]:
    rows = [
        Tab("list", _("转接台账"), reverse("transfers:list")),
        Tab("flowing", _("流动党员"), reverse("transfers:flowing_list")),
        Tab("receipt", _("登记回执"), reverse("transfers:receipt")),
    ]
    if can_set(user):
        rows.append(Tab("settings", _("设置"), reverse("transfers:settings")))
    return rows


def _handler_only(request):
    if not can_handle(request.user):
        raise PermissionDenied


LEDGER = Ledger(TransferFilter, selectors.transfer_list, ("-issued_at", "-pk"), "transfers:list")
FLOWING = Ledger(
    FlowingFilter, selectors.flowing_list, ("-start_on", "-pk"), "transfers:flowing_list"
)


@login_required
def transfer_list(request):
    user = request.user
    ctx = LEDGER.context(request)
    now = timezone.now()
    for t in ctx["page"].object_list:
        t.overdue = t.is_overdue(now)
    return render(
        request,
        "transfers/list.html",
        {
            **ctx,
            "branch_options": options(
                selectors.branch_choices(user=user), request.GET.get("from_branch")
            ),
            "can_start": can_handle(user),
            "tabs": tabs(user),
            "tab": "list",
        },
    )


def _start(request, form_class, service, title, intro, **form_kwargs):
    _handler_only(request)
    return service_step(
        request,
        bound(request, form_class, **form_kwargs),
        service=service,
        template=FORM,
        context={"title": title, "intro": intro, "back": reverse("transfers:list")},
        success=_("已办理。"),
    )


@login_required
def transfer_inside(request):
    return _start(
        request,
        InsideForm,
        services.transfer_inside,
        _("公司内转接"),
        _("党员从本支部转到公司内另一个支部:两个支部的名册同时变更,双方书记会收到通知。"),
        branches=selectors.target_branches(),
    )


@login_required
def transfer_out(request):
    return _start(
        request,
        OutForm,
        services.transfer_out,
        _("转出公司(开具介绍信)"),
        _("开具编号的介绍信,党员随即转出本支部名册;对方回执逾期未返回时会提醒并纳入督办。"),
    )


@login_required
def transfer_in(request):
    return _start(
        request,
        InForm,
        services.transfer_in,
        _("转入公司"),
        _("凭对方介绍信接收党员进入支部名册;系统生成编号的回执,可打印寄回。"),
        branches=selectors.branch_choices(user=request.user),
    )


@login_required
def receipt(request):
    """Record a 回执 by the number printed on it (the clerk holds the paper, not the record)."""
    _handler_only(request)
    return service_step(
        request,
        bound(request, ReceiptForm, initial={"received_on": timezone.localdate()}),
        service=services.receipt_record,
        template=FORM,
        context={
            "title": _("登记回执"),
            "intro": _("对方党组织寄回的回执上印有介绍信编号,输入编号即可销号。"),
            "back": reverse("transfers:list"),
            "tabs": tabs(request.user),
            "tab": "receipt",
        },
        success=_("回执已登记。"),
    )


def _letter_receipt(user, transfer, data):
    services.receipt_record(actor=user, number=transfer.number, **data)


def _is_issued(check):
    return lambda user, t: t.status == TransferStatus.ISSUED and check(user, t.from_branch)


STEPS = {
    "receipt": Step(
        LetterReceiptForm,
        allowed=_is_issued(can_handle),
        title=_l("登记回执"),
        intro=_l("对方党组织已寄回回执:登记后介绍信销号、退出督办。"),
        call=_letter_receipt,
        form_kwargs=lambda user, t: {"initial": {"received_on": timezone.localdate()}},
    ),
    "cancel": Step(
        CancelForm,
        allowed=_is_issued(can_handle),
        title=_l("撤销介绍信"),
        intro=_l("介绍信未使用(党员不再转出)时撤销,党员回到原支部名册。"),
        service=services.transfer_cancel,
    ),
}


@login_required
def transfer_detail(request, pk: int):
    t = selectors.transfer_get(user=request.user, pk=pk)
    return render(
        request,
        "transfers/detail.html",
        {
            "t": t,
            "overdue": t.is_overdue(),
            "timeline": selectors.timeline(transfer=t),
            "actions": step_buttons(
                STEPS,
                request.user,
                t,
                [("receipt", "btn-primary"), ("cancel", "btn-outline-danger")],
            ),
            "has_letter": t.kind != TransferKind.INSIDE,
        },
    )


transfer_step = step_view(STEPS, get=selectors.transfer_get, record_kw="transfer", template=FORM)


@login_required
def letter(request, pk: int):
    """The printable 介绍信 (a transfer out) or 回执 (a transfer in)."""
    t = selectors.transfer_get(user=request.user, pk=pk)
    if t.kind == TransferKind.INSIDE:
        return redirect(t.get_absolute_url())
    return render(request, "transfers/letter.html", {"t": t, "letter": documents.letter_text(t)})


@login_required
def letter_docx(request, pk: int):
    t = selectors.transfer_get(user=request.user, pk=pk)
    if t.kind == TransferKind.INSIDE:
        return redirect(t.get_absolute_url())
    response = HttpResponse(
        documents.letter_docx(t),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{t.number}.docx"'
    return response


@login_required
def settings_page(request):
    if not can_set(request.user):
        raise PermissionDenied
    return settings_step(
        request,
        TransferSettings.current(),
        SettingsForm,
        service=services.transfer_settings_save,
        template=FORM,
        context={
            "title": _("组织关系转接设置"),
            "intro": _("介绍信开具后,对方党组织须在此天数内寄回回执;逾期提醒转出支部并纳入督办。"),
            "back": reverse("transfers:list"),
            "tabs": tabs(request.user),
            "tab": "settings",
        },
    )


# --- 流动党员 -------------------------------------------------------------------------------------


@login_required
def flowing_list(request):
    user = request.user
    return render(
        request,
        "transfers/flowing_list.html",
        {
            **FLOWING.context(request),
            "branch_options": options(
                selectors.branch_choices(user=user), request.GET.get("branch")
            ),
            "can_start": can_handle(user),
            "tabs": tabs(user),
            "tab": "flowing",
        },
    )


@login_required
def flowing_register(request):
    _handler_only(request)
    branches = selectors.branch_choices(user=request.user)
    return service_step(
        request,
        bound(request, FlowingForm, branches=branches, initial={"start_on": timezone.localdate()}),
        service=services.flowing_register,
        template=FORM,
        context={
            "title": _("登记流动党员"),
            "intro": _("流出:本支部党员外出务工、经商、学习半年以上;流入:外单位党员在本公司工作。"),
            "back": reverse("transfers:flowing_list"),
        },
        success=_("已登记。"),
    )


def _active(user, member) -> bool:
    return member.status == FlowStatus.ACTIVE and can_handle(user, member.branch)


FLOW_STEPS = {
    "activity": Step(
        ActivityForm,
        allowed=_active,
        title=_l("登记活动"),
        intro=_l("流动党员在流入地参加的组织生活和学习,计入其理论学习覆盖。"),
        service=services.activity_record,
        form_kwargs=lambda user, m: {"initial": {"day": timezone.localdate()}},
    ),
    "end": Step(
        EndForm,
        allowed=_active,
        title=_l("结束流动"),
        intro=_l("党员返回或流动结束时登记。"),
        service=services.flowing_end,
        form_kwargs=lambda user, m: {"initial": {"end_on": timezone.localdate()}},
    ),
}


@login_required
def flowing_detail(request, pk: int):
    member = selectors.flowing_get(user=request.user, pk=pk)
    return render(
        request,
        "transfers/flowing_detail.html",
        {
            "m": member,
            "activities": selectors.activities_of(member)[:100],
            "actions": step_buttons(
                FLOW_STEPS,
                request.user,
                member,
                [("activity", "btn-primary"), ("end", "btn-outline-secondary")],
            ),
        },
    )


flowing_step = step_view(FLOW_STEPS, get=selectors.flowing_get, record_kw="member", template=FORM)
