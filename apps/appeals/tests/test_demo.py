import random
from datetime import datetime

import pytest
from django.utils import timezone

from apps.appeals import demo, selectors
from apps.appeals.choices import Status
from apps.appeals.models import Appeal
from apps.orgs.models import OrgUnit, Person
from apps.supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def test_seed_a_small_year(company, django_assert_max_num_queries):
    now = timezone.make_aware(datetime(2026, 6, 30, 12))
    units = list(OrgUnit.objects.all())
    people = list(Person.objects.all())
    with django_assert_max_num_queries(40):
        result = demo.seed(
            rng=random.Random(7),
            company_root=company.units["company"],
            people=people,
            units=units,
            now=now,
            count=400,
        )
    assert result["appeals"] == Appeal.objects.count() == 400
    statuses = set(Appeal.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.HANDLING, Status.CLOSED} <= statuses
    anonymous = Appeal.objects.filter(anonymous=True)
    assert anonymous.exists() and not anonymous.exclude(submitter=None).exists()
    # as the batch writes them: a random number and a batch's time (decision 0007)
    assert not anonymous.filter(ref=None).exists()
    assert all(
        a.number == f"SQ{timezone.localtime(a.created_at):%Y}-N" + a.ref[-6:] for a in anonymous
    )
    assert all(timezone.localtime(a.created_at).minute == 0 for a in anonymous)
    assert not Appeal.objects.filter(anonymous=False).exclude(ref=None).exists()
    assert SupervisedItem.objects.filter(kind="appeal").count() == result["supervised"]
    merged = Appeal.objects.filter(status=Status.MERGED)
    assert merged.exists() and not merged.filter(merged_into=None).exists()
    # the figures run over it and some are late or overdue
    figures = selectors.figures(Appeal.objects.all())
    assert 0 < figures["totals"]["on_time_pct"] < 100
    assert figures["totals"]["avg_rating"] is not None
