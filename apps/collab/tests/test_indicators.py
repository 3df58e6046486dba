"""The 督办事项按期办结率 calculator against hand-computed values."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.collab.choices import ActionStatus
from apps.collab.models import ActionItem
from apps.core import indicators

from .factories import make_body, make_item, make_session

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime(*args))


def test_actions_on_time_rate(company):
    session = make_session(company, make_body(company))

    def item(owner_unit, due, closed, status=ActionStatus.CLOSED):
        owner = "bumen" if owner_unit == "prod" else "tech_worker"
        i = make_item(company, session, owner_unit=owner_unit, owner=owner)
        ActionItem.objects.filter(pk=i.pk).update(status=status, due_at=due, closed_at=closed)

    item("prod", at(2026, 3, 10, 18), at(2026, 3, 9, 10))  # on time
    item("prod", at(2026, 3, 10, 18), at(2026, 3, 20, 10))  # late
    item("tech", at(2026, 3, 10, 18), at(2026, 3, 1, 10))  # on time
    item("tech", at(2026, 5, 10, 18), at(2026, 4, 2, 10))  # closed in April: outside
    item("prod", at(2026, 3, 10, 18), None, ActionStatus.OPEN)  # not closed
    units = [company.units[k] for k in ("company", "prod", "tech", "safety")]
    got = indicators.get("collab.actions_on_time_rate").fn(
        units=units, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    whole = got[company.units["company"].pk]
    assert (whole.value, whole.numerator, whole.denominator) == (Decimal("66.7"), 2, 3)
    assert got[company.units["prod"].pk].value == Decimal("50.0")
    assert got[company.units["tech"].pk].value == Decimal("100.0")
    assert got[company.units["safety"].pk].value is None
    assert f"owner_unit={company.units['tech'].pk}" in got[company.units["tech"].pk].url
