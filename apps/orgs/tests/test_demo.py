"""The demo company: deterministic, complete, valid, and its five logins work with their roles."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.orgs.choices import MemberKind, PoliticalStatus, UnitKind
from apps.orgs.demo import REFERENCE_DATE, id_check_digit, id_number_valid
from apps.orgs.models import LeagueMembership, OrgUnit, PartyMembership, Person
from apps.orgs.pinyin import initials

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


class Rollback(Exception):
    pass


def first_people(*args) -> list[tuple[str, str]]:
    """Seed, read the first 20 people, and roll the seeding back."""
    try:
        with transaction.atomic():
            seed(*args)
            rows = list(Person.objects.order_by("employee_no").values_list("employee_no", "name"))
            raise Rollback
    except Rollback:
        return rows[:20]


def test_same_seed_same_company_other_seed_other_names():
    first = first_people("--size", "small", "--seed", "7")
    assert len(first) == 20
    assert first_people("--size", "small", "--seed", "7") == first
    other = first_people("--size", "small", "--seed", "8")
    assert [no for no, _ in other] == [no for no, _ in first]  # 工号 follow the roster order
    assert [name for _, name in other] != [name for _, name in first]


def test_small_company_is_whole_and_plausible():
    output = seed("--size", "small")
    assert "职工 500 人" in output
    assert Person.objects.count() == 500
    assert {u.kind for u in OrgUnit.objects.all()} == set(UnitKind.values)
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    names = set(OrgUnit.objects.values_list("name", flat=True))
    assert {"生产部", "技术部", "安全环保部", "财务部", "党群工作部", "纪委办公室"} <= names
    assert {"公司党委", "公司工会", "公司团委"} <= names

    # Branches are built on departments; every unit has a head.
    for branch in OrgUnit.objects.filter(kind=UnitKind.BRANCH).select_related("serves"):
        assert branch.serves is not None and branch.serves.kind == UnitKind.DEPARTMENT
    assert not OrgUnit.objects.filter(head__isnull=True).exists()

    people = list(Person.objects.all())
    assert len({p.mobile for p in people}) == 500
    for p in people:
        assert id_number_valid(p.id_number), p.id_number
        assert p.id_number[6:14] == f"{p.birth_date:%Y%m%d}"
        assert int(p.id_number[16]) % 2 == (1 if p.gender == "M" else 0)
        assert 1965 <= p.birth_date.year <= 2003
        assert p.birth_date.replace(year=p.birth_date.year + 18) <= p.hired_on <= REFERENCE_DATE
        assert p.name_initials == initials(p.name)
        assert len(p.mobile) == 11 and p.mobile.startswith("1")
        if p.team_id:
            assert p.skill_level, p  # every worker in a team has a skill level

    # About a quarter party members, a few probationary; league members are young.
    party = PartyMembership.objects.count()
    assert 0.2 * 500 <= party <= 0.35 * 500
    probationary = PartyMembership.objects.filter(kind=MemberKind.PROBATIONARY)
    assert 0 < probationary.count() <= 0.06 * 500
    assert not probationary.exclude(confirmed_on=None).exists()
    for m in PartyMembership.objects.filter(kind=MemberKind.FULL):
        assert m.confirmed_on == m.joined_on + timedelta(days=365)
    # A member transferred out of the company (apps.transfers) leaves the roster, not the Party.
    assert Person.objects.filter(political_status=PoliticalStatus.PARTY_MEMBER).count() == (
        PartyMembership.all_objects.filter(kind=MemberKind.FULL).count()
    )
    for m in LeagueMembership.objects.select_related("person"):
        assert (REFERENCE_DATE - m.person.birth_date).days < 28 * 366
    assert Person.objects.filter(union_membership__isnull=False).count() > 0.9 * 500

    # The tree stays a proper treebeard tree: a unit added afterwards gets a fresh path.
    workshop = OrgUnit.objects.get(name="铸造车间")
    OrgUnit.objects.add_child(workshop, create_kwargs={"name": "新班", "kind": UnitKind.TEAM})


def test_id_check_digit_matches_gb11643_examples():
    assert id_check_digit("11010519491231002") == "X"
    assert id_number_valid("11010519491231002X")
    assert id_number_valid("440524188001010014")
    assert not id_number_valid("440524188001010015")


@pytest.mark.parametrize(
    ("username", "role", "kind"),
    [
        ("admin", Role.SYSTEM_ADMIN, UnitKind.COMPANY),
        ("dangwei", Role.PARTY_ADMIN, UnitKind.COMPANY),
        ("shuji", Role.BRANCH_SECRETARY, UnitKind.BRANCH),
        ("bumen", Role.DEPARTMENT_HEAD, UnitKind.DEPARTMENT),
        ("zhigong", Role.EMPLOYEE, UnitKind.TEAM),
    ],
)
def test_demo_logins_work_with_their_roles(client, username, role, kind):
    seed("--people", "200")
    response = client.post("/accounts/login/", {"username": username, "password": "demo12345"})
    assert response.status_code == 302, response.content.decode()[:500]
    user = User.objects.get(username=username)
    assert client.session["_auth_user_id"] == str(user.pk)
    grant = RoleAssignment.objects.select_related("unit").get(user=user)
    assert (grant.role, grant.unit.kind) == (role, kind)
    person = user.person
    if username == "dangwei":
        assert person.department.name == "党群工作部" and person == person.department.head
    if username in {"shuji", "bumen"}:
        assert grant.unit.head == person
    if username == "shuji":
        assert person.party_membership.branch == grant.unit
        assert grant.unit.serves.name.endswith("车间")
    if username == "zhigong":
        assert person.team == grant.unit and person.position != "班组长"
    if username == "admin":
        assert person is None and user.is_staff and not user.is_superuser


def test_if_empty_is_idempotent():
    seed("--people", "150", "--if-empty")
    counts = (Person.objects.count(), OrgUnit.objects.count(), User.objects.count())
    assert "跳过" in seed("--people", "150", "--if-empty")
    assert (Person.objects.count(), OrgUnit.objects.count(), User.objects.count()) == counts
    with pytest.raises(CommandError, match="已有职工数据"):
        seed("--people", "150")


@override_settings(DEMO_MODE=False)
def test_demo_logins_refused_outside_demo_mode_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        seed("--people", "150")
    assert not Person.objects.exists() and not User.objects.exists()

    seed("--people", "150", "--no-logins")
    assert Person.objects.count() == 150 and not User.objects.exists()


@override_settings(DEMO_MODE=False)
def test_force_creates_logins_outside_demo_mode():
    seed("--people", "150", "--force")
    assert (
        User.objects.filter(username__in=["admin", "dangwei", "shuji", "bumen", "zhigong"]).count()
        == 5
    )


def test_too_few_people_is_a_clear_error():
    with pytest.raises(CommandError, match="人数太少"):
        seed("--people", "20")
