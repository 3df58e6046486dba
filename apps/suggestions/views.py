"""Suggestion pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. Employees get 提建议 and 我的建议; cadres the ledger, the figures and the campaigns."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core import charts
from apps.core.filters import sortable
from apps.core.forms import ConfirmForm, Step, record_step, service_step, settings_step
from apps.core.lists import Ledger, export_url, options, sort_headers
from apps.core.pages import Tab
from apps.core.pagination import paginate
from apps.core.params import query_id
from apps.core.timeline import timeline_rows
from apps.orgs.models import OrgUnit
from apps.orgs.scope import held_paths, subtrees_q
from apps.orgs.selectors import department_choices, unit_list

from . import rules, selectors, services
from .choices import Status
from .exports import columns, export_rows
from .filters import CampaignFilter, SuggestionFilter
from .forms import (
    AssignForm,
    BenefitRuleForm,
    CampaignForm,
    CorrectForm,
    DecideForm,
    NoteForm,
    RewardForm,
    ScoreForm,
    SuggestionForm,
    VerifyForm,
)
from .models import BenefitRule


def _nav(request, active: str) -> dict:
    """The area's tab bar: 提建议 first, the cadres' pages for cadres, the settings for admins."""
    user = request.user
    cadre = rules.is_cadre(user)
    tabs = [
        Tab("new", _("提建议"), reverse("suggestions:new"), icon="plus", primary=True),
        Tab("mine", _("我的建议"), reverse("suggestions:mine")),
    ]
    if cadre:
        tabs += [
            Tab("list", _("建议台账"), reverse("suggestions:list")),
            Tab("figures", _("统计"), reverse("suggestions:figures")),
        ]
    tabs.append(Tab("campaigns", _("征集活动"), reverse("suggestions:campaign_list")))
    if rules.can_set_benefit_rule(user):
        tabs.append(Tab("rule", _("效益核定设置"), reverse("suggestions:benefit_rule")))
    return {"tabs": tabs, "tab": active, "is_cadre": cadre}


# --- ledger --------------------------------------------------------------------------------

SORTABLE = sortable(
    SuggestionFilter,
    "submitted_at",
    "score_total",
    "expected_yuan",
    "verified_yuan",
    score_total=_l("得分"),
)


LEDGER = Ledger(
    SuggestionFilter, selectors.suggestion_list, ("-submitted_at", "-pk"), "suggestions:list"
)


@login_required
def item_list(request):
    """The cadres' ledger; an employee without a cadre role is taken to 我的建议."""
    user = request.user
    if not rules.is_cadre(user):
        return redirect("suggestions:mine")
    return render(
        request,
        "suggestions/list.html",
        {
            **_nav(request, "list"),
            **LEDGER.context(request),
            "sort": {h["field"]: h for h in sort_headers(request, SORTABLE)},
            "unit_options": options(department_choices(user=user), request.GET.get("unit")),
            "campaigns": selectors.campaign_options(user=user),
            "export_url": export_url(request, "suggestions:export"),
        },
    )


@login_required
def export(request):
    """The ledger as .xlsx: the same scope and filters as the page."""
    user = request.user
    if not rules.is_cadre(user):
        raise PermissionDenied
    return LEDGER.export(request, columns=columns(), name=_("合理化建议台账"), shape=export_rows)


@login_required
def mine(request):
    """我的建议: what I proposed or co-proposed, with its status and the reviewers' reasons."""
    page = paginate(selectors.my_suggestions(user=request.user), request.GET.get("page"))
    return render(
        request,
        "suggestions/mine.html",
        {
            **_nav(request, "mine"),
            "page": page,
            "open_campaigns": list(selectors.campaigns_open_to(user=request.user)[:5]),
        },
    )


@login_required
def submit(request):
    """提建议: one short form, phone first."""
    user = request.user
    campaigns = selectors.campaigns_open_to(user=user)
    initial = {}
    if user.person_id:
        initial["target_unit"] = user.person.department_id
    if query_id(request.GET, "campaign") is not None:
        initial["campaign"] = query_id(request.GET, "campaign")
    form = SuggestionForm(request.POST or None, initial=initial, campaigns=campaigns)
    return service_step(
        request,
        form,
        service=services.suggestion_submit,
        template="suggestions/submit.html",
        context={**_nav(request, "new"), "no_person": not user.person_id},
        success=_("建议已提交,感谢您的建议!评审结果会通知您。"),
        precheck=True,
    )


# --- a suggestion ----------------------------------------------------------------------------


@login_required
def detail(request, pk: int):
    s = selectors.suggestion_get(user=request.user, pk=pk)
    reviews = list(selectors.suggestion_reviews(s))
    criteria = selectors.active_criteria()
    for r in reviews:
        by_criterion = {sc.criterion_id: sc.score for sc in r.scores.all()}
        r.row = [by_criterion.get(c.pk, "—") for c in criteria]
    return render(
        request,
        "suggestions/detail.html",
        {
            **_nav(request, ""),
            "s": s,
            "co_proposers": list(s.co_proposers.all()),
            "timeline": timeline_rows(s, events=selectors.suggestion_timeline(s), changes=False),
            "reviews": reviews,
            "criteria": criteria,
            "actions": _actions(request.user, s),
            "overdue": s.status == Status.IMPLEMENTING
            and s.impl_due_at is not None
            and s.impl_due_at < timezone.now(),
        },
    )


