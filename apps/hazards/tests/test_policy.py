"""隐患管理设置: the safety units are named on a page, not guessed from a unit's name; only
party and system admins change it, audited; bad values are refused with what was typed kept."""

import pytest
from auditlog.models import LogEntry

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.hazards.models import HazardPolicy
from apps.hazards.permissions import can_manage_hazards, safety_users
from apps.orgs.choices import UnitKind
from apps.orgs.models import Person

from .factories import make_hazard


def _head_of(company, unit, username, no):
    person = Person.objects.create(employee_no=no, name="钱安", gender="M", department=unit)
    user = User.objects.create_user(username=username, password="x", person=person)
    RoleAssignment.objects.create(user=user, role=Role.DEPARTMENT_HEAD, unit=unit)
    return user


@pytest.fixture
def named_safety(company):
    """A department named 安全… that the policy does not list."""
    return company.units["company"].add_child(
        name="安全监察室", kind=UnitKind.DEPARTMENT, code="D-AJ"
    )


def test_a_unit_is_a_safety_unit_because_the_policy_names_it(company, safety, named_safety):
    head = _head_of(company, named_safety, "ajs", "10091")
    hazard = make_hazard(company, unit=company.units["team1"])
    # 安全监察室's name contains 安全, but the policy lists only 安全部.
    assert can_manage_hazards(safety, hazard) and not can_manage_hazards(head, hazard)
    assert head not in safety_users(company.units["team1"])
    HazardPolicy.objects.get().safety_units.add(named_safety)
    head = User.objects.get(pk=head.pk)  # a new request
    assert can_manage_hazards(head, hazard)
    assert head in safety_users(company.units["team1"])


def test_admins_set_the_policy_on_a_page_and_it_is_audited(client, company, safety, login):
    login("admin")
    r = client.get("/hazards/settings/")
    assert r.status_code == 200 and 'data-testid="policy-form"' in r.content.decode()
    production = company.units["prod"]
    r = client.post(
        "/hazards/settings/",
        {
            "safety_units": [company.units["safety"].pk, production.pk],
            "general_days": 8,
            "larger_days": 4,
            "major_days": 1,
        },
    )
    assert r.status_code == 302
    policy = HazardPolicy.objects.get()
    assert policy.general_days == 8 and policy.major_days == 1
    assert set(policy.safety_units.all()) == {company.units["safety"], production}
    assert LogEntry.objects.get_for_object(policy).exists()


def test_bad_days_are_refused_and_what_was_typed_stays(client, company, login):
    login("admin")
    r = client.post(
        "/hazards/settings/",
        {"safety_units": [], "general_days": 2, "larger_days": 5, "major_days": 1},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "重大 ≤ 较大 ≤ 一般" in html and 'value="5"' in html
    r = client.post(
        "/hazards/settings/",
        {"safety_units": [], "general_days": "99999999999999999999", "larger_days": 1},
    )
    assert r.status_code == 400


@pytest.mark.parametrize("username", ["shuji", "zhigong"])
def test_others_cannot_open_the_settings(client, company, safety, login, username):
    login(username)
    assert client.get("/hazards/settings/").status_code == 403
    r = client.post(
        "/hazards/settings/",
        {"safety_units": [], "general_days": 1, "larger_days": 1, "major_days": 1},
    )
    assert r.status_code == 403
    assert HazardPolicy.objects.get().general_days == 10
