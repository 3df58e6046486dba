"""Essay contests: the calls, submitting an entry, judges' scoring (blind until the results are
out), publishing the results."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import action_step, bound, service_handler, service_step
from apps.core.pagination import paginate

from .. import selectors, services
from ..choices import EssayStatus
from ..forms import EssayContestForm, EssaySubmitForm, ScoreForm
from ..permissions import can_manage, is_cadre, managed_units
from .common import cadre_only, form_page, tabs


@login_required
def essay_list(request):
    page = paginate(
        selectors.essay_list(user=request.user).order_by("-opens_at", "-pk"),
        request.GET.get("page"),
    )
    return render(
        request,
        "learning/essay_list.html",
        {
            "page": page,
            "is_cadre": is_cadre(request.user),
            "tabs": tabs(request.user),
            "now": timezone.now(),
        },
    )


@login_required
def essay_create(request):
    user = request.user
    cadre_only(user)
    form = bound(
        request,
        EssayContestForm,
        units=managed_units(user),
        judges=selectors.judge_candidates(user=user),
    )
    return form_page(
        request,
        form,
        handler=service_handler(request, services.essay_contest_create),
        title=_("发布征文"),
    )


@login_required
def essay_detail(request, pk: int):
    """The call; the learner's entry form while it is open; judges and organisers see the
    entries (judges without the authors until the results are out); everyone sees the results
    once published."""
    user = request.user
    contest = selectors.essay_get(user=user, pk=pk)
    now = timezone.now()
    mine = selectors.my_entry(user=user, contest=contest)
    is_judge = contest.judges.filter(pk=user.pk).exists()
    manage = can_manage(user, contest.unit)
    taking = contest.status == EssayStatus.OPEN and contest.opens_at <= now < contest.closes_at
    if request.method == "POST" and not taking:
        messages.error(request, _("不在征集时间内,不能投稿。"))
        return redirect(contest.get_absolute_url())
    entries = None
    if is_judge or manage or contest.status == EssayStatus.PUBLISHED:
        entries = paginate(
            selectors.submission_list(user=user, contest=contest).order_by(
                "rank", "-submitted_at", "pk"
            ),
            request.GET.get("page"),
        )
        if is_judge:
            selectors.mark_my_scores(user=user, entries=entries.object_list)
    context = {
        "contest": contest,
        "mine": mine,
        "entries": entries,
        "is_judge": is_judge,
        "blind": selectors.essay_blind(user=user, contest=contest),
        "can_manage": manage,
        "now": now,
    }
    if not taking:
        return render(request, "learning/essay_detail.html", {**context, "form": None})
    initial = {"title": mine.title, "body": mine.body} if mine else None
    return service_step(
        request,
        bound(request, EssaySubmitForm, initial=initial),
        service=partial(services.essay_submit, contest=contest),
        back=contest.get_absolute_url(),
        template="learning/essay_detail.html",
        context=context,
        success=_("投稿成功。截止前可以修改。"),
    )


@login_required
def submission_detail(request, pk: int):
    """One entry; a judge scores it here (never their own, and blind until the results)."""
    user = request.user
    entry = selectors.submission_get(user=user, pk=pk)
    contest = entry.contest
    is_judge = contest.judges.filter(pk=user.pk).exists()
    context = {
        "entry": entry,
        "contest": contest,
        "is_judge": is_judge,
        "blind": selectors.essay_blind(user=user, contest=contest),
        "form": None,
    }
    if not is_judge:
        if request.method == "POST":
            raise Http404
        return render(request, "learning/submission.html", context)
    mine = selectors.my_score(user=user, entry=entry)
    initial = {"score": mine.score, "comment": mine.comment} if mine else None
    return service_step(
        request,
        bound(request, ScoreForm, initial=initial),
        service=partial(services.essay_score, submission=entry),
        back=contest.get_absolute_url(),
        template="learning/submission.html",
        context=context,
        success=_("评分已保存。"),
    )


@login_required
@require_POST
def essay_publish(request, pk: int):
    contest = selectors.essay_get(user=request.user, pk=pk)

    def publish():
        services.essay_publish(actor=request.user, contest=contest)
        return contest.get_absolute_url()

    return action_step(
        request, handler=publish, success=_("结果已公布。"), back=contest.get_absolute_url()
    )
