"""The demo group (issue 16): four companies under one root, each with its own codes and 工号,
and a company's user sees only that company's records."""

import random
from collections import Counter

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.appeals import demo as appeals_demo
from apps.appeals.models import Appeal
from apps.orgs.choices import UnitKind
from apps.orgs.demo import (
    GROUP_CODE,
    GROUP_COMPANIES,
    GROUP_HQ_PEOPLE,
    GROUP_NAME,
    GroupGenerator,
)
from apps.orgs.models import OrgUnit, Person

pytestmark = pytest.mark.django_db

PER_COMPANY = 300


@pytest.fixture
def group():
    people = PER_COMPANY * len(GROUP_COMPANIES) + GROUP_HQ_PEOPLE
    return GroupGenerator(people=people, seed=7).build(logins=True)


def test_four_companies_under_one_group_root(group):
    root = OrgUnit.objects.get(depth=1)
    assert (root.name, root.code, root.kind) == (GROUP_NAME, GROUP_CODE, UnitKind.COMPANY)
    companies = list(OrgUnit.objects.filter(depth=2, kind=UnitKind.COMPANY).order_by("path"))
    assert [(c.name, c.code) for c in companies] == list(GROUP_COMPANIES)
    assert root.numchild == OrgUnit.objects.filter(depth=2).count()
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    names = set(OrgUnit.objects.filter(depth=2).values_list("name", flat=True))
    assert {"集团党委", "集团工会", "集团团委", "集团办公室"} <= names
    # Each company is whole: its 公司党委 and its people, all under it.
    for company in companies:
        below = OrgUnit.objects.filter(path__startswith=company.path)
        assert below.filter(name="公司党委").count() == 1
        assert Person.objects.filter(department__path__startswith=company.path).count() == (
            PER_COMPANY
        )
    assert Person.objects.count() == PER_COMPANY * 4 + GROUP_HQ_PEOPLE
    assert len(group.company_roots) == 4


def test_codes_employee_numbers_mobiles_and_ids_unique_across_the_group(group):
    codes = list(OrgUnit.objects.values_list("code", flat=True))
    assert None not in codes
    assert len(codes) == len(set(codes))
    rows = list(Person.objects.values_list("employee_no", "mobile", "id_number"))
    for column in range(3):
        values = [r[column] for r in rows]
        assert len(values) == len(set(values)), column
    prefixes = Counter(no[:2] for no, _, _ in rows)
    assert prefixes == {code: PER_COMPANY for _, code in GROUP_COMPANIES} | {
        GROUP_CODE: GROUP_HQ_PEOPLE
    }


def test_a_company_user_sees_only_their_company_the_group_sees_all(group):
    first, second = group.company_roots[0], group.company_roots[1]
    second_built = group.companies[1]
    made = appeals_demo.seed(
        rng=random.Random(1),
        company_root=second,
        people=second_built.people,
        units=second_built.units,
        now=timezone.now(),
        count=40,
    )
    assert made["appeals"] >= 40
    dangwei = User.objects.get(username="dangwei")  # 党委 of the first company
    jituan = User.objects.get(username="jituan")  # 集团党委
    assert not Appeal.objects.visible_to(dangwei).filter(intake_unit=second).exists()
    assert Appeal.objects.visible_to(jituan).count() == made["appeals"]
    seen = set(Person.objects.visible_to(dangwei).values_list("employee_no", flat=True))
    assert seen and all(no.startswith(first.code) for no in seen)
    assert Person.objects.visible_to(jituan).count() == Person.objects.count()
    assert set(group.logins) == {"admin", "dangwei", "shuji", "bumen", "zhigong", "jituan"}


def test_seed_demo_size_group_command():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    people = PER_COMPANY * 4 + GROUP_HQ_PEOPLE
    call_command(
        "seed_demo", "--size", "group", "--people", str(people), "--no-activity", stdout=out
    )
    text = out.getvalue()
    assert "已生成演示集团:华岳重工集团(4 家公司)" in text
    assert f"职工 {people:,} 人" in text
    assert "jituan" in text
    assert Person.objects.count() == people
