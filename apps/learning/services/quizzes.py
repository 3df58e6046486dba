"""Quizzes and knowledge contests: set up, start an attempt, submit it, grade it.

Timing is the server's: an attempt's deadline is `started_at` + the time limit, cut at the close
of the window. A submission that arrives after the deadline plus GRACE (network and a slow
phone) is refused with a message and changes nothing: the attempt stays unsubmitted and still
counts as used. The questions of each attempt are stored when it starts, so grading uses exactly
what the taker saw; a second submit of the same attempt returns the first result unchanged.

An attempt handed in faster than LearningSettings.min_seconds_per_question per question is
graded and kept, but flagged `too_fast`: rankings leave it out and the organiser sees it.
"""

import random
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.errors import CoreError, NotFound
from apps.core.figures import percent
from apps.core.rules import clean_text

from ..choices import DrawMode, QuestionKind, QuizKind
from ..errors import LearningError
from ..models import Attempt, Course, Question, Quiz, QuizQuestion
from ..permissions import check_manage
from ..selectors import course_status, min_seconds_per_question
from . import common
from .courses import course_complete

GRACE = timedelta(seconds=30)
TENTH = Decimal("0.1")
MAX_QUESTIONS = 200


def _local(dt) -> str:
    return date_format(timezone.localtime(dt), "Y-m-d H:i")


@transaction.atomic
def quiz_create(
    *,
    actor,
    title,
    unit,
    audience,
    opens_at: datetime,
    closes_at: datetime,
    kind=QuizKind.QUIZ,
    description="",
    time_limit_minutes=30,
    max_attempts=1,
    pass_score=60,
    draw_mode=DrawMode.FIXED,
    questions=(),
    banks=(),
    draw_tag="",
    draw_difficulty=None,
    draw_count=10,
    show_ranking=False,
    published=True,
) -> Quiz:
    """A cadre sets a quiz or contest for a unit's people: fixed questions from banks they
    manage, or a random draw (by tag and difficulty) that must find enough questions."""
    common.required_unit(unit, _("所属单位"))
    check_manage(actor, unit)
    title = clean_text(title, field="title", label=_("名称"), limit=100)
    audience = common.audience(audience, unit)
    common.window(opens_at, closes_at)
    if kind not in QuizKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("类型"))
    if not 1 <= int(time_limit_minutes) <= 600:
        raise LearningError.BAD_LIMIT(field="time_limit_minutes")
    if not 1 <= int(max_attempts) <= 20:
        raise LearningError.BAD_ATTEMPTS(field="max_attempts")
    pass_score = common.decimal(
        pass_score, field="pass_score", label=_("及格分"), low=Decimal(0), high=Decimal(100)
    )
    for bank in banks:
        check_manage(actor, bank.unit)
    questions = list(questions)
    for q in questions:
        check_manage(actor, q.bank.unit)
    if draw_mode == DrawMode.FIXED:
        if not questions:
            raise LearningError.NO_QUESTIONS(field="questions")
        if len(questions) > MAX_QUESTIONS:
            raise LearningError.TOO_MANY_QUESTIONS(field="questions", n=MAX_QUESTIONS)
    elif draw_mode == DrawMode.RANDOM:
        if not banks:
            raise LearningError.NO_BANKS(field="banks")
        if not 1 <= int(draw_count) <= MAX_QUESTIONS:
            raise LearningError.BAD_COUNT(field="draw_count", n=MAX_QUESTIONS)
        found = _pool(banks, draw_tag, draw_difficulty).count()
        if found < int(draw_count):
            raise LearningError.POOL_SMALL(field="draw_count", found=found, n=int(draw_count))
    else:
        raise CoreError.BAD_CHOICE(field="draw_mode", label=_("组卷方式"))
    quiz = Quiz.objects.create(
        title=title,
        kind=kind,
        unit=unit,
        audience=audience,
        description=(description or "").strip()[:5000],
        opens_at=opens_at,
        closes_at=closes_at,
        time_limit_minutes=time_limit_minutes,
        max_attempts=max_attempts,
        pass_score=pass_score,
        draw_mode=draw_mode,
        draw_tag=(draw_tag or "").strip(),
        draw_difficulty=draw_difficulty or None,
        draw_count=draw_count if draw_mode == DrawMode.RANDOM else len(questions),
        show_ranking=show_ranking,
        published=published,
        created_by=actor,
    )
    quiz.banks.set(banks)
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question=q, order=i) for i, q in enumerate(questions, 1)
    )
    return quiz