def _score_kwargs(user, s) -> dict:
    """The criteria, and this reviewer's earlier scores to change."""
    initial = {}
    mine = s.reviews.filter(reviewer=user).prefetch_related("scores").first()
    if mine:
        initial = {f"c{sc.criterion_id}": sc.score for sc in mine.scores.all()}
        initial["comment"] = mine.comment
    return {"criteria": selectors.active_criteria(), "initial": initial}


def _assign_kwargs(user, s) -> dict:
    initial = {"impl_unit": s.impl_unit_id or s.target_unit_id}
    if s.impl_due_at:
        initial["due_at"] = timezone.localtime(s.impl_due_at).date()
    if s.impl_person_id:
        initial["impl_person"] = s.impl_person.employee_no
    return {"initial": initial}


def _verifier(user, s) -> bool:
    return rules.can_verify_benefit(user)


STEPS = {
    "score": Step(
        ScoreForm,
        form_kwargs=_score_kwargs,
        allowed=rules.can_review,
        title=_l("评分"),
        success=_l("评分已保存。"),
        service=services.suggestion_score,
    ),
    "decide": Step(
        DecideForm,
        allowed=rules.can_review,
        title=_l("评审决定"),
        success=_l("评审决定已保存,已通知建议人。"),
        service=services.suggestion_decide,
    ),
    "review": Step(
        ConfirmForm,
        allowed=rules.can_review,
        title=_l("重新评审"),
        intro=_l("这条建议将重新进入评审,可以评分并作出采纳或不采纳的决定。"),
        success=_l("已重新进入评审。"),
        service=services.suggestion_review_start,
    ),
    "assign": Step(
        AssignForm,
        form_kwargs=_assign_kwargs,
        allowed=rules.can_review,
        title=_l("安排实施"),
        success=_l("已安排实施,并纳入督办。"),
        service=services.suggestion_assign,
    ),
    "implemented": Step(
        NoteForm,
        allowed=rules.can_mark_implemented,
        title=_l("实施完成"),
        success=_l("已标记实施完成。"),
        service=services.suggestion_mark_implemented,
    ),
    "verify": Step(
        VerifyForm,
        allowed=_verifier,
        title=_l("核定效益"),
        success=_l("效益已核定。"),
        service=services.suggestion_verify,
    ),
    "correct": Step(
        CorrectForm,
        allowed=_verifier,
        title=_l("更正核定效益"),
        success=_l("核定效益已更正。"),
        service=services.suggestion_correct_benefit,
    ),
    "reward": Step(
        RewardForm,
        allowed=lambda user, s: rules.can_reward(user),
        title=_l("记录奖励"),
        success=_l("奖励已记录。"),
        service=services.suggestion_reward,
    ),
}


# Each step's button: its icon, and whether the suggestion's status admits the step now.
BUTTONS = {
    "score": ("ti-star", lambda status: status in rules.SCORABLE),
    "decide": ("ti-gavel", lambda status: rules.allowed("adopt", status)),
    "review": ("ti-refresh", lambda status: status == Status.PENDING_STUDY),
    "assign": ("ti-user-check", lambda status: rules.allowed("assign", status)),
    "implemented": ("ti-check", lambda status: rules.allowed("implement", status)),
    "verify": ("ti-coin-yuan", lambda status: rules.allowed("verify", status)),
    "correct": ("ti-pencil", lambda status: rules.allowed("correct", status)),
    "reward": ("ti-award", lambda status: rules.allowed("reward", status)),
}


def _actions(user, s) -> list[dict]:
    """The buttons this user may press on this suggestion now: its status admits the step and
    the step admits the user."""
    out = []
    for name, (icon, admits) in BUTTONS.items():
        if admits(s.status) and STEPS[name].allowed(user, s):
            label = STEPS[name].title
            if name == "assign" and s.status == Status.IMPLEMENTING:
                label = _("调整实施安排")
            out.append({"name": name, "label": label, "icon": icon})
    return out


@login_required
def action(request, pk: int, name: str):
    """The suggestion's step named in `STEPS` (the URL names it), one per screen: a short form,
    the service, back to the suggestion (or the form with the service's message and what was
    typed)."""
    if name not in STEPS:
        raise Http404
    s = selectors.suggestion_get(user=request.user, pk=pk)
    return record_step(
        request,
        s,
        STEPS[name],
        record_kw="suggestion",
        back=s.get_absolute_url(),
        template="suggestions/action.html",
        context={"s": s, "name": name, **_nav(request, "")},
    )


