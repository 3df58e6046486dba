"""Suggestion pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. Employees get 提建议 and 我的建议; cadres the ledger, the figures and the campaigns."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.errors import DomainError, NotFound
from apps.core.pagination import paginate
from apps.core.scope import subtree_q
from apps.orgs.models import OrgUnit
from apps.orgs.selectors import department_choices, unit_list
from apps.orgs.views import _unit_options

from . import rules, selectors, services
from .choices import Status
from .filters import CampaignFilter, SuggestionFilter
from .forms import (
    AmountForm,
    AssignForm,
    CampaignForm,
    DecideForm,
    NoteForm,
    ScoreForm,
    SuggestionForm,
)
from .resources import XLSX_CONTENT_TYPE, export_xlsx

EXPORT_LIMIT = 20000
STATUS_BADGES = {
    Status.SUBMITTED: "bg-blue-lt",
    Status.UNDER_REVIEW: "bg-azure-lt",
    Status.PENDING_STUDY: "bg-yellow-lt",
    Status.REJECTED: "bg-secondary-lt",
    Status.ADOPTED: "bg-green-lt",
    Status.IMPLEMENTING: "bg-orange-lt",
    Status.IMPLEMENTED: "bg-teal-lt",
    Status.VERIFIED: "bg-green",
    Status.REWARDED: "bg-red",
}


def _get(request, pk: int):
    try:
        return selectors.suggestion_get(user=request.user, pk=pk)
    except NotFound as e:
        raise Http404 from e


def _campaign(request, pk: int):
    try:
        return selectors.campaign_get(user=request.user, pk=pk)
    except NotFound as e:
        raise Http404 from e


def _form_error(form, error: DomainError, aliases: dict | None = None) -> None:
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _badge(rows):
    for s in rows:
        s.badge = STATUS_BADGES.get(s.status, "bg-secondary-lt")
    return rows


def _nav(request, active: str) -> dict:
    return {"nav_active": active, "is_cadre": rules.is_cadre(request.user)}


# --- ledger --------------------------------------------------------------------------------

SORTABLE = (
    ("submitted_at", _l("提交时间")),
    ("score_total", _l("得分")),
    ("expected_yuan", _l("预计效益")),
    ("verified_yuan", _l("核定效益")),
)


def _sort_headers(request) -> dict:
    current = request.GET.get("ordering", "")
    headers = {}
    for field, label in SORTABLE:
        direction = "asc" if current == field else "desc" if current == f"-{field}" else ""
        headers[field] = {
            "label": label,
            "next": f"-{field}" if direction == "asc" else field,
            "dir": direction,
        }
    return headers


@login_required
def item_list(request):
    """The cadres' ledger; an employee without a cadre role is taken to 我的建议."""
    user = request.user
    if not rules.is_cadre(user):
        return redirect("suggestions:mine")
    filterset = SuggestionFilter(request.GET or None, queryset=selectors.suggestion_list(user=user))
    qs = filterset.qs
    if not request.GET.get("ordering"):
        qs = qs.order_by("-submitted_at", "-pk")
    page = paginate(qs, request.GET.get("page"))
    _badge(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suggestions/list.html",
        {
            **_nav(request, "list"),
            "filterset": filterset,
            "page": page,
            "sort": _sort_headers(request),
            "unit_options": _unit_options(department_choices(user=user), request.GET.get("unit")),
            "campaigns": selectors.campaign_options(user=user),
            "export_url": reverse("suggestions:export")
            + (f"?{query.urlencode()}" if query else ""),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
        },
    )


@login_required
def export(request):
    """The ledger as .xlsx: the same scope and filters as the page."""
    user = request.user
    if not rules.is_cadre(user):
        raise PermissionDenied
    filterset = SuggestionFilter(request.GET or None, queryset=selectors.suggestion_list(user=user))
    qs = filterset.qs
    if not request.GET.get("ordering"):
        qs = qs.order_by("-submitted_at", "-pk")
    total = qs.count()
    if total > EXPORT_LIMIT:
        messages.error(
            request,
            _("符合条件的建议有 %(n)d 条,超过单次导出上限 %(m)d 条,请缩小筛选范围(如按时间段)。")
            % {"n": total, "m": EXPORT_LIMIT},
        )
        return redirect(reverse("suggestions:list") + "?" + request.GET.urlencode())
    from urllib.parse import quote

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export_xlsx(qs), content_type=XLSX_CONTENT_TYPE)
    name = quote(f"{_('合理化建议台账')}-{stamp}.xlsx")
    response["Content-Disposition"] = (
        f"attachment; filename=\"suggestions.xlsx\"; filename*=UTF-8''{name}"
    )
    return response


