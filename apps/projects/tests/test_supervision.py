"""Milestones in the one 督办 mechanism: the owner is told on approval, reminded before the
deadline and escalated after it by the supervision pass (no reminder code of our own), and the
item closes when the milestone is done."""

from datetime import timedelta

from django.db import transaction

from apps.core.models import Notification
from apps.projects import services
from apps.projects.services import due_at
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervision_pass

from .factories import M1, make_project


def _titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_owner_told_reminded_escalated_then_closed(company, django_capture_on_commit_callbacks):
    u, p = company.units, company.people
    u["company"].head = p["dangwei"]
    u["company"].save()
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(company, status="active")
    zhigong = company.users["zhigong"]
    assert any("纳入督办" in t for t in _titles(zhigong))
    m1 = project.milestones.get(due_date=M1)
    item = SupervisedItem.objects.get(kind="milestone", object_id=m1.pk)

    supervision_pass(now=due_at(M1) - timedelta(hours=12))
    assert any(t.startswith("督办提醒") for t in _titles(zhigong))
    supervision_pass(now=due_at(M1) + timedelta(hours=1))
    item.refresh_from_db()
    assert item.level == SupervisedItem.Level.ESCALATED
    assert any(t.startswith("逾期督办") for t in _titles(company.users["dangwei"]))

    with transaction.atomic():
        services.milestone_update(
            actor=zhigong,
            milestone=m1,
            progress=100,
            note="完成",
            done=True,
            now=due_at(M1) + timedelta(hours=2),
        )
    item.refresh_from_db()
    assert item.closed_at is not None and item.closed_on_time is False
    about = Notification.objects.filter(title__contains=m1.title)
    before = about.count()
    supervision_pass(now=due_at(M1) + timedelta(days=10))  # closed: no second escalation
    assert about.count() == before


def test_a_returned_or_draft_plan_is_not_supervised(company):
    make_project(company, status="returned")
    assert not SupervisedItem.objects.filter(kind="milestone").exists()
