"""量化考核 pages: the scorecards a user may see (the same selectors as the API), a period with
its ranking, its computation's progress bar and its steps (计算, 公示, 锁定), 申诉 and the
assessor's answer, the 评先评优 candidates and the two exports of a locked period."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.audit import ACTION_WORDS
from apps.core.exports import ledger_response
from apps.core.forms import action_step, bound, form_step, service_step
from apps.core.lists import list_page_context, options
from apps.core.pages import Tab
from apps.core.progress import progress_context, progress_response
from apps.core.timeline import timeline_rows
from apps.orgs.choices import UnitKind

from . import selectors, services, setup_selectors
from .choices import Grade, ObjectionStatus, PeriodStatus, Source, Vote
from .filters import ObjectionFilter, PeriodFilter, ScorecardFilter
from .forms import (
    AnswerForm,
    CadreNewForm,
    CadreReportForm,
    ObjectionForm,
    SettingsForm,
    VoteForm,
)
from .models import KpiSettings, Period


def period_label(period) -> str:
    """A period as a person names it: its scheme and its dates."""
    return f"{period.scheme.name} {period.start:%Y-%m-%d}—{period.end:%Y-%m-%d}"


def kpi_tabs(user, tab: str = "") -> list[Tab]:
    return tabs_for(setting=services.can_set_up(user))


def tabs_for(*, setting: bool) -> list[Tab]:
    """The 量化考核 tabs; the 党群工作部 also sees the setup (方案, 指标库) and the settings."""
    rows = [
        Tab("list", _("考核结果"), reverse("kpi:list")),
        Tab("periods", _("考核期"), reverse("kpi:periods")),
        Tab("objections", _("申诉"), reverse("kpi:objections")),
        Tab("cadres", _("述职评议"), reverse("kpi:cadres")),
    ]
    if setting:
        rows += [
            Tab("schemes", _("考核方案"), reverse("kpi:setup:scheme_list")),
            Tab("indicators", _("指标库"), reverse("kpi:setup:indicator_list")),
            Tab("settings", _("设置"), reverse("kpi:settings")),
        ]
    return rows


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
        {
            **ctx,
            "period_options": options(periods, request.GET.get("period"), period_label),
            "tabs": kpi_tabs(request.user, "list"),
            "tab": "list",
        },
    )


@login_required
def scorecard_detail(request, pk: int):
    card = selectors.scorecard_get(user=request.user, pk=pk)
    period = card.period
    return render(
        request,
        "kpi/detail.html",
        {
            "card": card,
            "period_label": period_label(period),
            "lines": selectors.scorecard_lines(card),
            "objections": selectors.objection_list(user=request.user).filter(scorecard=card),
            "may_object": period.status == PeriodStatus.PUBLIC
            and services.may_object(request.user, card),
        },
    )


@login_required
def period_list(request):
    base = selectors.period_list(user=request.user)
    ctx = list_page_context(request, PeriodFilter, base, order=("-start", "pk"))
    for period in ctx["page"].object_list:
        period.label = period_label(period)
    return render(
        request,
        "kpi/periods.html",
        {**ctx, "tabs": kpi_tabs(request.user, "periods"), "tab": "periods"},
    )


def _progress(period) -> dict | None:
    live = services.compute_progress(period)
    return progress_context(live["processed"], live["total"]) if live else None


@login_required
def period_detail(request, pk: int):
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    assessor = services.is_assessor(user, period)
    return render(
        request,
        "kpi/period.html",
        {
            "period": period,
            "label": period_label(period),
            "assessor": assessor,
            "progress": _progress(period),
            "ranking": selectors.ranking(user=user, period=period),
            "objections": selectors.objection_list(user=user).filter(scorecard__period=period),
            "timeline": timeline_rows(period, events=period.events.all(), edits=False)
            if assessor
            else [],
            "changes": _changes(period) if assessor else [],
            **(_scoring(user, period) if services.can_set_up(user) else {}),
        },
    )


def _scoring(user, period) -> dict:
    """What the party admin still scores by hand: each manual item with how many of the units
    they reach have a value (a link to its grid), and the period's 加分/扣分/一票否决."""
    items = [
        i
        for i in setup_selectors.scheme_items(period.scheme)
        if i.indicator.source == Source.MANUAL
    ]
    entered = dict(period.manual_scores.values_list("item_id").annotate(n=Count("pk")))
    for item in items:
        item.entered = entered.get(item.pk, 0)
    return {
        "setting": True,
        "manual_items": items,
        "unit_count": setup_selectors.period_units(user=user, period=period).count(),
        "adjustments": setup_selectors.adjustment_list(user=user, period=period),
    }


