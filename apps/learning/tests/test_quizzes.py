"""Attempts: window, attempt count, server-side time limit, idempotent submit, grading of what
the taker saw, answers shown only after the window, contest rankings by score then time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, NotFound
from apps.learning.choices import DrawMode, QuizKind
from apps.learning.models import Attempt, Question, Quiz
from apps.learning.services import attempt_start, attempt_submit, quiz_create
from apps.learning.services.quizzes import GRACE, is_correct

from .factories import make_bank, make_quiz, right_answers


def test_all_right_scores_100_and_passes(company):
    quiz = make_quiz(company)
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    done = attempt_submit(actor=user, attempt=attempt, answers=right_answers(attempt.question_ids))
    assert done.score == 100 and done.passed and done.correct_count == 4
    assert done.is_best


def test_half_right_scores_50_below_pass_mark(company):
    quiz = make_quiz(company)
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    answers = right_answers(attempt.question_ids)
    for key in list(answers)[:2]:
        answers[key] = "B"
    done = attempt_submit(actor=user, attempt=attempt, answers=answers)
    assert done.score == 50 and not done.passed


def test_one_of_three_rounds_half_up(company):
    """1 of 3 right = 33.3 (one decimal, half up)."""
    quiz = make_quiz(company)
    Question.objects.filter(pk=quiz.questions.order_by("pk").last().pk).update(
        deleted_at=timezone.now()
    )
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    assert len(attempt.question_ids) == 3
    answers = {str(attempt.question_ids[0]): "A"}
    done = attempt_submit(actor=user, attempt=attempt, answers=answers)
    assert str(done.score) == "33.3"


def test_double_submit_stores_once(company):
    quiz = make_quiz(company)
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    first = attempt_submit(actor=user, attempt=attempt, answers=right_answers(attempt.question_ids))
    stale = Attempt.objects.get(pk=attempt.pk)
    stale.submitted_at = None  # a second request that loaded the row before the first committed
    again = attempt_submit(actor=user, attempt=stale, answers={})
    assert again.score == first.score == 100
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_second_attempt_over_the_limit_is_refused(company):
    quiz = make_quiz(company, attempts=1)
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    attempt_submit(actor=user, attempt=attempt, answers={})
    with pytest.raises(DomainError) as e:
        attempt_start(actor=user, quiz=quiz)
    assert e.value.code == "attempts_used" and "上限" in str(e.value.message)
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_start_resumes_the_open_attempt(company):
    quiz = make_quiz(company, attempts=2)
    user = company.users["zhigong"]
    assert attempt_start(actor=user, quiz=quiz).pk == attempt_start(actor=user, quiz=quiz).pk


def test_outside_the_window_is_refused(company):
    user = company.users["zhigong"]
    early = make_quiz(company, opens=2, closes=5)
    with pytest.raises(DomainError) as e:
        attempt_start(actor=user, quiz=early)
    assert e.value.code == "not_open"
    late = make_quiz(company, opens=-5, closes=-1)
    with pytest.raises(DomainError) as e:
        attempt_start(actor=user, quiz=late)
    assert e.value.code == "closed"
    assert not Attempt.objects.exists()


def test_past_the_time_limit_is_refused_and_nothing_stored(company):
    quiz = make_quiz(company, minutes=10)
    user = company.users["zhigong"]
    started = timezone.now()
    attempt = attempt_start(actor=user, quiz=quiz, now=started)
    inside = started + timedelta(minutes=10) + GRACE
    late = inside + timedelta(seconds=1)
    with pytest.raises(DomainError) as e:
        attempt_submit(
            actor=user, attempt=attempt, answers=right_answers(attempt.question_ids), now=late
        )
    assert e.value.code == "time_up" and "时限" in str(e.value.message)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None
    # Within the grace it is taken, and the time counted stops at the limit.
    ok = attempt_submit(actor=user, attempt=attempt, answers={}, now=inside)
    assert ok.submitted_at is not None and ok.duration_seconds == 600


def test_deadline_is_cut_at_the_window_close(company):
    quiz = make_quiz(company, minutes=120, closes=1)
    attempt = attempt_start(actor=company.users["zhigong"], quiz=quiz)
    assert attempt.deadline_at == quiz.closes_at


def test_someone_else_cannot_submit_my_attempt(company):
    quiz = make_quiz(company)
    attempt = attempt_start(actor=company.users["zhigong"], quiz=quiz)
    with pytest.raises(NotFound):
        attempt_submit(actor=company.users["shuji"], attempt=attempt, answers={})


def test_random_draw_is_stored_and_graded_on_what_was_seen(company):
    bank = make_bank(company)
    now = timezone.now()
    quiz = quiz_create(
        actor=company.users["dangwei"],
        title="随机测验",
        unit=company.units["company"],
        audience="subtree",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=1),
        draw_mode=DrawMode.RANDOM,
        banks=[bank],
        draw_tag="党章党规",
        draw_count=2,
    )
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    assert len(attempt.question_ids) == 2
    seen = right_answers(attempt.question_ids)
    other = [
        q for q in bank.questions.values_list("pk", flat=True) if q not in attempt.question_ids
    ]
    # Answers to questions not drawn earn nothing; the drawn ones grade even if edited away later.
    Question.objects.filter(pk__in=attempt.question_ids).update(deleted_at=timezone.now())
    done = attempt_submit(
        actor=user, attempt=attempt, answers={**seen, **{str(q): "A" for q in other}}
    )
    assert done.correct_count == 2 and done.score == 100
    assert set(done.answers) == {str(q) for q in attempt.question_ids}


def test_random_draw_needs_enough_questions(company):
    bank = make_bank(company)
    now = timezone.now()
    with pytest.raises(DomainError) as e:
        quiz_create(
            actor=company.users["dangwei"],
            title="随机",
            unit=company.units["company"],
            audience="subtree",
            opens_at=now,
            closes_at=now + timedelta(hours=1),
            draw_mode=DrawMode.RANDOM,
            banks=[bank],
            draw_count=5,
        )
    assert e.value.code == "pool_small"
    assert not Quiz.objects.exists()


def test_quiz_create_refused_outside_scope(company):
    bank = make_bank(company, unit_key="tech")
    now = timezone.now()
    with pytest.raises(DomainError):
        quiz_create(
            actor=company.users["shuji"],
            title="越权",
            unit=company.units["tech"],
            audience="subtree",
            opens_at=now,
            closes_at=now + timedelta(hours=1),
            questions=list(bank.questions.all()),
        )


@pytest.mark.parametrize(
    "kind,answer,given,ok",
    [
        ("single", "B", "b", True),
        ("single", "B", ["B", "C"], False),
        ("multiple", "ACD", ["D", "C", "A"], True),
        ("multiple", "ACD", "ACD", True),
        ("multiple", "ACD", ["A", "C"], False),
        ("truefalse", "F", "F", True),
        ("fill", "问题|问题导向", " 问题导向 ", True),
        ("fill", "ABC", "abc", True),
        ("fill", "100", "100", True),
        ("fill", "问题", "目标", False),
        ("single", "A", None, False),
    ],
)
def test_grading_rules(kind, answer, given, ok):
    assert is_correct(Question(kind=kind, answer=answer), given) is ok


def test_best_attempt_and_contest_ranking(company):
    from apps.learning.selectors import ranking

    quiz = make_quiz(company, kind=QuizKind.CONTEST, attempts=2)
    t0 = timezone.now()
    results = {}
    for username, wrong, seconds in (("zhigong", 0, 300), ("shuji", 0, 200), ("bumen", 1, 100)):
        user = company.users[username]
        a = attempt_start(actor=user, quiz=quiz, now=t0)
        answers = right_answers(a.question_ids)
        for key in list(answers)[:wrong]:
            answers[key] = "C"
        results[username] = attempt_submit(
            actor=user, attempt=a, answers=answers, now=t0 + timedelta(seconds=seconds)
        )
    # zhigong tries again, worse: the best attempt stays the first.
    again = attempt_start(actor=company.users["zhigong"], quiz=quiz, now=t0)
    attempt_submit(actor=company.users["zhigong"], attempt=again, answers={}, now=t0)
    order = [a.person.name for a in ranking(quiz=quiz)]
    # 100 in 200 s, 100 in 300 s, 75 in 100 s
    assert order == ["王建国", "张伟", "李明"]
    assert Attempt.objects.filter(quiz=quiz, is_best=True).count() == 3


def test_a_zero_reads_back_the_same(company):
    """The score the taker is told is the stored one, to the tenth (0.0, not 0)."""
    quiz = make_quiz(company)
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz)
    told = attempt_submit(actor=user, attempt=attempt, answers={}).score
    assert str(told) == str(Attempt.objects.get().score) == "0.0"


def test_an_implausibly_fast_attempt_is_flagged_not_ranked(client, company):
    """A contest handed in 0 s after it started is graded but not ranked; the organiser sees it
    flagged. Four questions at the default 3 s each: under 12 s is too fast."""
    from apps.learning.models import LearningSettings

    quiz = make_quiz(company, kind=QuizKind.CONTEST)
    fast, fair = company.users["zhigong"], company.users["shuji"]
    a = attempt_start(actor=fast, quiz=quiz)
    attempt_submit(actor=fast, attempt=a, answers=right_answers(a.question_ids), now=a.started_at)
    b = attempt_start(actor=fair, quiz=quiz)
    attempt_submit(actor=fair, attempt=b, answers={}, now=b.started_at + timedelta(seconds=12))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.too_fast and a.score == 100 and not b.too_fast
    client.force_login(company.users["bumen"])
    page = client.get(f"/learning/quizzes/{quiz.pk}/ranking/").content.decode()
    ranking = page[page.index('data-testid="ranking"') : page.index('data-testid="unit-ranking"')]
    assert "王建国" in ranking and "张伟" not in ranking
    assert 'data-testid="flagged"' not in page  # 部门负责人 of 生产部 does not organise it
    client.force_login(company.users["dangwei"])
    page = client.get(f"/learning/quizzes/{quiz.pk}/ranking/").content.decode()
    flagged = page[page.index('data-testid="flagged"') :]
    assert "张伟" in flagged and "0 秒" in flagged
    r = client.get(f"/api/v1/learning/quizzes/{quiz.pk}/ranking").json()
    assert [i["person"]["name"] for i in r["items"]] == ["王建国"]
    assert [f["person"]["name"] for f in r["flagged"]] == ["张伟"]
    # The minimum is a setting; 0 switches the check off for later attempts.
    LearningSettings.objects.create(min_seconds_per_question=0)
    quiz.max_attempts = 2
    quiz.save()
    c = attempt_start(actor=fast, quiz=quiz)
    attempt_submit(actor=fast, attempt=c, answers={}, now=c.started_at)
    c.refresh_from_db()
    assert not c.too_fast


def test_a_plausible_attempt_ranks_before_a_faster_better_one(company):
    quiz = make_quiz(company, kind=QuizKind.CONTEST, attempts=2)
    user = company.users["zhigong"]
    slow = attempt_start(actor=user, quiz=quiz)
    attempt_submit(
        actor=user, attempt=slow, answers={}, now=slow.started_at + timedelta(seconds=60)
    )
    fast = attempt_start(actor=user, quiz=quiz)
    attempt_submit(
        actor=user, attempt=fast, answers=right_answers(fast.question_ids), now=fast.started_at
    )
    assert Attempt.objects.get(is_best=True).pk == slow.pk
