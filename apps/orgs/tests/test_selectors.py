"""Reads: the user's forest, subtree counts in grouped queries, ancestors."""

import pytest

from apps.orgs import selectors
from apps.orgs.choices import EmploymentStatus
from apps.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_roots_are_the_units_the_roles_reach(company):
    names = lambda user: {u.name for u in selectors.unit_roots(user=company.users[user])}  # noqa: E731
    assert names("admin") == {"示范公司"}
    assert names("dangwei") == {"示范公司"}
    assert names("shuji") == {"生产部", "生产一支部"}
    assert names("zhigong") == set()


def test_counts_cover_whole_subtree_and_skip_people_off_the_roll(company):
    u = company.units
    retired = company.people["bumen"]
    retired.status = EmploymentStatus.RETIRED
    retired.save()
    counts = selectors.unit_counts([u["company"], u["prod"], u["team1"], u["party"], u["gb"]])
    assert counts[u["company"].pk] == {"people": 5, "members": 3}
    assert counts[u["prod"].pk]["people"] == 2
    assert counts[u["team1"].pk]["people"] == 1
    assert counts[u["party"].pk]["members"] == 3
    assert counts[u["gb"].pk]["members"] == 1


def test_counts_take_three_queries_for_any_number_of_units_then_none(
    company, django_assert_num_queries
):
    units = list(OrgUnit.objects.all())
    with django_assert_num_queries(3):
        selectors.unit_counts(units)
    with django_assert_num_queries(0):  # cached for the next page view
        again = selectors.unit_counts(units)
    assert again[company.units["company"].pk]["people"] == 6


def test_ancestor_names_only_show_what_the_user_reaches(company):
    branch1 = company.units["branch1"]
    admin = selectors.ancestor_names(user=company.users["admin"], units=[branch1])
    assert admin[branch1.pk] == ["示范公司", "公司党委", "生产党总支"]
    shuji = selectors.ancestor_names(user=company.users["shuji"], units=[branch1])
    assert shuji[branch1.pk] == []
