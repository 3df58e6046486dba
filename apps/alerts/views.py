from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import attempt
from apps.core.lists import list_page_context, options
from apps.orgs.scope import units_reached

from . import selectors, services
from .choices import Status
from .filters import WarningFilter


@login_required
def warning_list(request):
    base = selectors.warning_list(user=request.user)
    ctx = list_page_context(request, WarningFilter, base, order=("-week", "-pk"))
    unit_options = options(
        units_reached(request.user).order_by("path")[:500], request.GET.get("unit")
    )
    return render(request, "alerts/list.html", {**ctx, "unit_options": unit_options})


def chart(warning) -> dict:
    """The weekly counts with the baseline as a line: the evidence of the detail page."""
    n = len(warning.series)
    weeks = [_("前%(n)d周") % {"n": n - 1 - i} if i < n - 1 else _("本周") for i in range(n)]
    return {
        "grid": {"left": 36, "right": 12, "top": 24, "bottom": 28},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": weeks},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"type": "bar", "name": str(_("次数")), "data": warning.series},
            {
                "type": "line",
                "name": str(_("基线")),
                "data": [float(warning.baseline)] * n,
                "symbol": "none",
            },
        ],
    }


@login_required
def warning_detail(request, pk: int):
    warning = selectors.warning_get(user=request.user, pk=pk)
    return render(
        request,
        "alerts/detail.html",
        {
            "warning": warning,
            "evidence": selectors.evidence(warning),
            "chart": chart(warning),
            "actions": warning.status == Status.OPEN,
            "error": request.GET.get("error", ""),
        },
    )


def _due(value: str):
    parsed = parse_datetime(value or "")
    if parsed is not None and parsed.tzinfo is None:
        parsed = make_aware(parsed)
    return parsed


@login_required
@require_POST
def warning_action(request, pk: int, action: str):
    warning = selectors.warning_get(user=request.user, pk=pk)
    calls = {
        "acknowledge": lambda: services.acknowledge(warning=warning, actor=request.user),
        "dismiss": lambda: services.dismiss(
            warning=warning, actor=request.user, reason=request.POST.get("reason", "")
        ),
        "follow-up": lambda: services.follow_up(
            warning=warning, actor=request.user, due_at=_due(request.POST.get("due_at"))
        ),
    }
    if action not in calls:
        raise Http404
    attempt(request, calls[action], success=_("已处理。"))
    return redirect("alerts:detail", pk=warning.pk)
