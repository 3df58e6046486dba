"""The 量化考核 calculators against the hand-computed ledger of test_figures."""

from datetime import date
from decimal import Decimal

import pytest

from apps.core import indicators

from .test_figures import ledger  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

JAN, FEB = date(2026, 1, 1), date(2026, 2, 28)


def _values(code, company, keys=("company", "prod", "safety", "tech")):
    units = [company.units[k] for k in keys]
    got = indicators.get(code).fn(units=units, start=JAN, end=FEB)
    return {k: got[company.units[k].pk] for k in keys}


def test_on_time_rate_counts_each_subtree(company, ledger):  # noqa: F811
    # Closed in Jan–Feb: A (生产部, on time), B (安全部, late), E (生产部, on time); F is December.
    v = _values("appeals.on_time_rate", company)
    assert (v["company"].value, v["company"].numerator, v["company"].denominator) == (
        Decimal("66.7"),
        2,
        3,
    )
    assert v["prod"].value == Decimal("100.0")
    assert v["safety"].value == Decimal("0.0")
    assert v["tech"].value is None  # nothing closed: unknown, not zero
    assert f"unit={company.units['prod'].pk}" in v["prod"].url
    assert "received_from=2026-01-01" in v["prod"].url


def test_satisfaction_is_the_average_rating(company, ledger):  # noqa: F811
    v = _values("appeals.satisfaction", company)
    assert v["company"].value == Decimal("4.00")  # (5 + 3) / 2; E is not rated
    assert v["prod"].value == Decimal("5.00")
    assert v["safety"].value == Decimal("3.00")
    assert v["tech"].value is None


def test_one_grouped_query_for_all_units(company, ledger, django_assert_num_queries):  # noqa: F811
    units = list(company.units.values())
    with django_assert_num_queries(1):
        got = indicators.get("appeals.on_time_rate").fn(units=units, start=JAN, end=FEB)
    # One answer per unit, the same as asking for a few units at a time.
    assert set(got) == {u.pk for u in units}
    assert got[company.units["company"].pk].value == Decimal("66.7")
    assert got[company.units["prod"].pk].value == Decimal("100.0")
