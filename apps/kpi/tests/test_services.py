"""Schemes refuse weights not summing to 100 and edits after a lock; period_compute scores every
unit from the registered calculators and refuses a locked period."""

from datetime import date
from decimal import Decimal as D

import pytest

from apps.core.errors import DomainError
from apps.hazards.choices import HazardStatus
from apps.hazards.tests.factories import local, make_hazard
from apps.kpi import services
from apps.kpi.choices import AdjustmentKind, Grade, PeriodStatus, RuleKind, SchemeStatus
from apps.kpi.models import (
    Adjustment,
    ManualScore,
    Period,
    Scorecard,
)

pytestmark = pytest.mark.django_db


def test_weights_must_sum_to_100(scheme):
    item = scheme.items.first()
    item.weight = D("59.5")
    item.save()
    with pytest.raises(DomainError) as e:
        services.scheme_open(actor=None, scheme=scheme)
    assert e.value.code == "weights_not_100" and "99.5" in e.value.message
    item.weight = D(60)
    item.save()
    assert services.scheme_open(actor=None, scheme=scheme).status == SchemeStatus.OPEN


def test_a_linear_rule_needs_its_floor_and_target(scheme):
    scheme.items.filter(indicator__code="rp").update(target=None)
    with pytest.raises(DomainError) as e:
        services.scheme_check(scheme)
    assert "调研报告质量" in e.value.message


def test_a_steps_rule_needs_its_table(scheme):
    scheme.items.filter(indicator__code="rp").update(rule=RuleKind.STEPS)
    with pytest.raises(DomainError) as e:
        services.scheme_check(scheme)
    assert e.value.code == "bad_rule"


def _period(scheme):
    return Period.objects.create(scheme=scheme, start=date(2025, 1, 1), end=date(2025, 3, 31))


def test_period_compute(company, scheme, django_assert_max_num_queries):
    """生产部: hazards 1 of 2 on time → 50 % → 30 of 60 points; report 80 → 32 of 40; +5 加分:
    67 一般. 技术部: 1 of 1 → 60; report 95 → 38; 98 but 一票否决: capped. 安全部: nothing."""
    u = company.units
    for unit, due in (("team1", 20), ("team1", 1), ("tech", 20)):
        make_hazard(
            company,
            unit=u[unit],
            status=HazardStatus.RECTIFIED,
            reported_at=local(2025, 1, 2, 9),
            due_at=local(2025, 2, due, 18),
            rectified_at=local(2025, 2, 10, 9),
        )
    period = _period(scheme)
    rp = scheme.items.get(indicator__code="rp")
    ManualScore.objects.create(period=period, unit=u["prod"], item=rp, value=D(80))
    ManualScore.objects.create(period=period, unit=u["tech"], item=rp, value=D(95))
    Adjustment.objects.create(
        period=period, unit=u["prod"], kind=AdjustmentKind.BONUS, points=5, reason="获评先进"
    )
    Adjustment.objects.create(
        period=period, unit=u["tech"], kind=AdjustmentKind.VETO, reason="发生一般及以上安全事故"
    )
    with django_assert_max_num_queries(20):
        assert services.period_compute(period) == 3
    cards = {c.unit.code: c for c in Scorecard.objects.select_related("unit")}
    assert (cards["D-PROD"].total, cards["D-PROD"].grade) == (D(67), Grade.FAIR)
    assert (cards["D-TECH"].total, cards["D-TECH"].grade) == (D(98), Grade.FAIR)
    assert (cards["D-SAFE"].total, cards["D-SAFE"].grade) == (D(0), Grade.POOR)
    line = cards["D-PROD"].lines.get(item__indicator__code="hz")
    assert (line.value, line.numerator, line.denominator, line.points) == (D(50), 1, 2, D(30))
    assert line.url.startswith("/hazards/")
    # Recomputing replaces the lines, it does not add to them.
    services.period_compute(period)
    assert cards["D-PROD"].lines.count() == 2


def test_a_locked_period_refuses_recompute_and_scheme_edits(company, scheme):
    period = _period(scheme)
    services.period_compute(period)
    Period.objects.filter(pk=period.pk).update(status=PeriodStatus.LOCKED)
    with pytest.raises(DomainError) as e:
        services.period_compute(period)
    assert e.value.code == "locked"
    item = scheme.items.first()
    item.weight = D(50)
    with pytest.raises(DomainError) as e:
        services.item_save(actor=None, item=item)
    assert e.value.code == "scheme_locked"
    assert scheme.items.get(pk=item.pk).weight == D(60)  # nothing stored
