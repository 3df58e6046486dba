"""Course services: completion rules, required-course assignment and its reminder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.learning.models import CourseAssignment, LearningSettings, StudyRecord
from apps.learning.selectors import course_status
from apps.learning.services import (
    assignment_create,
    assignments_remind,
    course_complete,
    course_create,
    material_add,
    material_done,
)

from .factories import make_course, opened_earlier


def test_assignment_notifies_its_people_once(company, django_capture_on_commit_callbacks):
    course = make_course(company)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        a = assignment_create(
            actor=company.users["shuji"], course=course, unit=company.units["prod"],
            audience="subtree", starts_on=today, due_on=today + timedelta(days=2),
        )  # fmt: skip
    # 生产部: 王建国 (shuji), 李明 (bumen), 张伟 (zhigong) have logins.
    assert Notification.objects.filter(title__contains=course.title).count() == 3
    StudyRecord.objects.create(
        person=company.people["zhigong"], course=course, unit=company.units["team1"], hours=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert assignments_remind(now=timezone.now()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert assignments_remind(now=timezone.now()) == 0
    a.refresh_from_db()
    assert a.reminded_at is not None
    reminded = Notification.objects.filter(title__startswith="请于").values_list(
        "user__username", flat=True
    )
    assert sorted(reminded) == ["bumen", "shuji"]


def test_assignment_rules(company):
    course = make_course(company)
    today = timezone.localdate()
    with pytest.raises(Forbidden):
        assignment_create(
            actor=company.users["shuji"], course=course, unit=company.units["tech"],
            audience="subtree", starts_on=today, due_on=today,
        )  # fmt: skip
    with pytest.raises(DomainError) as e:
        assignment_create(
            actor=company.users["dangwei"], course=course, unit=company.units["prod"],
            audience="all", starts_on=today, due_on=today,
        )  # fmt: skip
    assert e.value.field == "unit"
    assert not CourseAssignment.objects.exists()


def test_course_rules(company):
    with pytest.raises(DomainError) as e:
        course_create(
            actor=company.users["dangwei"], title="课", theme="safety", hours="0",
            unit=company.units["company"],
        )  # fmt: skip
    assert e.value.field == "hours"
    course = course_create(
        actor=company.users["dangwei"], title="课", theme="safety", hours="1.5",
        unit=company.units["company"],
    )  # fmt: skip
    with pytest.raises(DomainError) as e:
        material_add(actor=company.users["dangwei"], course=course, title="链接", kind="link",
                     url="javascript:alert(1)")  # fmt: skip
    assert e.value.field == "url"
    with pytest.raises(Forbidden):
        material_add(actor=company.users["zhigong"], course=course, title="x", kind="text",
                     body="<p>x</p>")  # fmt: skip
    m = material_add(actor=company.users["dangwei"], course=course, title="x", kind="text",
                     body="<p>好</p><script>alert(1)</script>")  # fmt: skip
    assert "script" not in m.body
    with pytest.raises(DomainError) as e:
        course_complete(actor=company.users["zhigong"], course=course)
    assert e.value.code == "materials_left"
    with pytest.raises(DomainError) as e:
        course_complete(actor=company.users["tech_shuji"], course=course)
    assert e.value.code == "no_person"


def test_a_completed_course_counts_every_material(company):
    course = make_course(company, materials=3)
    StudyRecord.objects.create(
        person=company.people["zhigong"], course=course, unit=company.units["team1"], hours=1
    )
    status = course_status(person=company.people["zhigong"], course=course)
    assert status["left"] == 0 and len(status["done"]) == 3 and not status["can_complete"]
    assert course_complete(actor=company.users["zhigong"], course=course) == status["record"]


def test_hours_are_credited_only_after_a_share_of_them(company):
    """A two-hour course completed seconds after its materials were first opened credits
    nothing: half its hours (the default share) must pass first, and the learner is told when."""
    user, person = company.users["zhigong"], company.people["zhigong"]
    course = make_course(company, hours="2.0", materials=1)
    start = timezone.now()
    material_done(actor=user, material=course.materials.get(), now=start)
    with pytest.raises(DomainError) as e:
        course_complete(actor=user, course=course, now=start + timedelta(seconds=7))
    assert e.value.code == "too_soon" and "满 60 分钟" in str(e.value.message)
    assert "50%" in str(e.value.message) and not StudyRecord.objects.exists()
    status = course_status(person=person, course=course, now=start + timedelta(seconds=7))
    assert status["time_left"] and status["ready_at"] == start + timedelta(hours=1)
    record = course_complete(actor=user, course=course, now=start + timedelta(hours=1))
    assert record.hours == 2


def test_the_share_is_configurable(company):
    LearningSettings.objects.create(study_share=0)
    user = company.users["zhigong"]
    course = make_course(company, materials=1)
    material_done(actor=user, material=course.materials.get())
    assert course_complete(actor=user, course=course).hours == 2
    settings = LearningSettings.objects.get()
    settings.study_share = 100
    settings.save()
    other = make_course(company, materials=1)
    material_done(actor=company.users["shuji"], material=other.materials.get())
    opened_earlier(company.people["shuji"], other, hours=1.5)
    with pytest.raises(DomainError) as e:
        course_complete(actor=company.users["shuji"], course=other)
    assert e.value.code == "too_soon" and "120 分钟" in str(e.value.message)


def test_a_learner_who_never_opened_the_materials_is_told_to(company):
    course = make_course(company, materials=0)
    with pytest.raises(DomainError) as e:
        course_complete(actor=company.users["zhigong"], course=course)
    assert e.value.code == "not_started"
