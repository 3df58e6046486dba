"""The cadres' overviews: the calendar of a unit's meetings, the compliance of required meetings,
the figures and the people behind them. Read-only; every figure is cached a minute per scope."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.core import charts
from apps.core.figures import percent
from apps.core.lists import options
from apps.core.pagination import paginate
from apps.core.params import parse_day

from .. import selectors
from ..compliance import compliance_cached
from ..figures import coverage as coverage_figure
from ..figures import coverage_people, figures_cached, member_rates
from ..permissions import can_plan, is_cadre
from ..selectors import period_params, unit_param
from .common import PRESETS, tabs


def _cadre(request):
    if not is_cadre(request.user):
        raise Http404


def _unit_filter(request, unit) -> dict:
    """The unit picker every overview carries, the chosen unit selected."""
    return {
        "unit": unit,
        "unit_options": options(
            selectors.unit_choices(user=request.user), unit.pk if unit else None
        ),
    }


def _period_page(request, tab: str, *, default="year", presets=False):
    """A cadre's overview over a period and a unit: the period, the unit, and what its filter
    bar shows (the tab, the period, the unit picker and, with `presets`, the preset buttons)."""
    _cadre(request)
    period, unit, preset = period_params(request.user, request.GET, default=default)
    context = {**tabs(request, tab), "period": period, **_unit_filter(request, unit)}
    if presets:
        context.update(preset=preset, presets=PRESETS)
    return period, unit, context


@login_required
def meeting_calendar(request):
    _cadre(request)
    user = request.user
    month = parse_day((request.GET.get("month") or "") + "-01") or timezone.localdate().replace(
        day=1
    )
    unit = unit_param(user, request.GET)
    weeks = selectors.calendar(user=user, month=month, unit=unit)
    prev = (month - timedelta(days=1)).replace(day=1)
    nxt = (month + timedelta(days=32)).replace(day=1)
    q = {"unit": unit.pk} if unit else {}
    return render(
        request,
        "meetings/calendar.html",
        {
            **tabs(request, "calendar"),
            "weeks": weeks,
            "month": month,
            **_unit_filter(request, unit),
            "today": timezone.localdate(),
            "prev_url": "?" + urlencode({**q, "month": prev.strftime("%Y-%m")}),
            "next_url": "?" + urlencode({**q, "month": nxt.strftime("%Y-%m")}),
            "days": [d for w in weeks for d in w if d["meetings"]],
        },
    )


@login_required
def compliance(request):
    user = request.user
    period, unit, context = _period_page(request, "compliance", default="month", presets=True)
    data = compliance_cached(user=user, period=period, unit=unit)
    show_all = request.GET.get("all") == "1"
    rows = data["rows"] if show_all else [r for r in data["rows"] if r["gaps"]]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/compliance.html",
        {
            **context,
            "data": data,
            "page": page,
            "show_all": show_all,
            "can_plan": can_plan(user),
        },
    )


@login_required
def figures(request):
    user = request.user
    period, unit, context = _period_page(request, "figures", presets=True)
    data = figures_cached(user=user, period=period, unit=unit)
    months = data["by_month"]
    month_chart = charts.bars(
        [m["month"] for m in months],
        [
            {
                "name": _("全部会议"),
                "data": [m["total"] for m in months],
                "links": [m["link"] for m in months],
                "colour": charts.RED,
            },
            {
                "name": _("学习类会议"),
                "data": [m["study"] for m in months],
                "links": [m["link"] for m in months],
                "colour": charts.ORANGE,
            },
        ],
    )
    kind_chart = charts.pie(
        _("按类型"),
        [{"name": k["name"], "value": k["count"], "link": k["link"]} for k in data["by_kind"]],
    )
    return render(
        request,
        "meetings/figures.html",
        {
            **context,
            "data": data,
            "month_chart": month_chart,
            "kind_chart": kind_chart,
        },
    )


@login_required
def coverage(request):
    """The people behind the coverage figure."""
    user = request.user
    period, unit, context = _period_page(request, "figures")
    flag = request.GET.get("covered")
    covered = {"1": True, "0": False}.get(flag)
    qs = coverage_people(user=user, period=period, unit=unit, covered=covered)
    page = paginate(qs.order_by("employee_no"), request.GET.get("page"))
    return render(
        request,
        "meetings/coverage.html",
        {
            **context,
            "page": page,
            "covered": covered,
            "extra": ("covered", flag) if covered is not None else None,
            "figure": coverage_figure(user=user, period=period, unit=unit),
        },
    )


@login_required
def members(request):
    """Attendance per member over the period's closed meetings (for the branch, not a ranking:
    ordered by 工号)."""
    user = request.user
    period, unit, context = _period_page(request, "figures")
    # Rows are dicts of a grouped query: Django's paginator, not the two-step one of the ledgers.
    page = Paginator(member_rates(user=user, period=period, unit=unit), 50).get_page(
        request.GET.get("page")
    )
    for r in page.object_list:
        r["rate"] = percent(r["attended"], r["invited"])
    return render(
        request,
        "meetings/members.html",
        {
            **context,
            "page": page,
        },
    )
