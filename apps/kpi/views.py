"""量化考核 pages: the scorecards a user may see (the same selector as the API) and one
scorecard with its lines, each linking to the records behind its value."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.core.lists import list_page_context, options

from . import selectors
from .filters import ScorecardFilter
from .models import Period


def period_label(period) -> str:
    """A period as a person names it: its scheme and its dates."""
    return f"{period.scheme.name} {period.start:%Y-%m-%d}—{period.end:%Y-%m-%d}"


@login_required
def scorecard_list(request):
    base = selectors.scorecard_list(user=request.user)
    ctx = list_page_context(request, ScorecardFilter, base, order=("-total", "unit__path"))
    periods = Period.objects.filter(scorecards__in=base).distinct().select_related("scheme")
    for card in ctx["page"].object_list:
        card.period_label = period_label(card.period)
    return render(
        request,
        "kpi/list.html",
        {**ctx, "period_options": options(periods, request.GET.get("period"), period_label)},
    )


@login_required
def scorecard_detail(request, pk: int):
    card = selectors.scorecard_get(user=request.user, pk=pk)
    return render(
        request,
        "kpi/detail.html",
        {
            "card": card,
            "period_label": period_label(card.period),
            "lines": selectors.scorecard_lines(card),
        },
    )
