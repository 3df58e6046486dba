import random
from datetime import date, datetime

from django.utils import timezone

from apps.admission import demo
from apps.admission.models import Admission, AdmissionPolicy
from apps.admission.rules import next_step
from apps.orgs.models import OrgUnit, PartyMembership, Person

from .factories import applicant


def test_seed_each_branch_a_few_people_per_stage_with_dates_that_keep_the_rules(company, full):
    for i in range(10):
        applicant(company, no=f"2{i:04d}", name=f"职工{i}", born=date(1990 + i, 3, 1))
    now = timezone.make_aware(datetime(2026, 11, 20, 12))
    result = demo.seed(
        rng=random.Random(5),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=10,
    )
    rows = Admission.objects.filter(branch=company.units["branch1"])
    assert result["admissions"] == rows.count() == 8
    assert set(rows.values_list("status", flat=True)) == {
        "applicant", "activist", "candidate", "probationary",
    }  # fmt: skip
    policy = AdmissionPolicy.current()
    for a in rows:
        assert a.applied_on < now.date() and a.next_step
        assert a.events.filter(action="apply").exists()
        if a.candidate_on:  # a year as an activist, a review every half year
            assert (a.candidate_on - a.activist_on).days >= 365
            assert a.reviews.filter(probation=False).count() >= 2
        last = a.reviews.filter(probation=a.status == "probationary").last()
        assert (a.next_step, a.next_due) == next_step(
            a, policy, last_review=last and last.reviewed_on, vote_on=None
        )
    for a in rows.filter(status="probationary"):
        assert PartyMembership.objects.get(person=a.person).kind == "probationary"
        assert a.sponsors.count() == 2
