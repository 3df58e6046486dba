import random

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.care.demo import seed
from apps.care.models import Aid, Campaign, HardshipFile
from apps.orgs.models import OrgUnit, Person

from .factories import hardship_appeal

pytestmark = pytest.mark.django_db


def _seed(company, rng_seed):
    return seed(
        rng=random.Random(rng_seed),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=timezone.now(),
        count=4,
    )


def test_seed_files_aid_and_a_spring_campaign_without_logins(company):
    for i in range(20):
        Person.objects.create(
            employee_no=f"3{i:04d}", name=f"职工{i}", gender="M", department=company.units["tech"]
        )
    appeal = hardship_appeal(company)
    users, people = User.objects.count(), Person.objects.count()
    stats = _seed(company, 7)
    assert stats["files"] == HardshipFile.objects.count() == 4
    assert HardshipFile.objects.get(person=company.people["zhigong"]).appeal == appeal
    assert stats["aid"] == Aid.objects.count()
    campaign = Campaign.objects.get()
    assert "春节送温暖" in campaign.title
    for aid in Aid.objects.filter(form="money", status="delivered"):
        assert aid.amount <= aid.approved_amount
    assert User.objects.count() == users and Person.objects.count() == people
    first = sorted(HardshipFile.objects.values_list("person_id", "category", "level"))
    Aid.objects.all().delete()
    Campaign.objects.all().delete()
    HardshipFile.objects.all().delete()
    _seed(company, 7)
    assert sorted(HardshipFile.objects.values_list("person_id", "category", "level")) == first
