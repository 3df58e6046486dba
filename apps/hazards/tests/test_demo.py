import random
from datetime import timedelta

from django.utils import timezone

from apps.hazards.choices import HazardStatus
from apps.hazards.demo import seed
from apps.hazards.models import Hazard, HazardEvent, Inspection
from apps.orgs.models import OrgUnit, Person
from apps.supervision.models import SupervisedItem


def test_seed_small(company, safety):
    now = timezone.now()
    stats = seed(
        rng=random.Random(7),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=300,
    )
    assert stats["hazards"] == Hazard.objects.count() == 300
    assert Inspection.objects.count() == stats["inspections"] > 0
    statuses = set(Hazard.objects.values_list("status", flat=True))
    assert {HazardStatus.RECTIFIED, HazardStatus.RECTIFYING, HazardStatus.REPORTED} <= statuses
    assert Hazard.objects.filter(due_at__lt=now, status=HazardStatus.RECTIFYING).exists()
    assert HazardEvent.objects.count() >= 300
    confirmed = Hazard.objects.exclude(confirmed_at=None).count()
    assert SupervisedItem.objects.filter(kind="hazard").count() == confirmed
    assert not Hazard.objects.filter(reported_at__lt=now - timedelta(days=366)).exists()
    # The seeded rows read back through the pages' selectors.
    assert Hazard.objects.visible_to(safety).count() == 300
