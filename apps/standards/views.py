"""Branch standardization pages: parse, authorise through selectors (out of scope is a 404),
call a service, render. The rules live in services.py and permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core import charts
from apps.core.forms import Step, action_step, bound, form_step, record_step
from apps.core.lists import filtered, list_context, options, status_links
from apps.core.pages import Tab
from apps.core.pagination import paginate
from apps.core.params import query_row

from . import selectors, services
from .choices import ReviewStatus, RoundStatus
from .filters import ReviewFilter
from .forms import (
    ChecklistSettingsForm,
    CommentForm,
    CopyForm,
    ItemsForm,
    RoundForm,
    ScoreForm,
    StandardItemForm,
)
from .models import Checklist
from .permissions import can_fill, can_open_rounds, can_review, is_cadre


def standards_tabs() -> list[Tab]:
    return [
        Tab("overview", _("达标率"), reverse("standards:overview")),
        Tab("reviews", _("支部检查"), reverse("standards:review_list")),
        Tab("rounds", _("检查轮次"), reverse("standards:round_list")),
        Tab("checklist", _("检查表"), reverse("standards:checklist")),
    ]


def _review(request, pk):
    return selectors.review_get(user=request.user, pk=pk)


def _require_cadre(user):
    if not is_cadre(user):
        raise Http404


def _year(value) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else selectors.default_year()


# --- figures ----------------------------------------------------------------------------------


def figure_params(user, params):
    """Year (default: this year's checklist) and unit from a query string; bad values fall
    back to the defaults instead of failing."""
    return _year(params.get("year")), query_row(selectors.unit_choices(user=user), params, "unit")


@login_required
def overview(request):
    """达标率 of the company and of each general branch, per period, with the year's trend."""
    user = request.user
    _require_cadre(user)
    year, unit = figure_params(user, request.GET)
    data = selectors.figures_cached(user=user, year=year, unit=unit)
    # A round still being scored would pull the line down: the chart shows finished rounds only.
    done = [t["complete"] for t in data["trend"]]

    def series(name, cells):
        return {
            "name": name,
            "data": [c["rate"] if ok else None for c, ok in zip(cells, done, strict=True)],
            "links": [c["links"]["passed"] for c in cells],
        }

    whole = series(data["unit"]["name"] if data["unit"] else _("全公司"), data["trend"])
    chart = charts.line(
        [t["label"] for t in data["trend"]],
        [{**whole, "colour": charts.RED}] + [series(g["name"], g["cells"]) for g in data["groups"]],
        percent=True,
    )
    for i, s in enumerate(chart["series"]):  # the whole scope bold, the branches thin
        s.update(
            connectNulls=True, lineStyle={"width": 4 if i == 0 else 1.5}, z=10 if i == 0 else 2
        )
    rates = [v for s in chart["series"] for v in s["data"] if v is not None]
    chart["yAxis"]["min"] = max(0, (int(min(rates)) - 5) // 10 * 10) if rates else 0
    chart["legend"]["type"] = "scroll"
    mine = [
        r
        for r in selectors.review_list(user=user)
        .filter(status__in=(ReviewStatus.DRAFT, ReviewStatus.RETURNED), round__status="open")
        .order_by("round__deadline")[:10]
        if can_fill(user, r)
    ]
    return render(
        request,
        "standards/overview.html",
        {
            "data": data,
            "chart": chart,
            "year": year,
            "unit": unit,
            "years": selectors.figure_years(),
            "unit_options": options(selectors.unit_choices(user=user), unit.pk if unit else ""),
            "mine": mine,
            "can_open": can_open_rounds(user),
            "tabs": standards_tabs(),
            "tab": "overview",
        },
    )


# --- reviews ----------------------------------------------------------------------------------


@login_required
def review_list(request):
    user = request.user
    _require_cadre(user)
    base = selectors.review_list(user=user)
    filterset, qs = filtered(
        request, ReviewFilter, base, order=("-round__period_start", "branch__path")
    )
    statuses = status_links(
        request, ReviewFilter, base, choices=ReviewStatus.choices, count=selectors.status_counts
    )
    rounds = selectors.round_list(user=user).select_related(None).only("pk", "title")[:60]
    return render(
        request,
        "standards/review_list.html",
        {
            **list_context(request, filterset, qs),
            **statuses,
            "round_options": options(rounds, request.GET.get("round"), label=lambda r: r.title),
            "unit_options": options(
                selectors.unit_choices(user=user).order_by("path"), request.GET.get("unit")
            ),
            "tabs": standards_tabs(),
            "tab": "reviews",
        },
    )


@login_required
def review_detail(request, pk: int):
    user = request.user
    review = _review(request, pk)
    is_open = review.round.status == RoundStatus.OPEN
    fill = is_open and can_fill(user, review)
    judge = is_open and can_review(user, review)
    return render(
        request,
        "standards/review_detail.html",
        {
            "review": review,
            "groups": selectors.review_items(review=review),
            "threshold": review.round.checklist.threshold,
            "can_edit": fill and review.editable,
            "can_review": judge and review.status == ReviewStatus.SUBMITTED,
            "can_refresh": (fill or judge) and review.status != ReviewStatus.FINALIZED,
        },
    )


@login_required
def review_selfcheck(request, pk: int):
    """The branch's self-check on one page (cards on a phone): a score, a note and evidence
    per manual item; save as draft or submit."""
    user = request.user
    review = _review(request, pk)
    if not can_fill(user, review):
        raise PermissionDenied
    if request.method != "POST" and not review.editable:
        messages.info(request, _("自查已提交,不能再修改。"))
        return redirect("standards:review_detail", pk=review.pk)
    groups = selectors.review_items(review=review)
    rows = [ri for g in groups for ri in g["rows"]]
    form = bound(request, ItemsForm, rows=rows, keys=("score", "note", "files"))

    def save(_data):
        submit = request.POST.get("action") == "submit"
        services.review_save_self(actor=user, review=review, entries=form.entries(), submit=submit)
        messages.success(request, _("自查已提交,等待评审。") if submit else _("已保存。"))
        page = "standards:review_detail" if submit else "standards:review_selfcheck"
        return reverse(page, args=[review.pk])

    return form_step(
        request,
        form,
        handler=save,
        template="standards/selfcheck.html",
        context={"review": review, "groups": groups},
    )


@login_required
@require_POST
def review_submit(request, pk: int):
    review = _review(request, pk)
    detail = reverse("standards:review_detail", args=[review.pk])

    def submit():
        services.review_submit(actor=request.user, review=review)
        return detail

    return action_step(
        request,
        handler=submit,
        success=_("自查已提交,等待评审。"),
        back=reverse("standards:review_selfcheck", args=[review.pk]),
    )


@login_required
@require_POST
def review_refresh(request, pk: int):
    review = _review(request, pk)
    detail = reverse("standards:review_detail", args=[review.pk])

    def refresh():
        services.review_refresh(actor=request.user, review=review)
        return detail

    return action_step(request, handler=refresh, success=_("已按最新记录重新判定。"), back=detail)


@login_required
def review_score(request, pk: int):
    """The reviewer's page: a score and, when deducted, a reason for every manual item; save,
    or finalize with a comment."""
    user = request.user
    review = _review(request, pk)
    if not can_review(user, review):
        raise PermissionDenied
    if review.status != ReviewStatus.SUBMITTED and request.method != "POST":
        messages.info(request, _("只有已提交自查的支部才能评分。"))
        return redirect("standards:review_detail", pk=review.pk)
    groups = selectors.review_items(review=review)
    rows = [ri for g in groups for ri in g["rows"]]
    form = bound(request, ScoreForm, rows=rows, keys=("score", "reason"))

    def score(data):
        services.review_score(actor=user, review=review, scores=form.entries())
        if request.POST.get("action") != "finalize":
            messages.success(request, _("评分已保存。"))
            return reverse("standards:review_score", args=[review.pk])
        services.review_finalize(actor=user, review=review, comment=data["comment"])
        review.refresh_from_db()
        result = _("达标") if review.passed else _("未达标")
        messages.success(
            request,
            _("已评定:%(score)s 分,%(result)s。") % {"score": review.score, "result": result},
        )
        return reverse("standards:review_detail", args=[review.pk])

    return form_step(
        request,
        form,
        handler=score,
        template="standards/score.html",
        context={"review": review, "groups": groups},
    )


RETURN = Step(
    CommentForm,
    form_kwargs=lambda user, review: {"required": True},
    allowed=can_review,
    title=_l("退回修改"),
    service=services.review_return,
    success=_l("已退回支部修改。"),
)


@login_required
def review_return(request, pk: int):
    review = _review(request, pk)
    return record_step(
        request,
        review,
        RETURN,
        record_kw="review",
        back=reverse("standards:review_detail", args=[review.pk]),
        template="standards/return.html",
        context={"review": review},
    )


# --- rounds and the checklist ----------------------------------------------------------------


@login_required
def round_list(request):
    user = request.user
    _require_cadre(user)
    page = paginate(
        selectors.round_list(user=user).order_by("-period_start", "-pk"), request.GET.get("page")
    )
    counts = selectors.round_counts(user=user, ids=[r.pk for r in page.object_list])
    for r in page.object_list:
        r.counts = counts.get(r.pk, {"total": 0, "submitted": 0, "finalized": 0, "passed": 0})
    return render(
        request,
        "standards/round_list.html",
        {
            "page": page,
            "can_open": can_open_rounds(user),
            "tabs": standards_tabs(),
            "tab": "rounds",
        },
    )


@login_required
def round_create(request):
    user = request.user
    if not can_open_rounds(user):
        raise PermissionDenied
    form = bound(
        request,
        RoundForm,
        units=selectors.open_round_units(user=user),
        initial={"checklist": selectors.checklist_for(None)},
    )

    def open_round(data):
        rnd = services.round_open(actor=user, **data)
        messages.success(request, _("已发起检查,%(n)d 个支部待自查。") % {"n": rnd.reviews.count()})
        return selectors.ledger_url(round=rnd.pk)

    return form_step(request, form, handler=open_round, template="standards/round_form.html")


@login_required
@require_POST
def round_close(request, pk: int):
    rnd = selectors.round_get(user=request.user, pk=pk)
    rounds = reverse("standards:round_list")

    def close():
        services.round_close(actor=request.user, round=rnd)
        return rounds

    return action_step(request, handler=close, success=_("该轮检查已结束。"), back=rounds)


@login_required
def checklist(request):
    """The year's checklist: groups, items, points, evidence and which items the platform
    judges. The admin edits it in the back office; a new year starts as a copy."""
    _require_cadre(request.user)
    year = _year(request.GET.get("year"))
    current = Checklist.objects.filter(year=year).first()
    can_edit = can_open_rounds(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = bound(request, CopyForm, initial={"to_year": year + 1, "from_year": year})

    def copy(data):
        new = services.checklist_copy(actor=request.user, **data)
        messages.success(request, _("已建立 %(year)s 年度检查表。") % {"year": new.year})
        return f"{request.path}?year={new.year}"

    return form_step(
        request,
        form,
        handler=copy,
        template="standards/checklist.html",
        context={
            "checklist": current,
            "groups": selectors.checklist_groups(current) if current else [],
            "year": year,
            "years": selectors.figure_years(),
            "can_edit": can_edit,
            # a round reads its scores against the items it started with: those stay as they are
            "in_use": bool(current) and current.rounds.exists(),
            "tabs": standards_tabs(),
            "tab": "checklist",
        },
    )


@login_required
def branch_detail(request, pk: int):
    branch = selectors.branch_get(user=request.user, pk=pk)
    return render(
        request,
        "standards/branch.html",
        selectors.branch_page(user=request.user, branch=branch),
    )


# --- editing the checklist ---------------------------------------------------------------------


def _editable_checklist(request, pk: int) -> Checklist:
    if not can_open_rounds(request.user):
        raise PermissionDenied
    return get_object_or_404(Checklist, pk=pk)


def _checklist_url(checklist) -> str:
    return reverse("standards:checklist") + f"?year={checklist.year}"


@login_required
def checklist_item_form(request, pk: int, item_pk: int | None = None):
    """Add or change one standard item (the party admin; before any round uses the year)."""
    checklist = _editable_checklist(request, pk)
    item = get_object_or_404(checklist.items, pk=item_pk) if item_pk else None
    initial = (
        {f: getattr(item, f) for f in ("group", "title", "points", "evidence", "needs_file")}
        | {"judge": item.judge, "sort": item.sort}
        if item
        else {"sort": (checklist.items.count() + 1) * 10}
    )
    form = bound(request, StandardItemForm, initial=initial)

    def save(data):
        services.standard_item_save(actor=request.user, checklist=checklist, item=item, **data)
        return _checklist_url(checklist)

    return form_step(
        request,
        form,
        handler=save,
        template="standards/item_form.html",
        context={
            "checklist": checklist,
            "item": item,
            "title": _("修改标准项") if item else _("新增标准项"),
            "tabs": standards_tabs(),
            "tab": "checklist",
        },
        success=_("已保存。"),
    )


@login_required
@require_POST
def checklist_item_delete(request, pk: int, item_pk: int):
    checklist = _editable_checklist(request, pk)
    item = get_object_or_404(checklist.items, pk=item_pk)
    back = _checklist_url(checklist)

    def delete():
        services.standard_item_delete(actor=request.user, item=item)
        return back

    return action_step(request, handler=delete, success=_("已删除该标准项。"), back=back)


@login_required
def checklist_settings(request, pk: int):
    """The 达标 score line and the checklist's note."""
    checklist = _editable_checklist(request, pk)
    initial = {"threshold": checklist.threshold, "note": checklist.note}
    form = bound(request, ChecklistSettingsForm, initial=initial)

    def save(data):
        services.checklist_settings_save(actor=request.user, checklist=checklist, **data)
        return _checklist_url(checklist)

    return form_step(
        request,
        form,
        handler=save,
        template="standards/item_form.html",
        context={
            "checklist": checklist,
            "title": _("达标分数线"),
            "tabs": standards_tabs(),
            "tab": "checklist",
        },
        success=_("已保存。"),
    )
