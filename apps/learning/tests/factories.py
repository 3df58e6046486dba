"""Small builders for learning tests on the named company of apps/orgs/testing.py."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.learning.choices import Audience, MaterialKind, QuestionKind, QuizKind, Theme
from apps.learning.models import (
    Course,
    CourseAssignment,
    CourseStart,
    Material,
    Question,
    QuestionBank,
    Quiz,
    QuizQuestion,
)

# Four questions, one of each kind, with their right answers as a taker sends them.
QUESTIONS = [
    (QuestionKind.SINGLE, "党的最高理想是?", ["共产主义", "小康", "现代化"], "A", "A"),
    (QuestionKind.MULTIPLE, "三违包括?", ["违章指挥", "违章作业", "违反劳动纪律", "迟到"], "ABC",
     ["C", "A", "B"]),
    (QuestionKind.TRUE_FALSE, "发现隐患应立即报告。", [], "T", "T"),
    (QuestionKind.FILL, "扭亏脱困要坚持____导向。", [], "问题|问题导向", "问题"),
]  # fmt: skip


def make_bank(company, unit_key="company", name="应知应会题库") -> QuestionBank:
    bank = QuestionBank.objects.create(name=name, unit=company.units[unit_key])
    for kind, stem, options, answer, _given in QUESTIONS:
        Question.objects.create(
            bank=bank, kind=kind, stem=stem, options=options, answer=answer, tags=",党章党规,"
        )
    return bank


def right_answers(quiz_or_attempt_ids) -> dict:
    by_stem = {stem: given for _k, stem, _o, _a, given in QUESTIONS}
    questions = Question.all_objects.in_bulk(list(quiz_or_attempt_ids))
    return {str(pk): by_stem[q.stem] for pk, q in questions.items()}


def make_quiz(
    company,
    *,
    bank=None,
    unit_key="company",
    kind=QuizKind.QUIZ,
    audience=Audience.SUBTREE,
    opens=-1,
    closes=24,
    minutes=30,
    attempts=1,
    pass_score=60,
) -> Quiz:
    bank = bank or make_bank(company, unit_key)
    now = timezone.now()
    quiz = Quiz.objects.create(
        title="党章知识测验" if kind == QuizKind.QUIZ else "安全知识竞赛",
        kind=kind,
        unit=company.units[unit_key],
        audience=audience,
        opens_at=now + timedelta(hours=opens),
        closes_at=now + timedelta(hours=closes),
        time_limit_minutes=minutes,
        max_attempts=attempts,
        pass_score=Decimal(pass_score),
        draw_count=4,
    )
    for i, q in enumerate(bank.questions.order_by("pk"), 1):
        QuizQuestion.objects.create(quiz=quiz, question=q, order=i)
    return quiz


def make_course(company, *, unit_key="company", hours="2.0", library=True, materials=2, quiz=None):
    course = Course.objects.create(
        title="学习贯彻党章",
        theme=Theme.CHARTER,
        hours=Decimal(hours),
        unit=company.units[unit_key],
        is_library=library,
        quiz=quiz,
    )
    for i in range(materials):
        Material.objects.create(
            course=course,
            order=i + 1,
            title=f"第{i + 1}讲",
            kind=MaterialKind.TEXT,
            body="<p>正文</p>",
        )
    return course


def opened_earlier(person, course, *, hours=24) -> CourseStart:
    """The learner first opened the course's materials `hours` ago: long enough for its hours."""
    start, _created = CourseStart.objects.get_or_create(person=person, course=course)
    start.opened_at = timezone.now() - timedelta(hours=hours)
    start.save(update_fields=["opened_at"])
    return start


def assign(company, course, *, unit_key="prod", audience=Audience.SUBTREE, due_days=30):
    today = timezone.localdate()
    return CourseAssignment.objects.create(
        course=course,
        unit=company.units[unit_key],
        audience=audience,
        starts_on=today,
        due_on=today + timedelta(days=due_days),
    )
