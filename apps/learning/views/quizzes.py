"""Quizzes and knowledge contests: the list, setting one up, taking it on a phone, the result,
rankings (contests; quizzes where switched on) and the results export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.exports import ledger_response
from apps.core.forms import action_step, service_handler
from apps.core.lists import list_page_context
from apps.core.pagination import paginate

from .. import selectors, services
from ..choices import QuestionKind
from ..exports import columns, ranker, results_rows
from ..filters import QuizFilter
from ..forms import QuizForm, RankingForm
from ..permissions import can_manage, is_cadre, managed_units
from ..services.quizzes import open_attempt
from .common import cadre_only, form_page, tabs


@login_required
def quiz_list(request):
    user = request.user
    return render(
        request,
        "learning/quiz_list.html",
        {
            **list_page_context(
                request, QuizFilter, selectors.quiz_list(user=user), order=("-opens_at", "-pk")
            ),
            "is_cadre": is_cadre(user),
            "tabs": tabs(user),
            "now": timezone.now(),
        },
    )


@login_required
def quiz_create(request):
    user = request.user
    cadre_only(user)
    banks = selectors.bank_list(user=user)
    now = timezone.localtime().replace(second=0, microsecond=0)
    questions = selectors.question_list(user=user)
    if request.method == "GET":
        # The picker lists at most 500 questions (those of the banks chosen with ?bank=).
        chosen = [b for b in request.GET.getlist("bank") if b.isdigit() and len(b) < 10]
        questions = (questions.filter(bank__in=chosen) if chosen else questions).order_by("pk")
        questions = questions.filter(pk__in=list(questions.values_list("pk", flat=True)[:500]))
    form = QuizForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", "quiz"), "opens_at": now},
        units=managed_units(user),
        banks=banks,
        questions=questions,
    )
    return form_page(
        request,
        form,
        handler=service_handler(request, services.quiz_create),
        title=_("新建测验/竞赛"),
        success=_("已发布。"),
    )


@login_required
def quiz_detail(request, pk: int):
    """A quiz's page: rules, the start button, my attempts; organisers see the figures."""
    user = request.user
    quiz = selectors.quiz_get(user=user, pk=pk)
    now = timezone.now()
    attempts = selectors.my_attempts(user=user, quiz=quiz)
    manage = can_manage(user, quiz.unit)
    return render(
        request,
        "learning/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "open_attempt": next((a for a in attempts if open_attempt(a, now)), None),
            "left": max(0, quiz.max_attempts - len(attempts)),
            "is_open": quiz.is_open(now),
            "now": now,
            "can_manage": manage,
            "stats": selectors.quiz_stats(quiz=quiz) if manage else None,
            "ranking_visible": selectors.ranking_visible(quiz),
        },
    )


@login_required
@require_POST
def quiz_start(request, pk: int):
    quiz = selectors.quiz_get(user=request.user, pk=pk)

    def start():
        attempt = services.attempt_start(actor=request.user, quiz=quiz)
        return reverse("learning:attempt", args=[attempt.pk])

    return action_step(request, handler=start, back=quiz.get_absolute_url())


def _given(request, questions) -> dict:
    answers = {}
    for q in questions:
        key = f"q{q.pk}"
        if q.kind == QuestionKind.MULTIPLE:
            values = request.POST.getlist(key)
            if values:
                answers[str(q.pk)] = values
        elif request.POST.get(key, "").strip():
            answers[str(q.pk)] = request.POST[key]
    return answers


@login_required
def attempt_detail(request, pk: int):
    """Take the attempt (while open), or see its score; the answers show once the window has
    closed. Submitting twice stores it once."""
    user = request.user
    attempt = selectors.attempt_get(user=user, pk=pk)
    quiz = attempt.quiz
    questions = selectors.attempt_questions(attempt)
    for q in questions:
        q.choices = list(zip("ABCDEF", q.options, strict=False))
    now = timezone.now()
    mine = attempt.person_id == user.person_id
    here = reverse("learning:attempt", args=[pk])
    if request.method == "POST":
        if not mine:
            raise Http404

        def submit():
            answers = _given(request, questions)
            services.attempt_submit(actor=user, attempt=attempt, answers=answers)
            return here

        return action_step(request, handler=submit, back=here)
    if mine and open_attempt(attempt, now):
        return render(
            request,
            "learning/attempt_take.html",
            {"attempt": attempt, "quiz": quiz, "questions": questions, "now": now},
        )
    show_answers = quiz.window_closed(now) or can_manage(user, quiz.unit)
    correct = set(attempt.correct_ids)
    rows = [
        {
            "q": q,
            "given": attempt.answers.get(str(q.pk)),
            "right": q.pk in correct,
        }
        for q in questions
    ]
    return render(
        request,
        "learning/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "rows": rows,
            "show_answers": show_answers,
            "expired": attempt.submitted_at is None,
        },
    )


@login_required
def quiz_ranking(request, pk: int):
    """Contest rankings by score then time, overall or per unit (a quiz's only if switched on).
    Attempts handed in implausibly fast are not ranked; the organiser sees them listed."""
    user = request.user
    quiz = selectors.quiz_get(user=user, pk=pk)
    manage = can_manage(user, quiz.unit)
    if not selectors.ranking_visible(quiz) and not manage:
        raise Http404
    form = RankingForm(request.GET)
    unit_id = form.cleaned_data.get("unit") if form.is_valid() else None
    page = paginate(selectors.ranking(quiz=quiz, unit_id=unit_id), request.GET.get("page"))
    offset = (page.number - 1) * page.paginator.per_page
    return render(
        request,
        "learning/ranking.html",
        {
            "quiz": quiz,
            "page": page,
            "offset": offset,
            "units": selectors.ranking_units(quiz=quiz),
            "unit_id": unit_id,
            "can_manage": manage,
            "flagged": list(selectors.flagged_attempts(quiz=quiz)[:200]) if manage else None,
            "min_seconds": selectors.min_seconds_per_question(),
        },
    )


@login_required
def quiz_export(request, pk: int):
    """The results as .xlsx, for the quiz's organisers."""
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    if not can_manage(request.user, quiz.unit):
        raise Http404
    return ledger_response(
        request,
        results_rows(quiz),
        columns=columns(),
        prepare=ranker(),
        name=f"{quiz.title}-{_('成绩')}",
        back=reverse("learning:ranking", args=[quiz.pk]),
    )
