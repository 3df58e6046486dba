"""The 谈心谈话 calculators against hand-computed values on the named company."""

from datetime import date
from decimal import Decimal

import pytest

from apps.core import indicators
from apps.talks.models import MoodReport

from .factories import record

pytestmark = pytest.mark.django_db

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def talks(company):
    """Active people: 王建国, 李明, 张伟 (生产部, 张伟 in 运行一班), 刘芳 (公司), 陈静 (技术部),
    赵磊 (安全部). In Q1: 张伟 once, 李明 twice, 赵磊 once; 王建国 only in April."""
    record(company, who="zhigong", day=date(2026, 1, 15), tags=["食堂住宿"])
    record(company, who="bumen", day=date(2026, 1, 20), tags=["薪酬待遇", "食堂住宿"])
    record(company, who="bumen", day=date(2026, 2, 20), state="wavering")
    record(company, by="dangwei", who="safety_worker", day=date(2026, 3, 1))
    record(company, by="dangwei", who="shuji", day=date(2026, 4, 2))


def _coverage(company, keys, period=Q1):
    units = [company.units[k] for k in keys]
    got = indicators.get("talks.coverage").fn(units=units, start=period[0], end=period[1])
    return {k: got[company.units[k].pk] for k in keys}


def test_coverage_is_people_talked_with_over_active_people(company, talks):
    v = _coverage(company, ["company", "prod", "team1", "safety", "tech", "branch1", "branch2"])
    assert (v["company"].value, v["company"].numerator, v["company"].denominator) == (
        Decimal("50.0"),
        3,
        6,
    )
    assert (v["prod"].value, v["prod"].numerator, v["prod"].denominator) == (Decimal("66.7"), 2, 3)
    assert v["team1"].value == Decimal("100.0")
    assert v["safety"].value == Decimal("100.0")
    assert v["tech"].value == Decimal("0.0")
    # A branch answers for the department it is built on.
    assert (v["branch1"].numerator, v["branch1"].denominator) == (2, 3)
    assert v["branch2"].value == Decimal("0.0")
    assert (
        "start=2026-01-01" in v["prod"].url and f"unit={company.units['prod'].pk}" in v["prod"].url
    )


def test_coverage_of_a_unit_with_nobody_is_unknown(company, talks):
    assert _coverage(company, ["party"])["party"].value is None


def test_coverage_answers_every_unit_in_two_queries(company, talks, django_assert_num_queries):
    units = list(company.units.values())
    with django_assert_num_queries(2):
        got = indicators.get("talks.coverage").fn(units=units, start=Q1[0], end=Q1[1])
    assert len(got) == len(units)


def _report(company, unit, year, quarter, score):
    parts = [score // 4] * 3
    return MoodReport.objects.create(
        unit=company.units[unit],
        year=year,
        quarter=quarter,
        analysis="分析" * 30,
        status="scored",
        score_data=parts[0],
        score_analysis=parts[1],
        score_problems=parts[2],
        score_measures=score - sum(parts),
        score=score,
    )


def test_report_quality_is_the_average_score_of_the_subtree(company):
    _report(company, "branch1", 2026, 1, 80)
    _report(company, "branch2", 2026, 1, 90)
    _report(company, "branch1", 2026, 2, 60)
    MoodReport.objects.create(  # submitted, not yet scored: not counted
        unit=company.units["gb"], year=2026, quarter=1, analysis="分析" * 30
    )
    fn = indicators.get("talks.report_quality").fn
    keys = ["party", "gb", "branch1", "branch2", "tech"]
    units = [company.units[k] for k in keys]
    q1 = fn(units=units, start=Q1[0], end=Q1[1])
    v = {k: q1[company.units[k].pk] for k in keys}
    assert (v["party"].value, v["party"].numerator, v["party"].denominator) == (
        Decimal("85.0"),
        170,
        2,
    )
    assert v["gb"].value == Decimal("80.0")
    assert v["branch2"].value == Decimal("90.0")
    assert v["tech"].value is None
    year = fn(units=units, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert year[company.units["branch1"].pk].value == Decimal("70.0")
