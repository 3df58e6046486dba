"""The 量化考核 calculators of 组织生活 against the hand-computed fixture of test_figures."""

from datetime import date
from decimal import Decimal

import pytest

from apps.core import indicators

from .test_figures import year  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

KEYS = ("company", "party", "branch1", "branch2", "prod", "safety")


def _values(code, company, start, end):
    got = indicators.get(code).fn(units=[company.units[k] for k in KEYS], start=start, end=end)
    return {k: got[company.units[k].pk] for k in KEYS}


def test_required_meetings_held_rate(company, year):  # noqa: F811
    """March 2026: 生产一支部 held its 支委会 of the four slots it owes (主题党日, 支委会, the
    quarter's 党课 and 支部党员大会); 技术支部 held none of its four."""
    v = _values("meetings.required_held_rate", company, date(2026, 3, 1), date(2026, 3, 31))
    assert (v["company"].value, v["company"].numerator, v["company"].denominator) == (
        Decimal("12.5"),
        1,
        8,
    )
    assert v["party"].value == Decimal("12.5")
    assert v["branch1"].value == Decimal("25.0")
    assert v["branch2"].value == Decimal("0.0")
    assert v["prod"].value is None  # a department owes no 三会一课
    assert "all=1" in v["branch1"].url


def test_study_coverage(company, year):  # noqa: F811
    """The first half of 2026: 4 of the 7 active people took part (test_coverage_whole_company);
    技术支部 1 of 2; 生产部 by department: 王建国, 李明 and 张伟 covered, 李强 (of 生产一支部,
    in 生产部) not."""
    v = _values("meetings.study_coverage", company, date(2026, 1, 1), date(2026, 6, 30))
    assert (v["company"].value, v["company"].numerator, v["company"].denominator) == (
        Decimal("57.1"),
        4,
        7,
    )
    assert v["branch2"].value == Decimal("50.0")
    assert v["prod"].value == Decimal("75.0")
    assert v["safety"].numerator == 0  # 赵磊's planned meeting does not count
