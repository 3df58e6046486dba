from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.forms import action_step, bound, form_step, service_step
from apps.core.lists import list_page_context, options
from apps.core.pages import Tab
from apps.orgs.scope import units_reached

from . import selectors, services
from .choices import Kind, Status
from .filters import WarningFilter
from .forms import PolicyForm
from .models import AlertPolicy


def alert_tabs(user, current: str) -> dict:
    tabs = [Tab("list", _("预警"), reverse("alerts:list"))]
    if services.can_set_policy(user):
        tabs.append(Tab("policy", _("阈值设置"), reverse("alerts:policy")))
    return {"tabs": tabs if len(tabs) > 1 else [], "tab": current}


@login_required
def warning_list(request):
    base = selectors.warning_list(user=request.user)
    ctx = list_page_context(request, WarningFilter, base, order=("-week", "-pk"))
    unit_options = options(
        units_reached(request.user).order_by("path")[:500], request.GET.get("unit")
    )
    return render(
        request,
        "alerts/list.html",
        {**ctx, "unit_options": unit_options, **alert_tabs(request.user, "list")},
    )


SERIES_NAMES = {
    Kind.OVERDUE: gettext_lazy("逾期件数"),
    Kind.SATISFACTION: gettext_lazy("满意度(分)"),
    Kind.MEETINGS: gettext_lazy("按规定召开率(%)"),
}
BASELINE_NAMES = {Kind.MEETINGS: gettext_lazy("应达到")}


def chart(warning) -> dict:
    """The weekly counts with the baseline as a line: the evidence of the detail page."""
    n = len(warning.series)
    weeks = (warning.facts or {}).get("labels") or [
        _("前%(n)d周") % {"n": n - 1 - i} if i < n - 1 else _("本周") for i in range(n)
    ]
    return {
        "grid": {"left": 36, "right": 12, "top": 24, "bottom": 28},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": weeks},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "name": str(SERIES_NAMES.get(warning.kind) or _("次数")),
                "data": warning.series,
            },
            {
                "type": "line",
                "name": str(BASELINE_NAMES.get(warning.kind) or _("基线")),
                "data": [float(warning.baseline)] * n,
                "symbol": "none",
            },
        ],
    }


def detail_context(warning, **forms_) -> dict:
    return {
        "warning": warning,
        "evidence": selectors.evidence(warning),
        "chart": chart(warning),
        "actions": warning.status == Status.OPEN,
        "dismiss_form": forms_.get("dismiss_form") or DismissForm(),
        "follow_form": forms_.get("follow_form") or FollowUpForm(),
    }


@login_required
def warning_detail(request, pk: int):
    warning = selectors.warning_get(user=request.user, pk=pk)
    return render(request, "alerts/detail.html", detail_context(warning))


class DismissForm(forms.Form):
    # Required and the length are the service's (its message names the field).
    reason = forms.CharField(required=False, label=_("排除理由"))


class FollowUpForm(forms.Form):
    due_at = forms.DateTimeField(
        required=False,
        label=_("督办期限"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@login_required
@require_POST
def warning_action(request, pk: int, action: str):
    """确认 is a button; 排除 and 转督办 are form steps: a refusal shows the page again with
    what was typed beside the message."""
    warning = selectors.warning_get(user=request.user, pk=pk)
    back = reverse("alerts:detail", args=[warning.pk])
    if action == "acknowledge":

        def acknowledge() -> str:
            services.acknowledge(warning=warning, actor=request.user)
            return back

        return action_step(request, handler=acknowledge, success=_("已处理。"), back=back)
    steps = {
        "dismiss": (DismissForm, "dismiss_form", services.dismiss),
        "follow-up": (FollowUpForm, "follow_form", services.follow_up),
    }
    if action not in steps:
        raise Http404
    form_class, name, service = steps[action]

    def handler(data: dict) -> str:
        service(warning=warning, actor=request.user, **data)
        return back

    return form_step(
        request,
        form_class(request.POST),
        handler=handler,
        template="alerts/detail.html",
        context=lambda: detail_context(warning),
        success=_("已处理。"),
        form_name=name,
    )


@login_required
def policy(request):
    """预警阈值 of a company (?company=, by default the first the user may set)."""
    companies = services.policy_companies(request.user)
    if not services.can_set_policy(request.user):
        raise PermissionDenied
    chosen = companies.filter(pk=request.GET.get("company") or 0).first() or companies.first()
    initial = {}
    if chosen is not None:
        current = AlertPolicy.for_company(chosen.pk)
        initial = {name: getattr(current, name) for name in services.POLICY_BOUNDS}
        initial["company"] = chosen
    return service_step(
        request,
        bound(request, PolicyForm, initial=initial, companies=companies),
        service=services.policy_save,
        back=lambda p: reverse("alerts:policy") + f"?company={p.company_id}",
        template="alerts/policy.html",
        context={
            **alert_tabs(request.user, "policy"),
            "chosen": chosen,
            "companies": list(companies[:50]),
        },
        success=_("预警设置已保存。"),
    )
