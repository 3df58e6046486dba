"""The 支部标准化达标率 calculator against the hand-computed fixture of test_figures."""

from datetime import date
from decimal import Decimal

import pytest

from apps.core import indicators

from .factories import YEAR
from .test_figures import fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_pass_rate(company, fixture):  # noqa: F811
    """January and February of YEAR: 8 reviews, 5 达标 (one still submitted counts as not);
    生产党总支 4 of 6; 技术支部 1 of 2. Last year's December round is outside."""
    keys = ("party", "gb", "branch2", "prod")
    units = [company.units[k] for k in keys]
    got = indicators.get("standards.pass_rate").fn(
        units=units, start=date(YEAR, 1, 1), end=date(YEAR, 3, 31)
    )
    v = {k: got[company.units[k].pk] for k in keys}
    assert (v["party"].value, v["party"].numerator, v["party"].denominator) == (
        Decimal("62.5"),
        5,
        8,
    )
    assert v["gb"].value == Decimal("66.7")
    assert v["branch2"].value == Decimal("50.0")
    assert v["prod"].value is None
    assert f"year={YEAR}" in v["gb"].url
