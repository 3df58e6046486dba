"""The nightly recompute queues every open period once a night (Huey runs immediately in tests)."""

from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.kpi import tasks
from apps.kpi.choices import PeriodStatus
from apps.kpi.models import Period, Scorecard

pytestmark = pytest.mark.django_db


def test_nightly_recompute_once_a_night(company, scheme):
    cache.clear()
    Period.objects.create(scheme=scheme, start=date(2025, 1, 1), end=date(2025, 3, 31))
    Period.objects.create(
        scheme=scheme, start=date(2024, 10, 1), end=date(2024, 12, 31), status=PeriodStatus.LOCKED
    )
    night = timezone.make_aware(datetime(2025, 4, 2, 1, 59))
    assert tasks.nightly_recompute(now=night) == 0  # before 02:00
    assert tasks.nightly_recompute(now=night.replace(hour=2)) == 1  # the open period only
    assert tasks.nightly_recompute(now=night.replace(hour=3)) == 0  # once a night
    assert Scorecard.objects.count() == 3


def test_a_failed_computation_is_on_the_period_record(company, scheme, monkeypatch):
    from apps.kpi import services
    from apps.kpi.models import PeriodEvent

    period = Period.objects.create(scheme=scheme, start=date(2025, 1, 1), end=date(2025, 3, 31))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "period_compute", broken)
    with pytest.raises(RuntimeError):
        tasks.period_compute_task.call_local(period.pk)
    event = PeriodEvent.objects.get(period=period)
    assert event.action == "failed" and "结果未改变" in event.note
    assert services.compute_progress(period) is None
