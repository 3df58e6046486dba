"""Essay contests: the calls, submitting an entry, judges' scoring, publishing the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.core.errors import DomainError

from .. import selectors, services
from ..choices import EssayStatus
from ..forms import EssayContestForm, EssaySubmitForm, ScoreForm
from ..models import EssayScore
from ..permissions import can_manage, is_cadre, managed_units
from .common import cadre_only, form_error, found, paginate


@login_required
def essay_list(request):
    page = paginate(
        selectors.essay_list(user=request.user).order_by("-opens_at", "-pk"),
        request.GET.get("page"),
    )
    return render(
        request,
        "learning/essay_list.html",
        {"page": page, "is_cadre": is_cadre(request.user), "now": timezone.now()},
    )


@login_required
def essay_create(request):
    user = request.user
    cadre_only(user)
    units = managed_units(user)
    judges = User.objects.filter(
        is_active=True, role_assignments__unit__in=units.values("pk")
    ).distinct()
    form = EssayContestForm(request.POST or None, units=units, judges=judges)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.essay_contest_create(actor=user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            return redirect("learning:essay", contest.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("发布征文")})


@login_required
def essay_detail(request, pk: int):
    """The call; the learner's entry form while it is open; judges and organisers see the
    entries; everyone sees the results once published."""
    user = request.user
    contest = found(selectors.essay_get, user=user, pk=pk)
    now = timezone.now()
    mine = contest.submissions.filter(person_id=user.person_id).first() if user.person_id else None
    is_judge = contest.judges.filter(pk=user.pk).exists()
    manage = can_manage(user, contest.unit)
    form = None
    if contest.status == EssayStatus.OPEN and contest.opens_at <= now < contest.closes_at:
        initial = {"title": mine.title, "body": mine.body} if mine else None
        form = EssaySubmitForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.essay_submit(actor=user, contest=contest, **form.cleaned_data)
            except DomainError as e:
                form_error(form, e)
            else:
                messages.success(request, _("投稿成功。截止前可以修改。"))
                return redirect("learning:essay", pk)
    elif request.method == "POST":
        messages.error(request, _("不在征集时间内,不能投稿。"))
        return redirect("learning:essay", pk)
    entries = None
    if is_judge or manage or contest.status == EssayStatus.PUBLISHED:
        entries = paginate(
            selectors.submission_list(user=user, contest=contest).order_by(
                "rank", "-submitted_at", "pk"
            ),
            request.GET.get("page"),
        )
        if is_judge:
            scored = dict(
                EssayScore.objects.filter(
                    judge=user, submission__in=[e.pk for e in entries.object_list]
                ).values_list("submission_id", "score")
            )
            for entry in entries.object_list:
                entry.my_score = scored.get(entry.pk)
    return render(
        request,
        "learning/essay_detail.html",
        {
            "contest": contest,
            "mine": mine,
            "form": form,
            "entries": entries,
            "is_judge": is_judge,
            "can_manage": manage,
            "now": now,
        },
    )


@login_required
def submission_detail(request, pk: int):
    """One entry; a judge scores it here."""
    user = request.user
    entry = found(selectors.submission_get, user=user, pk=pk)
    contest = entry.contest
    is_judge = contest.judges.filter(pk=user.pk).exists()
    mine = EssayScore.objects.filter(submission=entry, judge=user).first()
    form = None
    if is_judge:
        initial = {"score": mine.score, "comment": mine.comment} if mine else None
        form = ScoreForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.essay_score(actor=user, submission=entry, **form.cleaned_data)
            except DomainError as e:
                form_error(form, e)
            else:
                messages.success(request, _("评分已保存。"))
                return redirect("learning:essay", contest.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "learning/submission.html",
        {"entry": entry, "contest": contest, "form": form, "is_judge": is_judge},
    )


@login_required
@require_POST
def essay_publish(request, pk: int):
    contest = found(selectors.essay_get, user=request.user, pk=pk)
    try:
        services.essay_publish(actor=request.user, contest=contest)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("结果已公布。"))
    return redirect("learning:essay", pk)
