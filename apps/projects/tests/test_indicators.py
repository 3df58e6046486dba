"""The project evaluation score calculator: project_scores rolled up to each unit's subtree."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core import indicators
from apps.projects import services
from apps.projects.choices import ProjectStatus

from .factories import M1, make_project

pytestmark = pytest.mark.django_db


def test_evaluation_score(company):
    p1 = make_project(company, status=ProjectStatus.ACCEPTED)
    p2 = make_project(company, status=ProjectStatus.ACCEPTED)
    p3 = make_project(
        company,
        status=ProjectStatus.ACCEPTED,
        actor="dangwei",
        lead_unit=company.units["tech"],
        cooperations=[],
        milestones=[services.MilestoneIn("x", company.units["tech"], M1)],
    )
    when = timezone.make_aware(datetime(2026, 6, 15, 10))
    for p, score in ((p1, 90), (p2, 75.5), (p3, 60)):
        services.project_evaluate(actor=company.users["dangwei"], project=p, score=score, now=when)
    units = [company.units[k] for k in ("company", "prod", "tech", "safety")]
    got = indicators.get("projects.evaluation_score").fn(
        units=units, start=date(2026, 6, 1), end=date(2026, 6, 30)
    )
    whole = got[company.units["company"].pk]
    assert (whole.value, whole.numerator, whole.denominator) == (
        Decimal("75.2"),  # (90 + 75.5 + 60) / 3 = 75.17
        Decimal("225.5"),
        3,
    )
    assert got[company.units["prod"].pk].value == Decimal("82.8")  # 82.75, half up
    assert got[company.units["tech"].pk].value == Decimal("60.0")
    assert got[company.units["safety"].pk].value is None
    assert "status=evaluated" in got[company.units["prod"].pk].url
