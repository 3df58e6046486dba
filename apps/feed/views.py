"""Feed pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py and permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.audit import history_rows
from apps.core.charts import BLUE, GREEN, RED, bars
from apps.core.forms import action_step, bound, form_step
from apps.core.pages import Tab
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit

from . import links, selectors, services
from .choices import Audience, PeriodKind, PostKind
from .forms import CommentForm, CurateForm, PostForm
from .models import Tag
from .permissions import can_edit, can_publish, can_remove_comment, is_curator, publish_units

# Units offered in the feed's filter: the levels that publish, not every team and party group.
FILTER_KINDS = (
    UnitKind.COMPANY,
    UnitKind.DEPARTMENT,
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
    UnitKind.UNION_COMMITTEE,
    UnitKind.LEAGUE_COMMITTEE,
)


def _detail_url(pk: int) -> str:
    return reverse("feed:detail", args=[pk])


def feed_tabs(user, tab: str) -> list[Tab]:
    """The feed's tab bar, and the publish button (of the kind the tab shows)."""
    feed = reverse("feed:list")
    rows = [
        Tab("all", _("全部"), feed),
        Tab("plan", _("工作计划"), f"{feed}?kind=plan"),
        Tab("progress", _("进展动态"), f"{feed}?kind=progress"),
        Tab("cases", _("优秀案例"), reverse("feed:cases")),
    ]
    if can_publish(user):
        rows.append(Tab("figures", _("统计"), reverse("feed:figures")))
        if tab != "figures":
            kind = {"plan": "plan", "progress": "progress", "cases": "case"}.get(tab)
            url = reverse("feed:create") + (f"?kind={kind}" if kind else "")
            rows.append(Tab("publish", _("发布"), url, icon="plus", primary=True))
    return rows


def _unit_options(selected: str | None):
    units = (
        OrgUnit.objects.alive()
        .filter(kind__in=FILTER_KINDS)
        .only("pk", "name", "depth")
        .order_by("path")
    )
    return format_html_join(
        "",
        '<option value="{}"{}>{}{}</option>',
        (
            (u.pk, " selected" if str(u.pk) == selected else "", "\u3000" * (u.depth - 1), u.name)
            for u in units
        ),
    )


def period_options(selected: str | None, today=None):
    """This year and last year: the year, its quarters and its months."""
    today = today or timezone.localdate()
    groups = []
    for year in (today.year, today.year - 1):
        options = [(f"{year}", _("%(y)d年全年") % {"y": year})]
        for q in range(1, 5):
            options.append((f"{year}-Q{q}", _("%(y)d年第%(q)d季度") % {"y": year, "q": q}))
        for m in range(1, 13):
            options.append((f"{year}-{m:02d}", _("%(y)d年%(m)d月") % {"y": year, "m": m}))
        groups.append(
            (
                year,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    ((v, " selected" if v == selected else "", label) for v, label in options),
                ),
            )
        )
    return groups


def _feed(request, *, only=None, template, tab, extra):
    filterset, rows, next_cursor = selectors.feed_page(
        user=request.user, params=request.GET, only=only, cursor=request.GET.get("cursor")
    )
    filtered = any(v for k, v in request.GET.items() if k not in ("cursor",))
    return render(
        request,
        template,
        {
            "filterset": filterset,
            "posts": rows,
            "next_cursor": next_cursor,
            "first_page": not request.GET.get("cursor"),
            "filtered": filtered,
            "filters_open": any(request.GET.get(k) for k in ("unit", "period")),
            "mine": request.GET.get("mine") == "true",
            "can_publish": can_publish(request.user),
            "unit_options": _unit_options(request.GET.get("unit")),
            "period_groups": period_options(request.GET.get("period")),
            "tab": tab,
            "tabs": feed_tabs(request.user, tab),
            **extra,
        },
    )


@login_required
def feed(request):
    """The feed: newest first, filtered by unit (with its subtree), kind, period, featured, tag
    and title; a page at a time after a cursor."""
    kind = request.GET.get("kind")
    return _feed(
        request,
        template="feed/list.html",
        tab=kind if kind in (PostKind.PLAN, PostKind.PROGRESS) else "all",
        extra={},
    )


@login_required
def case_library(request):
    """The library of excellent cases the 党群工作部 curates: featured first (a tab), tags and
    search."""
    return _feed(
        request,
        only=Q(kind=PostKind.CASE),
        template="feed/cases.html",
        tab="cases",
        extra={
            "tags": selectors.tags_in_use(),
            "active_tag": request.GET.get("tag", ""),
            "featured_only": request.GET.get("featured") == "true",
            "is_curator": is_curator(request.user),
        },
    )


KIND_COLOURS = {PostKind.PLAN: BLUE, PostKind.PROGRESS: GREEN, PostKind.CASE: RED}


@login_required
def feed_figures(request):
    """What the units published over the year, for cadres: by month and kind, by unit; each bar
    opens the posts behind it."""
    if not can_publish(request.user):
        raise Http404
    data = selectors.figures_cached(user=request.user)
    chart = bars(
        [m[2:] for m in data["months"]],
        [
            {
                "name": k["label"],
                "data": [m["counts"][k["value"]] for m in data["by_month"]],
                "links": [m["links"][k["value"]] for m in data["by_month"]],
                "colour": KIND_COLOURS[k["value"]],
            }
            for k in data["kinds"]
        ],
        stacked=True,
    )
    return render(
        request,
        "feed/figures.html",
        {
            "data": data,
            "chart": chart,
            "tabs": feed_tabs(request.user, "figures"),
            "tab": "figures",
        },
    )


