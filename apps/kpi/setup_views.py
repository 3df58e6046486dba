"""The 党群工作部's 量化考核 setup pages: the indicator library, schemes with their weighted
items, opening a scheme and cutting its periods, a period's manual scores (one grid per manual
indicator) and its 加分/扣分/一票否决. Thin: parse, read through setup_selectors, call
setup_services through form_step / action_step."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import action_step, bound, form_step
from apps.core.lists import list_page_context, options
from apps.core.pagination import paginate
from apps.core.params import query_id
from apps.orgs.choices import UnitKind
from apps.orgs.scope import units_reached

from . import services as kpi_services
from . import setup_selectors as selectors
from . import setup_services as services
from .choices import PeriodStatus, SchemeStatus, Source
from .setup_filters import IndicatorFilter, SchemeFilter
from .setup_forms import (
    AdjustmentForm,
    IndicatorForm,
    ItemForm,
    ManualGridForm,
    SchemeForm,
    steps_text,
)
from .views import period_label, tabs_for

GRID_ROWS = 50
# What the grid narrows to: the units above those a scheme assesses.
GROUPS = (
    UnitKind.COMPANY,
    UnitKind.DEPARTMENT,
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
)


def setup_page(view):
    """A setup page: signed in, and only for those who set up 量化考核 (else 403)."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        if not kpi_services.can_set_up(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return page


def _page(tab: str, **extra) -> dict:
    # Only those who may set reach a setup page, so theirs are the full tabs.
    return {"tabs": tabs_for(setting=True), "tab": tab, **extra}


def _scheme_url(scheme) -> str:
    return reverse("kpi:setup:scheme_detail", args=[scheme.pk])


def _period_url(period) -> str:
    return reverse("kpi:period", args=[period.pk])


# --- the indicator library -------------------------------------------------------------------


@setup_page
def indicator_list(request):
    base = selectors.indicator_list(user=request.user)
    ctx = list_page_context(request, IndicatorFilter, base, order=("code",))
    return render(request, "kpi/setup/indicator_list.html", {**ctx, **_page("indicators")})


@setup_page
def indicator_form(request, pk: int | None = None):
    """Add or change an indicator: computed by a registered calculator, or manual."""
    user = request.user
    indicator = selectors.indicator_get(user=user, pk=pk) if pk else None
    fields = (
        "code",
        "name",
        "measure",
        "direction",
        "unit_kinds",
        "source",
        "calculator",
        "min_value",
        "max_value",
    )
    initial = {f: getattr(indicator, f) for f in fields} if indicator else {"source": "computed"}
    form = bound(request, IndicatorForm, initial=initial)

    def save(data):
        services.indicator_save(actor=user, indicator=indicator, **data)
        return reverse("kpi:setup:indicator_list")

    return form_step(
        request,
        form,
        handler=save,
        template="kpi/setup/indicator_form.html",
        context=_page("indicators", title=_("修改指标") if indicator else _("新增指标")),
        success=_("指标已保存。"),
    )


# --- schemes ---------------------------------------------------------------------------------


@setup_page
def scheme_list(request):
    base = selectors.scheme_list(user=request.user)
    ctx = list_page_context(request, SchemeFilter, base, order=("-year", "name"))
    return render(request, "kpi/setup/scheme_list.html", {**ctx, **_page("schemes")})


@setup_page
def scheme_form(request, pk: int | None = None):
    user = request.user
    scheme = selectors.scheme_get(user=user, pk=pk) if pk else None
    fields = ("name", "year", "unit_kind", "period_kind")
    initial = {f: getattr(scheme, f) for f in fields} if scheme else {}
    form = bound(request, SchemeForm, initial=initial)

    def save(data):
        return _scheme_url(services.scheme_save(actor=user, scheme=scheme, **data))

    return form_step(
        request,
        form,
        handler=save,
        template="kpi/setup/scheme_form.html",
        context=_page("schemes", title=_("修改考核方案") if scheme else _("新建考核方案")),
        success=_("考核方案已保存。"),
    )


@setup_page
def scheme_detail(request, pk: int):
    """A scheme: its items with weights and rules, the weights' total, its periods and what
    each period still needs (manual scores, adjustments, computing)."""
    scheme = selectors.scheme_get(user=request.user, pk=pk)
    items = list(selectors.scheme_items(scheme))
    for item in items:
        item.steps_text = steps_text(item.steps)
    total = sum((i.weight for i in items), 0)
    periods = list(scheme.periods.order_by("start"))
    locked = any(p.status == PeriodStatus.LOCKED for p in periods)
    return render(
        request,
        "kpi/setup/scheme_detail.html",
        {
            **_page("schemes"),
            "scheme": scheme,
            "items": items,
            "weight_total": total,
            "periods": periods,
            "manual_items": [i for i in items if i.indicator.source == Source.MANUAL],
            "editable": not locked and scheme.status != SchemeStatus.LOCKED,
            "can_open": scheme.status == SchemeStatus.DRAFT and not locked,
            "can_cut": scheme.status == SchemeStatus.OPEN,
        },
    )


