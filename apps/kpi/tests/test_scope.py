"""A unit sees its own scorecard; assessors see the units they reach; a line goes with its card."""

import pytest

from apps.kpi.choices import PeriodStatus
from apps.kpi.models import Period, Scorecard, ScoreLine

pytestmark = pytest.mark.django_db


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
