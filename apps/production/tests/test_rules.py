"""The correlation with its interval, and the 贡献度 rule of docs/production-contribution.md,
against values worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.core import indicators
from apps.production.models import Figure, Measure
from apps.production.stats import pearson


def test_pearson_with_fisher_interval_by_hand():
    # Σdxdy = 38, Σdx² = Σdy² = 42 → r = 38/42; z = atanh(r) = ½ln 20, se = 1/√5.
    got = pearson([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7])
    assert got.n == 8
    assert got.r == pytest.approx(0.904762, abs=1e-6)
    assert got.low == pytest.approx(0.5521, abs=1e-3)
    assert got.high == pytest.approx(0.9828, abs=1e-3)


def test_too_few_units_or_no_variation_gives_no_correlation():
    assert pearson([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 8]).r is None
    assert pearson([1] * 8, list(range(8))).r is None


def test_contribution_by_hand(company):
    u = company.units
    m = {x.code: x for x in Measure.objects.all()}
    Measure.objects.filter(code="pass_rate").update(weight=Decimal(2))

    def put(unit, month, code, value):
        Figure.objects.create(unit=unit, month=month, measure=m[code], value=value)

    last, this = date(2025, 3, 1), date(2026, 3, 1)
    put(u["prod"], last, "output", 100)
    put(u["prod"], this, "output", 120)  # higher is better: improved, weight 1
    put(u["prod"], last, "unit_cost", 50)
    put(u["prod"], this, "unit_cost", 55)  # lower is better: worse, weight 1
    put(u["team1"], last, "pass_rate", 98)
    put(u["team1"], this, "pass_rate", 98)  # unchanged is not improved, weight 2
    put(u["prod"], this, "accidents", 0)  # nothing a year before: not compared
    put(u["safety"], date(2026, 4, 1), "output", 1)  # outside the period

    calc = indicators.get("production.contribution")
    units = [u["company"], u["prod"], u["team1"], u["safety"]]
    got = calc.fn(units=units, start=this, end=date(2026, 3, 31))
    assert got[u["prod"].pk].value == Decimal("25.0")  # 1 of 1+1+2
    assert (got[u["prod"].pk].numerator, got[u["prod"].pk].denominator) == (1, 4)
    assert got[u["company"].pk].value == Decimal("25.0")
    assert got[u["team1"].pk].value == Decimal("0.0")
    assert got[u["safety"].pk].value is None


def test_contribution_counts_the_projects_tied_to_a_measure(company):
    """The example of docs/production-contribution.md plus two projects: 生产部's accepted in
    March 2026 with targets 单位成本 ≤ 45 (44 at acceptance: met, weight 1), 质量合格率 ≥ 99
    (98.5: not met, weight 2) and 降低成本 (no measure of that name: not counted); 技术部's
    accepted in April (outside the period). 生产部 = (1 + 1) ÷ (4 + 1 + 2) = 28.6 %."""
    from datetime import datetime

    from django.utils import timezone

    from apps.projects.choices import ProjectStatus, TargetDirection
    from apps.projects.services import TargetIn
    from apps.projects.tests.factories import make_project

    u = company.units
    m = {x.code: x for x in Measure.objects.all()}
    Measure.objects.filter(code="pass_rate").update(weight=Decimal(2))
    last, this = date(2025, 3, 1), date(2026, 3, 1)
    for unit, month, code, value in (
        (u["prod"], last, "output", 100),
        (u["prod"], this, "output", 120),
        (u["prod"], last, "unit_cost", 50),
        (u["prod"], this, "unit_cost", 55),
        (u["team1"], last, "pass_rate", 98),
        (u["team1"], this, "pass_rate", 98),
    ):
        Figure.objects.create(unit=unit, month=month, measure=m[code], value=value)
    targets = [
        TargetIn("单位成本", "元/吨", Decimal("45"), TargetDirection.LOWER),
        TargetIn("质量合格率", "%", Decimal("99")),
        TargetIn("降低成本", "万元", Decimal("200")),
    ]
    ours = make_project(company, status=ProjectStatus.ACCEPTED, targets=targets)
    theirs = make_project(
        company,
        status=ProjectStatus.ACCEPTED,
        targets=targets[:1],
        lead_unit=u["tech"],
        cooperations=[],
        actor="dangwei",
    )
    for project, day in ((ours, 15), (theirs, 40)):
        accepted = timezone.make_aware(datetime(2026, 3, 1)) + timedelta(days=day)
        type(project).objects.filter(pk=project.pk).update(accepted_at=accepted)
    found = {"单位成本": Decimal("44"), "质量合格率": Decimal("98.5"), "降低成本": Decimal("10")}
    for target in ours.targets.all():
        type(target).objects.filter(pk=target.pk).update(actual_value=found[target.name])

    got = indicators.get("production.contribution").fn(
        units=[u["company"], u["prod"], u["team1"], u["tech"]],
        start=this,
        end=date(2026, 3, 31),
    )
    assert (got[u["prod"].pk].numerator, got[u["prod"].pk].denominator) == (2, 7)
    assert got[u["prod"].pk].value == Decimal("28.6")
    assert got[u["company"].pk].value == Decimal("28.6")
    assert got[u["team1"].pk].value == Decimal("0.0")  # the project is 生产部's, not the team's
    assert got[u["tech"].pk].value is None  # its project was accepted in April
