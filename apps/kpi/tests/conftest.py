"""The fixtures of the kpi tests: a department scheme (a computed and a manual item) and its
first-quarter period with one manual score; two departments' scorecards in 公示 (`cards`)."""

from datetime import date
from decimal import Decimal as D

import pytest

from apps.kpi.choices import PeriodStatus, Source
from apps.kpi.models import (
    Indicator,
    ManualScore,
    Period,
    Scheme,
    SchemeItem,
    Scorecard,
    ScoreLine,
)


@pytest.fixture
def scheme(db):
    s = Scheme.objects.create(
        year=2025, unit_kind="department", name="2025年部门考核", status="open"
    )
    hazards = Indicator.objects.create(
        code="hz", name="隐患按期整改率", measure="%", calculator="hazards.on_time_rate"
    )
    report = Indicator.objects.create(code="rp", name="调研报告质量", source=Source.MANUAL)
    SchemeItem.objects.create(scheme=s, indicator=hazards, weight=D(60), floor=0, target=100)
    SchemeItem.objects.create(scheme=s, indicator=report, weight=D(40), floor=0, target=100)
    return s


@pytest.fixture
def period(company, scheme):
    p = Period.objects.create(scheme=scheme, start=date(2025, 1, 1), end=date(2025, 3, 31))
    rp = scheme.items.get(indicator__code="rp")
    ManualScore.objects.create(period=p, unit=company.units["prod"], item=rp, value=D(80))
    return p


@pytest.fixture
def cards(company):
    scheme = Scheme.objects.create(year=2026, unit_kind="department", name="2026年部门党建考核")
    indicator = Indicator.objects.create(
        code="hazards.on_time_rate", name="隐患按期整改率", calculator="hazards.on_time_rate"
    )
    item = SchemeItem.objects.create(scheme=scheme, indicator=indicator, weight=D(100))
    period = Period.objects.create(
        scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31), status=PeriodStatus.PUBLIC
    )
    out = {}
    for key in ("prod", "tech"):
        card = Scorecard.objects.create(period=period, unit=company.units[key])
        ScoreLine.objects.create(scorecard=card, item=item, value=D(50))
        out[key] = card
    return out
