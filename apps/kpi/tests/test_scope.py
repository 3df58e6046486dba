"""A unit sees its own scorecard; assessors see the units they reach; a line goes with its card."""

from datetime import date
from decimal import Decimal

import pytest

from apps.kpi.choices import PeriodStatus
from apps.kpi.models import Indicator, Period, Scheme, SchemeItem, Scorecard, ScoreLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards(company):
    scheme = Scheme.objects.create(year=2026, unit_kind="department", name="2026年部门党建考核")
    indicator = Indicator.objects.create(
        code="hazards.on_time_rate", name="隐患按期整改率", calculator="hazards.on_time_rate"
    )
    item = SchemeItem.objects.create(scheme=scheme, indicator=indicator, weight=Decimal("100"))
    period = Period.objects.create(
        scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31), status=PeriodStatus.PUBLIC
    )
    out = {}
    for key in ("prod", "tech"):
        card = Scorecard.objects.create(period=period, unit=company.units[key])
        ScoreLine.objects.create(scorecard=card, item=item, value=Decimal("50"))
        out[key] = card
    return out


def test_a_unit_sees_its_own_scorecard(company, cards):
    seen = Scorecard.objects.visible_to(company.users["bumen"])
    assert list(seen) == [cards["prod"]]
    lines = ScoreLine.objects.visible_to(company.users["bumen"])
    assert {line.scorecard_id for line in lines} == {cards["prod"].pk}


def test_the_assessor_sees_every_unit_reached(company, cards):
    assert Scorecard.objects.visible_to(company.users["dangwei"]).count() == 2
    assert ScoreLine.objects.visible_to(company.users["dangwei"]).count() == 2


def test_nobody_else(company, cards):
    assert not Scorecard.objects.visible_to(company.users["norole"]).exists()
    assert not Scorecard.objects.visible_to(company.users["tech_shuji"]).filter(
        unit=company.units["prod"]
    )


def test_a_unit_sees_nothing_before_the_publicity(company, cards):
    from apps.kpi import selectors

    Period.objects.update(status=PeriodStatus.OPEN)
    assert not selectors.scorecard_list(user=company.users["bumen"]).exists()
    assert selectors.scorecard_list(user=company.users["dangwei"]).count() == 2
