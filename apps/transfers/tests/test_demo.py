import random

from django.utils import timezone

from apps.appraisals.demo import seed as seed_appraisals
from apps.appraisals.models import Appraisal, Committee
from apps.orgs.models import OrgUnit, PartyMembership, Person
from apps.transfers.choices import TransferStatus
from apps.transfers.demo import seed
from apps.transfers.models import FlowActivity, FlowingMember, Transfer


def test_seed_small(company):
    now = timezone.now()
    # A few more members so every kind of transfer has someone to move.
    for i in range(30):
        person = Person.objects.create(
            employee_no=f"2{i:04d}", name=f"党员{i}", gender="F", department=company.units["prod"]
        )
        PartyMembership.objects.create(person=person, branch=company.units[f"branch{i % 2 + 1}"])
    args = {
        "rng": random.Random(7),
        "company_root": company.units["company"],
        "people": list(Person.objects.all()),
        "units": list(OrgUnit.objects.all()),
        "now": now,
    }
    stats = seed(**args, count=20)
    assert stats["transfers"] == Transfer.objects.count() > 0
    assert {"inside", "out", "in"} == set(Transfer.objects.values_list("kind", flat=True))
    # The rosters agree with the moves: the member is where their last inside transfer took them.
    for t in Transfer.objects.filter(kind="inside"):
        assert PartyMembership.objects.get(person=t.person).branch_id == t.to_branch_id
    assert Transfer.objects.filter(status=TransferStatus.ISSUED, due_at__lt=now).exists()
    assert FlowingMember.objects.count() == stats["flowing"] > 0 and FlowActivity.objects.exists()
    stats = seed_appraisals(**args, count=1)
    assert Appraisal.objects.filter(year=now.year - 1).count() == 2
    ends = set(Committee.objects.values_list("ends_on", flat=True))
    assert any(e < now.date() for e in ends) and len(ends) == Committee.objects.count() == 4


def test_seeded_twice_certificate_numbers_continue(company):
    """A group seeds its companies one after another: the second run numbers its 流动党员
    certificates after the first's."""
    for i in range(30):
        person = Person.objects.create(
            employee_no=f"3{i:04d}", name=f"党员{i}", gender="M", department=company.units["prod"]
        )
        PartyMembership.objects.create(person=person, branch=company.units[f"branch{i % 2 + 1}"])
    args = {
        "company_root": company.units["company"],
        "people": list(Person.objects.all()),
        "units": list(OrgUnit.objects.all()),
        "now": timezone.now(),
        "count": 20,
    }
    first = seed(rng=random.Random(7), **args)["flowing"]
    second = seed(rng=random.Random(8), **args)["flowing"]
    numbers = list(FlowingMember.objects.values_list("certificate_no", flat=True))
    assert first > 0 and second > 0
    assert len(numbers) == len(set(numbers)) == first + second
