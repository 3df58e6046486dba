"""The demo's planted numeric signal (decision 0010): the workshop of the 夜班津贴 concern sees
its appeals' satisfaction fall from 4.5 to 1.5 in the last complete week's month; the weekly
pass warns that workshop, and only it, and the weeks before stay quiet."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.alerts import detect, services
from apps.alerts.choices import Kind

WEEK = detect.monday(timezone.localdate()) - timedelta(weeks=1)
NUMERIC = (Kind.SATISFACTION, Kind.OVERDUE, Kind.MEETINGS)


def test_the_planted_fall_warns_its_workshop(company, appeals_seeded):
    found = [w for w in services.weekly_pass(week=WEEK) if w.kind in NUMERIC]
    assert [(w.kind, w.unit, w.observed, w.baseline) for w in found] == [
        (Kind.SATISFACTION, company.units["team1"], Decimal("1.50"), Decimal("4.50"))
    ]
    warning = found[0]
    assert warning.facts["rated"] == 6 and warning.facts["baseline_rated"] == 6
    assert warning.links and "/appeals/?" in warning.links[0]["url"]


def test_a_quiet_unit_and_the_weeks_before_give_no_numeric_warning(company, appeals_seeded):
    found = services.weekly_pass(week=WEEK)
    quiet = {company.units[k] for k in ("tech", "safety", "prod", "company")}
    assert not [w for w in found if w.kind in NUMERIC and w.unit in quiet]
    for back in (2, 3, 4):
        earlier = services.weekly_pass(week=WEEK - timedelta(weeks=back))
        assert [w for w in earlier if w.kind in NUMERIC] == []