@login_required
def post_detail(request, pk: int):
    user = request.user
    post = selectors.post_get(user=user, pk=pk)
    services.post_read(user=user, post=post)
    attachments = selectors.attachments_of(post)
    comments = selectors.comment_list(user=user, post=post)
    for c in comments:
        c.removable = can_remove_comment(user, c, post)
    editable = can_edit(user, post)
    return render(
        request,
        "feed/detail.html",
        {
            "post": post,
            "images": [a for a in attachments if selectors.is_image(a)],
            "files": [a for a in attachments if not selectors.is_image(a)],
            "link": links.target(user=user, post=post),
            "tags": list(post.tags.all()),
            "comments": comments,
            "comment_form": CommentForm(
                initial={"body": request.session.pop("feed_comment_draft", "")}
            ),
            "can_edit": editable,
            "can_curate": is_curator(user) and post.kind == PostKind.CASE,
            "history": history_rows(post, values=False, limit=10) if editable else [],
        },
    )


def _data(d, request):
    return {
        "title": d["title"],
        "body": d["body"],
        "audience": d["audience"],
        "audience_unit": d.get("audience_unit"),
        "period_kind": d.get("period_kind") or "",
        "period_year": d.get("period_year"),
        "period_no": d.get("period_no"),
        "link": d.get("link") or "",
        "images": request.FILES.getlist("images"),
        "files": request.FILES.getlist("files"),
    }


@login_required
def post_create(request):
    user = request.user
    if not can_publish(user):
        raise PermissionDenied
    units = publish_units(user).order_by("path")
    person = user.person
    own = person.team_id or person.department_id if person else None
    initial = {"kind": request.GET.get("kind") or PostKind.PROGRESS}
    if own and units.filter(pk=own).exists():
        initial["unit"] = own
    form = bound(
        request, PostForm, units=units, link_choices=links.choices(user=user), initial=initial
    )

    def publish(d):
        post = services.post_publish(
            actor=user, kind=d["kind"], unit=d["unit"], **_data(d, request)
        )
        return _detail_url(post.pk)

    return form_step(
        request,
        form,
        handler=publish,
        template="feed/form.html",
        context={"title": _("发布动态"), "post": None},
        success=_("已发布。"),
    )


def _period_initial(post) -> dict:
    if post.kind != PostKind.PLAN:
        return {}
    start = post.period_start
    number = None
    if post.period_kind == PeriodKind.QUARTER:
        number = (start.month - 1) // 3 + 1
    elif post.period_kind == PeriodKind.MONTH:
        number = start.month
    return {"period_kind": post.period_kind, "period_year": start.year, "period_no": number}


@login_required
def post_edit(request, pk: int):
    user = request.user
    post = selectors.post_get(user=user, pk=pk)
    if not can_edit(user, post):
        raise PermissionDenied
    form = bound(
        request,
        PostForm,
        units=publish_units(user).order_by("path"),
        link_choices=links.choices(user=user) if post.kind == PostKind.PROGRESS else [],
        attachments=selectors.attachments_of(post),
        editing=True,
        initial={
            "title": post.title,
            "body": post.body,
            "audience": post.audience,
            "audience_unit": post.audience_unit_id if post.audience == Audience.SCOPE else None,
            "link": links.value_of(post),
            **_period_initial(post),
        },
    )

    def update(d):
        services.post_update(
            actor=user, post=post, remove=d.get("remove") or [], **_data(d, request)
        )
        return _detail_url(post.pk)

    return form_step(
        request,
        form,
        handler=update,
        template="feed/form.html",
        context={"title": _("修改动态"), "post": post},
        success=_("已保存修改。"),
    )


@login_required
def post_delete(request, pk: int):
    post = selectors.post_get(user=request.user, pk=pk)
    if not can_edit(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        services.post_delete(actor=request.user, post=post)
        messages.success(request, _("已删除“%(title)s”。") % {"title": post.title})
        return redirect("feed:list")
    return render(request, "feed/delete.html", {"post": post})


@login_required
def post_curate(request, pk: int):
    user = request.user
    post = selectors.post_get(user=user, pk=pk)
    if not is_curator(user) or post.kind != PostKind.CASE:
        raise PermissionDenied
    form = bound(
        request,
        CurateForm,
        initial={
            "featured": post.featured or request.method == "GET",
            "tags": " ".join(t.name for t in post.tags.all()),
        },
    )

    def curate(d):
        services.post_curate(actor=user, post=post, featured=d["featured"], tags=d["tags"])
        return _detail_url(post.pk)

    return form_step(
        request,
        form,
        handler=curate,
        template="feed/curate.html",
        context={"post": post, "all_tags": list(Tag.objects.all())},
        success=_("已保存。"),
    )


@login_required
@require_POST
def comment_add(request, pk: int):
    """A refused comment (by the form or the service) comes back with a message and what was
    typed still in the box."""
    post = selectors.post_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    back = _detail_url(post.pk) + "#comment-form"
    request.session["feed_comment_draft"] = request.POST.get("body", "")[:2000]
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(back)

    def add():
        services.comment_add(actor=request.user, post=post, body=form.cleaned_data["body"])
        request.session.pop("feed_comment_draft", None)
        return _detail_url(post.pk) + "#comments"

    return action_step(request, handler=add, success=_("评论已发表。"), back=back)


@login_required
@require_POST
def comment_remove(request, pk: int):
    comment = selectors.comment_get(user=request.user, pk=pk)
    back = _detail_url(comment.post_id) + "#comments"

    def remove():
        services.comment_remove(actor=request.user, comment=comment)
        return back

    return action_step(request, handler=remove, success=_("评论已删除。"), back=back)