@login_required
def mine(request):
    """我的建议: what I proposed or co-proposed, with its status and the reviewers' reasons."""
    page = paginate(selectors.my_suggestions(user=request.user), request.GET.get("page"))
    _badge(page.object_list)
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
    if request.GET.get("campaign", "").isdigit():
        initial["campaign"] = int(request.GET["campaign"])
    form = SuggestionForm(request.POST or None, initial=initial, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.suggestion_submit(
                actor=user,
                title=data["title"],
                problem=data["problem"],
                proposal=data["proposal"],
                category=data["category"],
                target_unit=data["target_unit"],
                expected_benefit=data["expected_benefit"],
                expected_yuan=data["expected_yuan"],
                campaign=data.get("campaign"),
                co_proposers=data["co_proposer_nos"],
            )
        except DomainError as e:
            _form_error(form, e, {"co_proposers": "co_proposer_nos"})
        else:
            messages.success(request, _("建议已提交,感谢您的建议!评审结果会通知您。"))
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(
        request,
        "suggestions/submit.html",
        {**_nav(request, "new"), "form": form, "no_person": not user.person_id},
        status=400 if form.errors else 200,
    )


# --- a suggestion ----------------------------------------------------------------------------


def _actions(user, s) -> list[dict]:
    """The buttons this user may press on this suggestion now."""
    out = []
    reviewer = rules.can_review(user, s)
    if reviewer and s.status in rules.SCORABLE:
        out.append({"name": "score", "label": _("评分"), "icon": "ti-star"})
    if reviewer and rules.allowed("adopt", s.status):
        out.append({"name": "decide", "label": _("评审决定"), "icon": "ti-gavel"})
    if reviewer and s.status == Status.PENDING_STUDY:
        out.append({"name": "review", "label": _("重新评审"), "icon": "ti-refresh"})
    if reviewer and rules.allowed("assign", s.status):
        label = _("调整实施安排") if s.status == Status.IMPLEMENTING else _("安排实施")
        out.append({"name": "assign", "label": label, "icon": "ti-user-check"})
    if rules.allowed("implement", s.status) and rules.can_mark_implemented(user, s):
        out.append({"name": "implemented", "label": _("实施完成"), "icon": "ti-check"})
    if rules.allowed("verify", s.status) and rules.can_verify_benefit(user):
        out.append({"name": "verify", "label": _("核定效益"), "icon": "ti-coin-yuan"})
    if rules.allowed("reward", s.status) and rules.can_reward(user):
        out.append({"name": "reward", "label": _("记录奖励"), "icon": "ti-award"})
    return out


@login_required
def detail(request, pk: int):
    s = _get(request, pk)
    _badge([s])
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
            "timeline": list(selectors.suggestion_timeline(s)),
            "reviews": reviews,
            "criteria": criteria,
            "actions": _actions(request.user, s),
            "now": timezone.now(),
        },
    )


def _run(action: str, request, s, form):
    """Call the action's service with the form's data."""
    user, data = request.user, form.cleaned_data
    if action == "score":
        services.suggestion_score(
            actor=user, suggestion=s, scores=form.scores(), comment=data.get("comment", "")
        )
        return _("评分已保存。")
    if action == "decide":
        services.suggestion_decide(
            actor=user, suggestion=s, decision=data["decision"], reason=data.get("reason", "")
        )
        return _("评审决定已保存,已通知建议人。")
    if action == "review":
        services.suggestion_review_start(actor=user, suggestion=s)
        return _("已重新进入评审。")
    if action == "assign":
        services.suggestion_assign(
            actor=user,
            suggestion=s,
            impl_unit=data["impl_unit"],
            impl_person=data.get("impl_person_no"),
            due_at=form.due_at(),
        )
        return _("已安排实施,并纳入督办。")
    if action == "implemented":
        services.suggestion_mark_implemented(actor=user, suggestion=s, note=data["note"])
        return _("已标记实施完成。")
    if action == "verify":
        services.suggestion_verify(
            actor=user, suggestion=s, yuan=data["yuan"], note=data.get("note", "")
        )
        return _("效益已核定。")
    services.suggestion_reward(actor=user, suggestion=s, yuan=data["yuan"], note=data["note"])
    return _("奖励已记录。")