def _changes(period) -> list[dict]:
    """The period's scoring history (manual scores, adjustments) for its page."""
    rows = []
    for entry in selectors.period_changes(period):
        changes = entry.changes_display_dict or {}
        rows.append(
            {
                "at": entry.timestamp,
                "actor": entry.actor.display_name if entry.actor else "",
                "action": ACTION_WORDS.get(entry.action, ""),
                "what": f"{entry.content_type.model_class()._meta.verbose_name} · "
                f"{entry.object_repr}",
                "details": [f"{k}:{' → '.join(map(str, v))}" for k, v in changes.items()],
            }
        )
    return rows


@login_required
def period_progress(request, pk: int):
    """The polled progress bar of the period's computation; the page reloads when it ends."""
    period = selectors.period_get(user=request.user, pk=pk)
    progress = _progress(period)
    return progress_response(
        request,
        running=progress is not None,
        template="kpi/_progress.html",
        context={"period": period, "progress": progress},
    )


ACTIONS = {
    "compute": (services.period_compute_start, _("已开始计算,完成后页面自动刷新。")),
    "publish": (services.period_publish, _("已开始公示,各单位现在可以查看本单位结果并申诉。")),
    "lock": (services.period_lock, _("考核期已锁定,结果成为定稿。")),
}


@login_required
@require_POST
def period_action(request, pk: int, action: str):
    period = selectors.period_get(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    service, success = ACTIONS[action]
    back = reverse("kpi:period", args=[period.pk])

    def handler():
        service(actor=request.user, period=period)
        return back

    return action_step(request, handler=handler, success=success, back=back)


@login_required
def objection_new(request, pk: int):
    card = selectors.scorecard_get(user=request.user, pk=pk)
    form = bound(request, ObjectionForm, card=card)

    def raise_(data):
        objection = services.objection_raise(actor=request.user, card=card, **data)
        return reverse("kpi:objection", args=[objection.pk])

    return form_step(
        request,
        form,
        handler=raise_,
        template="kpi/objection_form.html",
        context={"card": card, "period_label": period_label(card.period), "title": _("申诉")},
        success=_("申诉已提交,党群工作部答复后会显示在这里。"),
    )


@login_required
def objection_list(request):
    base = selectors.objection_list(user=request.user)
    ctx = list_page_context(request, ObjectionFilter, base, order=("-created_at", "-pk"))
    return render(
        request,
        "kpi/objections.html",
        {**ctx, "tabs": kpi_tabs(request.user, "objections"), "tab": "objections"},
    )


@login_required
def objection_detail(request, pk: int):
    user = request.user
    objection = selectors.objection_get(user=user, pk=pk)
    card = objection.scorecard
    answerable = objection.status == ObjectionStatus.PENDING and services.is_assessor(
        user, card.period
    )

    context = {
        "objection": objection,
        "card": card,
        "period_label": period_label(card.period),
        "timeline": timeline_rows(objection, events=objection.events.all(), changes=False),
    }
    if not answerable:
        return render(request, "kpi/objection.html", context)

    def answer(data):
        services.objection_answer(actor=user, objection=objection, **data)
        return reverse("kpi:objection", args=[objection.pk])

    return form_step(
        request,
        bound(request, AnswerForm),
        handler=answer,
        template="kpi/objection.html",
        context=context,
        success=_("已答复。"),
        form_name="answer_form",
    )


def _locked_for_assessor(request, pk: int) -> Period:
    period = selectors.period_get(user=request.user, pk=pk)
    if period.status != PeriodStatus.LOCKED or not services.is_assessor(request.user, period):
        raise Http404
    return period


@login_required
def candidates(request, pk: int):
    period = _locked_for_assessor(request, pk)
    return render(
        request,
        "kpi/candidates.html",
        {
            "period": period,
            "label": period_label(period),
            "cards": selectors.candidates(user=request.user, period=period),
            # The 人才队伍 honour the card leads to: party units 先进党支部, others 先进集体.
            "honour_kind": "branch"
            if period.scheme.unit_kind
            in (UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH)
            else "collective",
        },
    )


@login_required
def export_incentive(request, pk: int):
    """薪酬激励: each unit's grade and the coefficient the settings give it."""
    period = _locked_for_assessor(request, pk)
    rates = KpiSettings.current()
    columns = [
        (_("单位"), lambda c, now: c.unit.name),
        (_("总分"), lambda c, now: c.total),
        (_("排名"), lambda c, now: c.rank),
        (_("等次"), lambda c, now: c.get_grade_display()),
        (_("激励系数"), lambda c, now: rates.coefficient(c.grade)),
    ]
    return ledger_response(
        request,
        selectors.ranking(user=request.user, period=period),
        columns=columns,
        name=_("薪酬激励") + f"-{period.start:%Y%m%d}",
        back=reverse("kpi:period", args=[period.pk]),
    )


@login_required
def export_promotion(request, pk: int):
    """职务晋升: each unit's grade in every locked period of the scheme's year."""
    period = _locked_for_assessor(request, pk)
    cards = selectors.ranking(user=request.user, period=period).order_by("unit__path")
    grades = selectors.year_grades(period=period, units=cards.values("unit"))
    labels = dict(Grade.choices)

    def grade_in(p):
        return lambda c, now: str(labels.get(grades.get(c.unit_id, {}).get(p.pk), ""))

    columns = [(_("单位"), lambda c, now: c.unit.name)]
    columns += [
        (f"{p.start:%Y-%m-%d}—{p.end:%Y-%m-%d}", grade_in(p))
        for p in selectors.year_periods(period)
    ]
    return ledger_response(
        request,
        cards,
        columns=columns,
        name=_("职务晋升") + f"-{period.scheme.year}",
        back=reverse("kpi:period", args=[period.pk]),
    )


@login_required
def settings_page(request):
    if not services.can_set_up(request.user):
        raise PermissionDenied
    return service_step(
        request,
        bound(request, SettingsForm, instance=KpiSettings.current()),
        service=services.settings_save,
        back=reverse("kpi:settings"),
        template="kpi/settings.html",
        context={"tabs": kpi_tabs(request.user, "settings"), "tab": "settings"},
        success=_("激励系数已保存。"),
    )


@login_required
def cadre_list(request):
    user = request.user
    return render(
        request,
        "kpi/cadres.html",
        {
            "reviews": selectors.scored(selectors.cadre_list(user=user)),
            "ballots": selectors.ballots(user=user),
            "may_add": services.can_set_up(user),
            "tabs": kpi_tabs(user, "cadres"),
            "tab": "cadres",
        },
    )


@login_required
def cadre_new(request):
    user = request.user
    periods = selectors.period_list(user=user).exclude(status=PeriodStatus.LOCKED)
    form = bound(request, CadreNewForm, periods=periods)

    def create(data):
        review = services.cadre_review_create(actor=user, **data)
        return reverse("kpi:cadre", args=[review.pk])

    return form_step(
        request,
        form,
        handler=create,
        template="kpi/cadre_new.html",
        context={"title": _("安排述职评议")},
        success=_("已安排述职评议,支部党员现在可以参加民主评议。"),
    )


@login_required
def cadre_detail(request, pk: int):
    user = request.user
    review = selectors.scored([selectors.cadre_get(user=user, pk=pk)])[0]
    context = {
        "review": review,
        "period_label": period_label(review.period),
        "counts": [(label, review.counts[value]) for value, label in Vote.choices],
    }
    if not services.is_assessor(user, review.period) or review.period.status == PeriodStatus.LOCKED:
        return render(request, "kpi/cadre.html", context)
    back = reverse("kpi:cadre", args=[review.pk])
    return service_step(
        request,
        bound(request, CadreReportForm, instance=review),
        service=partial(services.cadre_report_save, review=review),
        back=back,
        template="kpi/cadre.html",
        context=context,
        success=_("述职评议已保存。"),
        form_name="report_form",
    )


@login_required
def cadre_vote(request, pk: int):
    review = selectors.ballot_get(user=request.user, pk=pk)

    def vote(data):
        services.cadre_vote(actor=request.user, review=review, **data)
        return reverse("kpi:cadres")

    return form_step(
        request,
        bound(request, VoteForm),
        handler=vote,
        template="kpi/cadre_vote.html",
        context={"review": review, "title": _("民主评议")},
        success=_("已投票。投票匿名,结果只显示各档票数。"),
    )
