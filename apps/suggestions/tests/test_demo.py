"""The demo generator: a small run creates a consistent year of suggestions."""

import random

import pytest
from django.utils import timezone

from apps.orgs.models import OrgUnit, Person
from apps.suggestions import demo, selectors
from apps.suggestions.choices import Status
from apps.suggestions.models import Suggestion
from apps.supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def test_seed_small(company):
    now = timezone.now()
    result = demo.seed(
        rng=random.Random(7),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=300,
    )
    assert result["suggestions"] == Suggestion.objects.count() == 300
    statuses = set(Suggestion.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.REJECTED, Status.IMPLEMENTING, Status.REWARDED} <= statuses
    # every implementing one is open in 督办, implemented ones are closed there
    implementing = Suggestion.objects.filter(status=Status.IMPLEMENTING).count()
    assert SupervisedItem.objects.filter(kind="suggestion", closed_at__isnull=True).count() == (
        implementing
    )
    assert not Suggestion.objects.filter(status=Status.REWARDED, reward_yuan__isnull=True).exists()
    assert not Suggestion.objects.filter(submitted_at__gt=now).exists()
    f = selectors.figures(selectors.suggestion_list(user=company.users["admin"]))
    assert f["totals"]["submitted"] == 300 and f["totals"]["benefit"] > 0
    assert demo.seed(
        rng=random.Random(1),
        company_root=company.units["company"],
        people=[],
        units=[],
        now=now,
        count=10,
    ) == {"suggestions": 0, "campaigns": 0}
