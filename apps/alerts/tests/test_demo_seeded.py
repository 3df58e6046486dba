"""The whole demo as `seed_demo` makes it (decision 0010): the alerts seeder's passes over the
last three weeks find the planted 夜班津贴 rise and the planted fall of satisfaction — a numeric
warning — in one workshop team, tell the cadres above the team, and are quiet there before."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.alerts import detect
from apps.alerts.choices import Kind
from apps.alerts.models import Warning
from apps.appeals.demo import NIGHT_PAY
from apps.appeals.models import Appeal
from apps.core.models import Notification
from apps.orgs.models import OrgUnit
from apps.orgs.scope import ancestor_paths

pytestmark = pytest.mark.django_db

LAST_WEEK = detect.monday(timezone.localdate()) - timedelta(weeks=1)


def test_the_seeded_demo_warns_the_planted_workshop_and_its_cadres(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--people", "200", stdout=io.StringIO())
    team = Appeal.objects.filter(title=NIGHT_PAY[0]).select_related("submitter_unit").first()
    team = team.submitter_unit
    there = Warning.objects.filter(unit=team)
    assert {(w.week, w.kind, w.term) for w in there} == {
        (LAST_WEEK, Kind.SPIKE, "夜班津贴"),
        (LAST_WEEK, Kind.SATISFACTION, "诉求满意度"),
    }
    fall = there.get(kind=Kind.SATISFACTION)
    assert (fall.observed, fall.baseline) == (1.5, 4.5)
    assert fall.links and fall.links[0]["url"].startswith("/appeals/?")
    # The fall is the team's: its workshop, whose figure holds the team's, is left out.
    parent = OrgUnit.objects.get_parent(team)
    assert not Warning.objects.filter(kind=Kind.SATISFACTION, unit=parent).exists()
    # Told: the cadres of the nearest unit above the team that has some.
    for warning in there:
        told = Notification.objects.filter(url=warning.get_absolute_url()).select_related("user")
        # The demo's 车间主任 login heads the team's workshop; the company's admins above it
        # are not told.
        assert {note.user.username for note in told} == {"bumen"}
        held = told[0].user.role_assignments.values_list("unit__path", flat=True)
        assert set(held) & set(ancestor_paths(team.path))
