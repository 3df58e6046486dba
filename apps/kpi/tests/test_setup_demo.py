"""The demo's 量化考核: both schemes open with weights at 100, every registered calculator and
two manual indicators in the library, the past quarters scored and computed; seeding twice adds
nothing."""

import random
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.core import indicators
from apps.kpi import demo
from apps.kpi.models import (
    CadreReview,
    Indicator,
    ManualScore,
    Objection,
    Period,
    Scheme,
    Scorecard,
)
from apps.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_demo_schemes_and_past_quarters(company):
    now = timezone.make_aware(datetime(2026, 8, 15, 10))
    units = list(OrgUnit.objects.all())
    args = {"company_root": company.units["company"], "people": [], "units": units, "now": now}
    made = demo.seed(rng=random.Random(1), count=1, **args)
    assert Indicator.objects.count() == len(indicators.choices()) + 2
    schemes = {s.unit_kind: s for s in Scheme.objects.all()}
    assert set(schemes) == {"branch", "department"}
    for scheme in schemes.values():
        assert scheme.status == "open"
        assert sum(i.weight for i in scheme.items.all()) == Decimal(100)
        assert 8 <= scheme.items.count() <= 12
    starts = sorted(str(p.start) for p in Period.objects.filter(scheme=schemes["branch"]))
    assert starts == ["2026-01-01", "2026-04-01", "2026-07-01"]
    # Q1 and Q2 are past: 2 branches and 3 departments scored in each, nothing for Q3 yet.
    assert made["scorecards"] == Scorecard.objects.count() == 2 * (2 + 3)
    q3 = Period.objects.filter(start="2026-07-01")
    assert not Scorecard.objects.filter(period__in=q3).exists()
    assert not ManualScore.objects.filter(period__in=q3).exists()
    card = Scorecard.objects.filter(unit=company.units["prod"]).first()
    assert card.total is not None and card.lines.count() == schemes["department"].items.count()
    assert demo.seed(rng=random.Random(1), count=1, **args)["schemes"] == 0


def test_demo_closes_the_oldest_quarter(company):
    now = timezone.make_aware(datetime(2026, 8, 15, 10))
    units = list(OrgUnit.objects.all())
    args = {"company_root": company.units["company"], "people": [], "units": units, "now": now}
    demo.seed(rng=random.Random(1), count=1, **args)
    q1 = Period.objects.filter(start="2026-01-01")
    assert {p.status for p in q1} == {"locked"}
    assert {p.status for p in Period.objects.filter(start="2026-04-01")} == {"open"}
    # Each scheme: one objection accepted, one rejected, none left pending.
    assert set(Objection.objects.values_list("status", flat=True)) == {"accepted", "rejected"}
    review = CadreReview.objects.filter(period__in=q1).first()
    assert review is not None and review.report_score is not None
    members = User.objects.filter(person__party_membership__branch_id=review.unit_id)
    assert review.votes.count() == members.exclude(person=review.person).count()