ACTION_TITLES = {
    "score": _l("评分"),
    "decide": _l("评审决定"),
    "review": _l("重新评审"),
    "assign": _l("安排实施"),
    "implemented": _l("实施完成"),
    "verify": _l("核定效益"),
    "reward": _l("记录奖励"),
}
ALIASES = {"reason": "reason", "due_at": "due_on", "impl_unit": "impl_unit", "decision": "decision"}


@login_required
def action(request, pk: int, name: str):
    """One workflow step on its own screen: GET shows the form, POST does it."""
    if name not in ACTION_TITLES:
        raise Http404
    s = _get(request, pk)
    if name not in {a["name"] for a in _actions(request.user, s)} and request.method == "GET":
        messages.error(request, _("这一步现在不能由您办理。"))
        return redirect("suggestions:detail", pk=s.pk)
    data = request.POST if request.method == "POST" else None
    initial = {}
    if name == "score":
        criteria = selectors.active_criteria()
        mine = s.reviews.filter(reviewer=request.user).prefetch_related("scores").first()
        if mine:
            initial = {f"c{sc.criterion_id}": sc.score for sc in mine.scores.all()}
            initial["comment"] = mine.comment
        form = ScoreForm(data, initial=initial, criteria=criteria)
    elif name == "decide":
        form = DecideForm(data)
    elif name == "review":
        form = DecideForm(None)
        form.fields = {}
    elif name == "assign":
        initial = {"impl_unit": s.impl_unit_id or s.target_unit_id}
        if s.impl_due_at:
            initial["due_on"] = timezone.localtime(s.impl_due_at).date()
        if s.impl_person_id:
            initial["impl_person_no"] = s.impl_person.employee_no
        form = AssignForm(data, initial=initial)
    elif name == "implemented":
        form = NoteForm(data)
    elif name == "verify":
        form = AmountForm(data, amount_label=_("核定效益(元)"))
    else:
        form = AmountForm(data, amount_label=_("奖励金额(元)"), note_required=True)
    if request.method == "POST" and (name == "review" or form.is_valid()):
        if name == "review":
            form.cleaned_data = {}
        try:
            message = _run(name, request, s, form)
        except DomainError as e:
            if e.status == 403:
                raise PermissionDenied from e
            _form_error(form, e, ALIASES)
            s.refresh_from_db()
        else:
            messages.success(request, message)
            return redirect("suggestions:detail", pk=s.pk)
    return render(
        request,
        "suggestions/action.html",
        {"s": s, "form": form, "name": name, "title": ACTION_TITLES[name], **_nav(request, "")},
        status=400 if form.errors else 200,
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
    campaign = _campaign(request, pk)
    qs = selectors.suggestion_list(user=user).filter(campaign=campaign)
    page = paginate(qs.order_by("-submitted_at", "-pk"), request.GET.get("page"))
    _badge(page.object_list)
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
    if user.is_superuser:
        return OrgUnit.objects.alive()
    cond = Q(pk__in=[])
    for role, path, _name in rules._grants(user):
        if role in rules.CAMPAIGN_ROLES:
            cond |= subtree_q(path)
    return OrgUnit.objects.alive().filter(cond)


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(actor=user, **data)
        except DomainError as e:
            if e.status == 403:
                form.add_error("organiser", e.message)
            else:
                _form_error(form, e)
        else:
            messages.success(request, _("征集活动已发布。"))
            return redirect("suggestions:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "suggestions/campaign_form.html",
        {**_nav(request, "campaigns"), "form": form},
        status=400 if form.errors else 200,
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
    chart = {
        "months": [r["month"] or "" for r in data["by_month"]],
        "submitted": [r["submitted"] for r in data["by_month"]],
        "adopted": [r["adopted"] for r in data["by_month"]],
        "units": [r["target_unit__name"] for r in data["benefit_by_unit"]],
        "benefit": [float(r["benefit"]) for r in data["benefit_by_unit"]],
        "unit_ids": [r["target_unit_id"] for r in data["benefit_by_unit"]],
        "list_url": reverse("suggestions:list"),
        "query": query,
        "labels": {"submitted": _("提交"), "adopted": _("采纳"), "benefit": _("核定效益(元)")},
    }
    for r in data["by_month"]:
        r["month_param"] = f"{r['month']}-01" if r["month"] else ""
    return render(
        request,
        "suggestions/figures.html",
        {
            **_nav(request, "figures"),
            "filterset": filterset,
            "f": data,
            "chart": chart,
            "q": query,
            "list_url": reverse("suggestions:list"),
            "campaigns": selectors.campaign_options(user=user),
            "unit_options": _unit_options(department_choices(user=user), request.GET.get("unit")),
        },
    )
