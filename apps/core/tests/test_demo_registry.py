"""seed_demo fills a year of activity from every registered area, deterministically."""

import io

import pytest
from django.core.management import call_command

from apps.core import demo
from apps.supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def test_every_voice_area_registers_a_demo_year():
    assert {"appeals", "suggestions", "hazards"} <= {s.name for s in demo.seeders()}


def test_seed_demo_fills_the_ledgers_and_the_supervision_index():
    out = io.StringIO()
    call_command("seed_demo", "--people", "200", stdout=out)
    text = out.getvalue()
    for name in ("appeals", "suggestions", "hazards"):
        assert f"{name}:" in text
    kinds = set(SupervisedItem.objects.values_list("kind", flat=True))
    assert {"appeal", "suggestion", "hazard"} <= kinds


def test_no_activity_leaves_the_ledgers_empty():
    call_command("seed_demo", "--people", "200", "--no-activity", stdout=io.StringIO())
    assert not SupervisedItem.objects.exists()
