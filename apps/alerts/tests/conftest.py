import random

import pytest
from django.utils import timezone

from apps.appeals import demo as appeals_demo
from apps.orgs.models import OrgUnit, Person


@pytest.fixture
def appeals_seeded(company):
    """The appeals' demo on the named company as seed_demo runs it, with its planted 夜班津贴
    concern and its planted fall of satisfaction (decision 0010)."""
    appeals_demo.seed(
        rng=random.Random(1),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=timezone.now(),
        count=30,
    )
