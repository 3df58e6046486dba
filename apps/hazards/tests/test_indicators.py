"""The 隐患按期整改率 calculator against hand-computed values."""

from datetime import date
from decimal import Decimal

import pytest

from apps.core import indicators
from apps.hazards.choices import HazardStatus

from .factories import local, make_hazard

pytestmark = pytest.mark.django_db

S = HazardStatus


@pytest.fixture
def data(company):
    """Verified in Q1: 运行一班 two (one on time, one late), 技术部 one on time. Outside: one
    verified in April, one still rectifying."""

    def make(rectified, due, unit="team1", status=S.RECTIFIED):
        make_hazard(
            company,
            reported_at=local(2025, 1, 2, 9),
            status=status,
            due_at=due,
            rectified_at=rectified,
            unit=company.units[unit],
        )

    make(local(2025, 1, 15, 10), local(2025, 1, 20, 18))
    make(local(2025, 2, 3, 10), local(2025, 1, 10, 18))
    make(local(2025, 3, 1, 10), local(2025, 3, 2, 18), unit="tech")
    make(local(2025, 4, 1, 10), local(2025, 4, 2, 18))
    make(None, local(2025, 1, 2, 18), status=S.RECTIFYING)


def test_on_time_rate(company, data, django_assert_num_queries):
    units = [company.units[k] for k in ("company", "prod", "tech", "safety")]
    with django_assert_num_queries(1):
        got = indicators.get("hazards.on_time_rate").fn(
            units=units, start=date(2025, 1, 1), end=date(2025, 3, 31)
        )
    company_v = got[company.units["company"].pk]
    assert (company_v.value, company_v.numerator, company_v.denominator) == (Decimal("66.7"), 2, 3)
    assert got[company.units["prod"].pk].value == Decimal("50.0")
    assert got[company.units["tech"].pk].value == Decimal("100.0")
    assert got[company.units["safety"].pk].value is None
    assert "rectified_start=2025-01-01" in got[company.units["prod"].pk].url
