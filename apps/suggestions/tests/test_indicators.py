"""The 量化考核 calculators against hand-computed values."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core import indicators
from apps.suggestions.choices import Status
from apps.suggestions.models import Suggestion

from .factories import submit

pytestmark = pytest.mark.django_db

Q1 = date(2026, 1, 1), date(2026, 3, 31)


def at(*args):
    return timezone.make_aware(timezone.datetime(*args))


@pytest.fixture
def data(company):
    """运行一班: 4 submitted in Q1 — 1 verified (1,000.50 元), 1 rewarded (2,000 元), 1 rejected,
    1 under review. 技术部: 1 adopted. 运行一班: 1 verified in December (outside Q1)."""

    def make(when, status, target="team1", yuan=None):
        s = submit(company, target=target, now=when)
        Suggestion.objects.filter(pk=s.pk).update(status=status, verified_yuan=yuan)

    make(at(2026, 1, 5, 9), Status.VERIFIED, yuan=Decimal("1000.50"))
    make(at(2026, 2, 5, 9), Status.REWARDED, yuan=Decimal("2000"))
    make(at(2026, 3, 5, 9), Status.REJECTED)
    make(at(2026, 3, 31, 23), Status.UNDER_REVIEW)
    make(at(2026, 1, 9, 9), Status.ADOPTED, target="tech")
    make(at(2025, 12, 30, 9), Status.VERIFIED, yuan=Decimal("500"))


def _values(code, company, keys=("company", "prod", "team1", "tech", "safety")):
    units = [company.units[k] for k in keys]
    got = indicators.get(code).fn(units=units, start=Q1[0], end=Q1[1])
    return {k: got[company.units[k].pk] for k in keys}


def test_adoption_rate_is_adopted_over_submitted(company, data):
    v = _values("suggestions.adoption_rate", company)
    assert (v["company"].value, v["company"].numerator, v["company"].denominator) == (
        Decimal("60.0"),
        3,
        5,
    )
    assert v["prod"].value == v["team1"].value == Decimal("50.0")  # 生产部 counts its team
    assert v["tech"].value == Decimal("100.0")
    assert v["safety"].value is None
    assert "submitted_from=2026-01-01" in v["team1"].url
    assert "submitted_to=2026-03-31" in v["team1"].url


def test_verified_benefit_sums_yuan(company, data):
    v = _values("suggestions.verified_benefit", company)
    assert v["company"].value == Decimal("3000.50")
    assert v["prod"].denominator == 2  # two verified suggestions behind it
    assert v["tech"].value == Decimal("0.00")
    assert "stage=verified" in v["prod"].url
