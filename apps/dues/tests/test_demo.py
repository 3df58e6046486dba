import random

import pytest
from django.utils import timezone

from apps.dues.demo import seed
from apps.dues.models import DuesBase, DuesPayment
from apps.orgs.models import OrgUnit, PartyMembership

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_member_a_year(company):
    units = list(OrgUnit.objects.all())
    made = seed(
        rng=random.Random(1),
        company_root=company.units["company"],
        people=[],
        units=units,
        now=timezone.now(),
        count=10,
    )
    assert made["bases"] == PartyMembership.objects.count() == DuesBase.objects.count()
    assert DuesPayment.objects.count() == made["payments"]
    again = list(DuesBase.objects.order_by("person_id").values_list("income", flat=True))
    assert all(i >= 0 for i in again)
