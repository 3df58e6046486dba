"""The demo seeder on a small company: a year of records, most people completing, all in bulk."""

import pytest
from django.core.management import call_command

from apps.learning.choices import EssayStatus, QuizKind
from apps.learning.models import (
    Attempt,
    Course,
    CourseAssignment,
    EssayContest,
    Question,
    Quiz,
    StudyRecord,
)
from apps.orgs.models import Person


@pytest.fixture
def seeded(db):
    call_command(
        "seed_demo", "--people", "300", "--seed", "7", "--force", stdout=open("/dev/null", "w")
    )


def test_demo_year(seeded):
    people = Person.objects.count()
    assert Course.objects.count() >= 30
    assert CourseAssignment.objects.count() == 8
    assert Question.objects.count() >= 150
    required = CourseAssignment.objects.filter(audience="all").values("course_id")
    finishers = StudyRecord.objects.filter(course_id__in=required).values("person_id").distinct()
    # Most people complete a required course; not everybody completes every one.
    assert finishers.count() > people * 0.8
    per_course = StudyRecord.objects.filter(course_id=required[0]["course_id"]).count()
    assert per_course < people
    contest = Quiz.objects.get(kind=QuizKind.CONTEST)
    assert Attempt.objects.filter(quiz=contest, is_best=True).count() > 0
    assert Quiz.objects.filter(kind=QuizKind.QUIZ).exists()
    published = EssayContest.objects.get(status=EssayStatus.PUBLISHED)
    ranks = list(published.submissions.order_by("rank").values_list("score", flat=True))
    assert ranks and ranks == sorted(ranks, reverse=True)


def test_demo_questions_are_well_formed(seeded):
    from apps.learning.services.banks import question_clean

    for q in Question.objects.all()[:400]:
        _values, errors = question_clean(
            {"kind": q.kind, "stem": q.stem, "options": q.options, "answer": q.answer,
             "difficulty": str(q.difficulty)}
        )  # fmt: skip
        assert not errors, (q.stem, errors)