# --- campaigns -------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    user = request.user
    filterset = CampaignFilter(request.GET or None, queryset=selectors.campaign_list(user=user))
    qs = filterset.qs.order_by("-starts_on", "-pk")
    page = paginate(qs, request.GET.get("page"))
    counts = dict(
        selectors.campaign_list(user=user)
        .filter(pk__in=[c.pk for c in page.object_list])
        .annotate(n=Count("suggestions", filter=Q(suggestions__deleted_at__isnull=True)))
        .values_list("pk", "n")
    )
    today = timezone.localdate()
    for c in page.object_list:
        c.n_submitted = counts.get(c.pk, 0)
        c.is_open = c.is_open_on(today)
    return render(
        request,
        "suggestions/campaign_list.html",
        {
            **_nav(request, "campaigns"),
            "page": page,
            "filterset": filterset,
            "can_create": rules.can_run_campaign(user),
            "today": today,
        },
    )


@login_required
def campaign_detail(request, pk: int):
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=pk)
    qs = selectors.suggestion_list(user=user).filter(campaign=campaign)
    page = paginate(qs.order_by("-submitted_at", "-pk"), request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "suggestions/campaign_detail.html",
        {
            **_nav(request, "campaigns"),
            "campaign": campaign,
            "page": page,
            "figures": selectors.figures(qs, best=5)["totals"],
            "is_open": campaign.is_open_on(today),
            "may_join": selectors.campaigns_open_to(user=user).filter(pk=campaign.pk).exists(),
            "list_url": reverse("suggestions:list") + f"?campaign={campaign.pk}",
            "figures_url": reverse("suggestions:figures") + f"?campaign={campaign.pk}",
        },
    )


def _organiser_units(user):
    """Units under the user's campaign roles: where they may organise a call."""
    if user.is_superuser:
        return OrgUnit.objects.alive()
    paths = held_paths(user, *rules.CAMPAIGN_ROLES)
    return OrgUnit.objects.alive().filter(subtrees_q(paths)) if paths else OrgUnit.objects.none()


@login_required
def campaign_create(request):
    user = request.user
    if not rules.can_run_campaign(user):
        raise PermissionDenied
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": date(today.year, 12, 31)},
        organisers=_organiser_units(user),
        scopes=unit_list(user=user),
    )
    return service_step(
        request,
        form,
        service=services.campaign_create,
        template="suggestions/campaign_form.html",
        context=_nav(request, "campaigns"),
        success=_("征集活动已发布。"),
    )


@login_required
def benefit_rule(request):
    """效益核定设置: which units' heads verify benefit, and the largest amount taken."""
    user = request.user
    if not rules.can_set_benefit_rule(user):
        raise PermissionDenied
    return settings_step(
        request,
        BenefitRule.current(),
        BenefitRuleForm,
        form_kwargs={"units": unit_list(user=user)},
        service=services.benefit_rule_save,
        template="suggestions/benefit_rule.html",
        context=_nav(request, "rule"),
        success=_("效益核定设置已保存。"),
    )


# --- figures ---------------------------------------------------------------------------------


@login_required
def figures(request):
    """Figures over the suggestions in scope for the filters' period; each links to its list."""
    user = request.user
    if not rules.is_cadre(user):
        raise PermissionDenied
    filterset = SuggestionFilter(request.GET or None, queryset=selectors.suggestion_list(user=user))
    data = selectors.figures_for(user=user, params=request.GET, qs=filterset.qs)
    base = request.GET.copy()
    for key in ("page", "ordering", "status", "stage", "month"):
        base.pop(key, None)
    query = base.urlencode()
    base_url = reverse("suggestions:list") + "?" + (f"{query}&" if query else "")
    months = [r["month"] or "" for r in data["by_month"]]
    units = data["benefit_by_unit"]
    month_chart = charts.bars(
        months,
        [
            {
                "name": _("提交"),
                "data": [r["submitted"] for r in data["by_month"]],
                "links": [f"{base_url}month={m}-01" for m in months],
                "colour": "#8aa4c8",
            },
            {
                "name": _("采纳"),
                "data": [r["adopted"] for r in data["by_month"]],
                "links": [f"{base_url}month={m}-01&stage=adopted" for m in months],
                "colour": charts.RED,
            },
        ],
    )
    # Largest at the top of a horizontal bar chart: ECharts draws categories bottom-up.
    unit_chart = charts.bars(
        [r["target_unit__name"] for r in reversed(units)],
        [
            {
                "name": _("核定效益(元)"),
                "data": [float(r["benefit"]) for r in reversed(units)],
                "links": [
                    f"{base_url}unit={r['target_unit_id']}&stage=verified" for r in reversed(units)
                ],
                "colour": charts.RED,
            }
        ],
        horizontal=True,
    )
    for r in data["by_month"]:
        r["month_param"] = f"{r['month']}-01" if r["month"] else ""
    return render(
        request,
        "suggestions/figures.html",
        {
            **_nav(request, "figures"),
            "filterset": filterset,
            "f": data,
            "month_chart": month_chart,
            "unit_chart": unit_chart,
            "q": query,
            "list_url": reverse("suggestions:list"),
            "campaigns": selectors.campaign_options(user=user),
            "unit_options": options(department_choices(user=user), request.GET.get("unit")),
        },
    )
