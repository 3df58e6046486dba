"""The scope questions app code asks (apps.orgs.scope), answered from one read of the grants."""

from django.contrib.auth.models import AnonymousUser

from apps.accounts.choices import Role
from apps.orgs.choices import UnitKind
from apps.orgs.scope import (
    ancestor_paths,
    cadres_of,
    company_of,
    company_paths,
    has_role,
    held_paths,
    nearest_cadres,
    reaches,
    roles_of,
    units_reached,
)
from apps.orgs.testing import add


def test_grants_are_read_once_per_request(company, django_assert_num_queries):
    shuji = company.users["shuji"]
    with django_assert_num_queries(1):
        grants = roles_of(shuji)
        secretary = has_role(shuji, Role.BRANCH_SECRETARY)
        paths = held_paths(shuji, Role.BRANCH_SECRETARY)
    # The answers from the one read are the grants the user holds.
    assert (Role.BRANCH_SECRETARY, company.units["branch1"].path) in [
        (g.role, g.path) for g in grants
    ]
    assert secretary
    assert paths == [company.units["branch1"].path]


def test_has_role_on_a_unit_means_a_grant_whose_subtree_holds_it(company):
    u, shuji = company.units, company.users["shuji"]
    assert has_role(shuji, Role.BRANCH_SECRETARY)
    assert has_role(shuji, Role.BRANCH_SECRETARY, unit=u["branch1"])
    assert not has_role(shuji, Role.BRANCH_SECRETARY, unit=u["branch2"])
    assert not has_role(shuji, Role.PARTY_ADMIN)
    assert not has_role(AnonymousUser(), Role.EMPLOYEE)
    assert held_paths(shuji, Role.BRANCH_SECRETARY) == [u["branch1"].path]


def test_reaches_follows_the_scope_including_the_bound_department(company):
    u, shuji = company.units, company.users["shuji"]
    assert reaches(shuji, u["team1"])  # 生产部's team, through 支部建在部门上
    assert not reaches(shuji, u["tech"])
    assert not reaches(company.users["zhigong"], u["team1"])  # an employee's role adds none
    assert reaches(company.users["dangwei"], u["tech"])
    assert not reaches(shuji, None)


def test_units_reached_by_kind(company):
    shuji = company.users["shuji"]
    names = set(units_reached(shuji).values_list("name", flat=True))
    assert names == {"生产一支部", "生产部", "运行一班"}
    teams = units_reached(shuji, kinds=[UnitKind.TEAM])
    assert list(teams.values_list("name", flat=True)) == ["运行一班"]
    assert not units_reached(company.users["norole"]).exists()
    assert units_reached(company.users["admin"]).count() == len(company.units)


def test_ancestor_paths_are_the_path_prefixes_root_first(company):
    u = company.units
    assert ancestor_paths(u["team1"].path) == [u["company"].path, u["prod"].path, u["team1"].path]
    assert ancestor_paths(u["team1"].path, include_self=False) == [
        u["company"].path,
        u["prod"].path,
    ]


def test_cadres_of_a_unit_and_the_nearest_above_one_without(company, django_assert_num_queries):
    u = company.units
    assert {k: [x.username for x in v] for k, v in cadres_of([u["prod"].pk]).items()} == {
        u["prod"].pk: ["bumen"]
    }
    assert cadres_of([u["team1"].pk]) == {}  # its one role is an employee's
    with django_assert_num_queries(1):
        found = nearest_cadres([u["team1"], u["prod"], u["company"]])
    assert [x.username for x in found[u["team1"].pk]] == ["bumen"]
    assert [x.username for x in found[u["prod"].pk]] == ["bumen"]
    assert {x.username for x in found[u["company"].pk]} == {"admin", "dangwei"}


def test_the_company_of_a_unit_is_the_nearest_company_else_the_root(company):
    u = company.units
    group = add(None, name="集团", kind=UnitKind.DEPARTMENT, code="G")
    plant = add(group, name="分公司", kind=UnitKind.COMPANY, code="G-C")
    shop = add(plant, name="车间", kind=UnitKind.DEPARTMENT, code="G-C-D")
    assert company_of(u["team1"]) == u["company"]
    assert company_of(shop) == plant
    assert company_of(group) == group
    assert company_of(None) is None
    assert company_paths([u["team1"].path, shop.path, group.path]) == {
        u["team1"].path: u["company"].path,
        shop.path: plant.path,
        group.path: group.path,
    }
