import random
from datetime import datetime

import pytest
from django.utils import timezone

from apps.orgs.models import OrgUnit, Person
from apps.talks import demo
from apps.talks.models import Concern, MoodReport, Talk, TalkEvent

pytestmark = pytest.mark.django_db


def test_seed_a_year_of_talks_and_reports(company):
    now = timezone.make_aware(datetime(2026, 11, 20, 12))
    result = demo.seed(
        rng=random.Random(3),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=60,
    )
    assert result["talks"] == Talk.objects.count() > 0
    assert result["concerns"] == Concern.objects.count() > 0
    # Each talk's timeline as the service writes it: recorded, then each concern raised.
    steps = TalkEvent.objects.values_list("action", flat=True)
    assert steps.filter(action="recorded").count() == result["talks"]
    assert steps.filter(action="concern").count() == result["concerns"]
    # The branch secretaries talk with the people of the department their branch is built on.
    by_shuji = Talk.objects.filter(talker=company.users["shuji"])
    assert by_shuji.exists()
    assert {t.unit.path[:8] for t in by_shuji} <= {company.units["prod"].path[:8]}
    assert not Talk.objects.filter(day__gt=now.date()).exists()
    assert all("{name}" not in t.summary for t in Talk.objects.all())
    # Q1–Q3 reported by both secretaries; all but Q3 scored by the party office.
    assert MoodReport.objects.count() == result["reports"] == 6
    scored = MoodReport.objects.filter(status="scored")
    assert set(scored.values_list("quarter", flat=True)) == {1, 2}
    assert all(0 <= r.score <= 100 for r in scored)
    q1 = MoodReport.objects.get(unit=company.units["branch1"], quarter=1)
    prod_q1 = Talk.objects.filter(
        unit__path__startswith=company.units["prod"].path, day__month__lte=3, day__year=2026
    )
    assert q1.figures["talks"] == prod_q1.count() > 0