@setup_page
def item_form(request, pk: int, item_pk: int | None = None):
    """Add or change an item of a scheme: the indicator, its weight and its scoring rule."""
    user = request.user
    scheme = selectors.scheme_get(user=user, pk=pk)
    item = get_object_or_404(scheme.items, pk=item_pk) if item_pk else None
    initial = (
        {
            "indicator": item.indicator_id,
            "weight": item.weight,
            "rule": item.rule,
            "floor": item.floor,
            "target": item.target,
            "steps": steps_text(item.steps),
        }
        if item
        else {}
    )
    form = bound(request, ItemForm, scheme=scheme, initial=initial)

    def save(data):
        services.scheme_item_save(actor=user, scheme=scheme, item=item, **data)
        return _scheme_url(scheme)

    return form_step(
        request,
        form,
        handler=save,
        template="kpi/setup/item_form.html",
        context=_page(
            "schemes", scheme=scheme, item=item, title=_("修改指标") if item else _("添加指标")
        ),
        success=_("已保存。方案修改后须重新开启。")
        if scheme.status == SchemeStatus.OPEN
        else _("已保存。"),
    )


@setup_page
@require_POST
def item_delete(request, pk: int, item_pk: int):
    scheme = selectors.scheme_get(user=request.user, pk=pk)
    item = get_object_or_404(scheme.items, pk=item_pk)
    back = _scheme_url(scheme)

    def delete():
        services.scheme_item_delete(actor=request.user, item=item)
        return back

    return action_step(request, handler=delete, success=_("已从方案中删除该指标。"), back=back)


def _scheme_button(request, pk: int, service, success=None):
    """A button on a scheme's page: the service, then back to the scheme either way."""
    scheme = selectors.scheme_get(user=request.user, pk=pk)
    back = _scheme_url(scheme)

    def run():
        service(actor=request.user, scheme=scheme)
        return back

    return action_step(request, handler=run, success=success, back=back)


@setup_page
@require_POST
def scheme_open(request, pk: int):
    return _scheme_button(
        request, pk, services.scheme_open, success=_("方案已开启,可以生成考核期。")
    )


@setup_page
@require_POST
def periods_create(request, pk: int):
    def cut(**kwargs):
        made = services.periods_create(**kwargs)
        messages.success(request, _("已生成 %(n)d 个考核期。") % {"n": len(made)})

    return _scheme_button(request, pk, cut)


# --- a period's manual scores and adjustments (its page is kpi:period) ----------------------


@setup_page
def manual_grid(request, pk: int, item_pk: int):
    """A manual indicator's scores for a period: every unit the assessor reaches on one grid
    (50 a page, narrowed to a unit's subtree), a value, evidence and a note each. A refusal
    lands on its row and every row keeps what was typed."""
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    item = get_object_or_404(period.scheme.items.select_related("indicator"), pk=item_pk)
    groups = units_reached(user, GROUPS).exclude(kind=period.scheme.unit_kind).order_by("path")
    picked = query_id(request.GET, "unit")
    within = groups.filter(pk=picked).first() if picked else None
    page = paginate(
        selectors.period_units(user=user, period=period, within=within),
        request.GET.get("page"),
        per_page=GRID_ROWS,
    )
    units = list(page.object_list)
    scores = selectors.manual_scores(user=user, period=period, item=item, units=units)
    for unit in units:
        unit.score = scores.get(unit.pk)
    form = bound(request, ManualGridForm, units=units)

    def save(_data):
        n = services.manual_scores_save(
            actor=user, period=period, item=item, entries=form.entries()
        )
        messages.success(request, _("已保存 %(n)d 个单位的评分。") % {"n": n})
        return request.get_full_path()

    low, high = services.value_range(item.indicator)
    return form_step(
        request,
        form,
        handler=save,
        template="kpi/setup/manual_grid.html",
        context=_page(
            "schemes",
            period=period,
            label=period_label(period),
            item=item,
            units=units,
            page=page,
            low=low,
            high=high,
            unit_options=options(groups, within.pk if within else ""),
            is_open=period.status == PeriodStatus.OPEN,
        ),
    )


@setup_page
def adjustment_form(request, pk: int):
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    form = bound(request, AdjustmentForm, units=selectors.period_units(user=user, period=period))

    def save(data):
        services.adjustment_create(actor=user, period=period, **data)
        return _period_url(period)

    return form_step(
        request,
        form,
        handler=save,
        template="kpi/setup/adjustment_form.html",
        context=_page("schemes", period=period, label=period_label(period), title=_("加减分")),
        success=_("已记录。重新计算后计入考核结果。"),
    )


@setup_page
@require_POST
def adjustment_delete(request, pk: int, adjustment_pk: int):
    period = selectors.period_get(user=request.user, pk=pk)
    adjustment = get_object_or_404(
        selectors.adjustment_list(user=request.user, period=period), pk=adjustment_pk
    )
    back = _period_url(period)

    def delete():
        services.adjustment_remove(actor=request.user, adjustment=adjustment)
        return back

    return action_step(request, handler=delete, success=_("已撤回该加减分。"), back=back)