def _pool(banks, tag, difficulty):
    qs = Question.objects.filter(bank__in=banks)
    if tag:
        qs = qs.filter(tags__contains=f",{tag.strip()},")
    if difficulty:
        qs = qs.filter(difficulty=difficulty)
    return qs


def _draw(quiz: Quiz, rng: random.Random) -> list[int]:
    if quiz.draw_mode == DrawMode.FIXED:
        return list(
            QuizQuestion.objects.filter(quiz=quiz, question__deleted_at__isnull=True)
            .order_by("order", "pk")
            .values_list("question_id", flat=True)
        )
    ids = list(
        _pool(quiz.banks.all(), quiz.draw_tag, quiz.draw_difficulty).values_list("pk", flat=True)
    )
    return rng.sample(ids, min(len(ids), quiz.draw_count))


def open_attempt(attempt: Attempt, now: datetime) -> bool:
    return attempt.submitted_at is None and now <= attempt.deadline_at + GRACE


def attempt_start(*, actor, quiz: Quiz, now: datetime | None = None, rng=None) -> Attempt:
    """Start (or resume) an attempt inside the window and the number of attempts allowed; the
    questions drawn are stored on it."""
    now = now or timezone.now()
    person = getattr(actor, "person", None)
    if person is None:
        raise LearningError.NO_PERSON(message=_("您的账号未关联职工信息,无法答题。"))
    if not quiz.published:
        raise LearningError.NOT_PUBLISHED()
    if now < quiz.opens_at:
        raise LearningError.NOT_OPEN(at=_local(quiz.opens_at))
    if now >= quiz.closes_at:
        raise LearningError.CLOSED(at=_local(quiz.closes_at))
    mine = list(Attempt.objects.filter(quiz=quiz, person=person).order_by("number"))
    for attempt in mine:
        if open_attempt(attempt, now):
            return attempt
    if len(mine) >= quiz.max_attempts:
        raise LearningError.ATTEMPTS_USED(n=len(mine))
    question_ids = _draw(quiz, rng or random.Random())
    if not question_ids:
        raise LearningError.QUIZ_EMPTY()
    unit_id = person.department_id or person.team_id
    if unit_id is None:
        raise LearningError.NO_HOME_UNIT()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                person=person,
                unit_id=unit_id,
                number=len(mine) + 1,
                started_at=now,
                deadline_at=min(now + timedelta(minutes=quiz.time_limit_minutes), quiz.closes_at),
                question_ids=question_ids,
            )
    except IntegrityError:  # two starts at once: the first one stands
        attempt = Attempt.objects.get(quiz=quiz, person=person, number=len(mine) + 1)
        if open_attempt(attempt, now):
            return attempt
        raise LearningError.ATTEMPTS_USED(message=_("您已达到可答次数上限。")) from None


