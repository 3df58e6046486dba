"""Course services: completion rules, required-course assignment and its reminder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.learning.models import CourseAssignment, StudyRecord
from apps.learning.services import (
    assignment_create,
    assignments_remind,
    course_complete,
    course_create,
    material_add,
)

from .factories import make_course


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
    from apps.learning.services import course_status

    course = make_course(company, materials=3)
    StudyRecord.objects.create(
        person=company.people["zhigong"], course=course, unit=company.units["team1"], hours=1
    )
    status = course_status(person=company.people["zhigong"], course=course)
    assert status["left"] == 0 and len(status["done"]) == 3 and not status["can_complete"]
    assert course_complete(actor=company.users["zhigong"], course=course) == status["record"]