def _norm(value) -> str:
    """Full-width to half-width, no spaces, upper case: how a typed answer is compared."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split()).upper()


def is_correct(question: Question, given) -> bool:
    """Choice letters compare as sets (order does not matter); a fill-in answer matches any of
    the accepted ones, ignoring spaces, case and full-width forms."""
    if given is None:
        return False
    if question.kind == QuestionKind.MULTIPLE:
        letters = given if isinstance(given, list | tuple) else list(str(given))
        return {_norm(x) for x in letters if _norm(x)} == set(_norm(question.answer))
    if isinstance(given, list | tuple):
        given = given[0] if len(given) == 1 else ""
    if question.kind == QuestionKind.FILL:
        accepted = {_norm(a) for a in question.answer.split("|") if _norm(a)}
        return _norm(given) in accepted
    return _norm(given) == _norm(question.answer)


def grade(question_ids: list[int], answers: dict) -> list[int]:
    """The ids of the questions answered right (deleted questions still grade)."""
    questions = Question.all_objects.in_bulk(question_ids)
    return [
        qid
        for qid in question_ids
        if qid in questions and is_correct(questions[qid], answers.get(str(qid)))
    ]


def _clean_answers(attempt: Attempt, answers) -> dict:
    if not isinstance(answers, dict):
        raise LearningError.BAD_ANSWERS()
    allowed = {str(q) for q in attempt.question_ids}
    clean = {}
    for key, value in answers.items():
        if str(key) not in allowed:
            continue  # a question not drawn for this attempt earns nothing
        if isinstance(value, list | tuple):
            value = [str(v)[:200] for v in value][:10]
        else:
            value = str(value or "")[:200]
        clean[str(key)] = value
    return clean


def attempt_submit(*, actor, attempt: Attempt, answers: dict, now: datetime | None = None):
    """Grade and store an attempt once. Refused after the deadline plus GRACE; a second submit
    returns the stored result unchanged."""
    now = now or timezone.now()
    if attempt.person_id != getattr(actor, "person_id", None):
        raise NotFound()
    if attempt.submitted_at is not None:
        return attempt
    if now > attempt.deadline_at + GRACE:
        raise LearningError.TIME_UP(at=_local(attempt.deadline_at))
    answers = _clean_answers(attempt, answers)
    correct = grade(attempt.question_ids, answers)
    score = Decimal(str(percent(len(correct), len(attempt.question_ids)) or 0)).quantize(TENTH)
    quiz = attempt.quiz
    finished = min(now, attempt.deadline_at)
    duration = max(0, int((finished - attempt.started_at).total_seconds()))
    graded = {
        "submitted_at": now,
        "answers": answers,
        "correct_ids": correct,
        "correct_count": len(correct),
        "score": score,
        "passed": score >= quiz.pass_score,
        "duration_seconds": duration,
        "too_fast": duration < minimum_seconds(len(attempt.question_ids)),
    }
    with transaction.atomic():
        # Only an unsubmitted row is graded: of two submits racing, one stores, one reads.
        stored = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(**graded)
        if stored:
            best = _mark_best(quiz_id=attempt.quiz_id, person_id=attempt.person_id)
    if not stored:
        attempt.refresh_from_db()
        return attempt
    for key, value in graded.items():
        setattr(attempt, key, value)
    attempt.is_best = best == attempt.pk
    if attempt.passed:
        _complete_courses(actor, attempt)
    return attempt


def minimum_seconds(questions: int) -> int:
    """The least time an attempt at this many questions plausibly takes (0: no check)."""
    return min_seconds_per_question() * questions


def _mark_best(*, quiz_id: int, person_id: int) -> int | None:
    """Keep exactly one `is_best` attempt per person and quiz: a plausibly timed one before a
    too-fast one, then the highest score, then the quickest."""
    mine = Attempt.objects.filter(quiz_id=quiz_id, person_id=person_id, score__isnull=False)
    best = mine.order_by("too_fast", F("score").desc(), "duration_seconds", "pk").values("pk")[:1]
    best_pk = best[0]["pk"] if best else None
    mine.filter(Q(is_best=True) & ~Q(pk=best_pk)).update(is_best=False)
    mine.filter(pk=best_pk, is_best=False).update(is_best=True)
    return best_pk


def _complete_courses(actor, attempt) -> None:
    """Passing a course's check quiz completes the course when its materials are all done and
    the study time has passed (else the course page says when it can be completed)."""
    for course in Course.objects.filter(quiz_id=attempt.quiz_id):
        if course_status(person=actor.person, course=course)["can_complete"]:
            course_complete(actor=actor, course=course)
