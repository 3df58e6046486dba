"""The every-minute tick (Huey, immediate mode in tests): registered hooks, daily housekeeping."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from apps.core import periodic
from apps.core.tasks import tick


@pytest.fixture(autouse=True)
def fresh_day():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hook_calls():
    calls = []

    def remind(*, now):
        calls.append(now)

    periodic.register(remind)
    yield calls
    periodic.unregister(remind)


def test_tick_runs_registered_hooks(db, hook_calls, settings):
    assert settings.HUEY["immediate"]
    tick()
    assert len(hook_calls) == 1
    assert timezone.is_aware(hook_calls[0])


def test_registering_twice_runs_once(db, hook_calls):
    periodic.register(periodic.hooks()[-1])
    tick()
    assert len(hook_calls) == 1


def test_a_failing_hook_does_not_stop_the_others(db, hook_calls):
    def broken(*, now):
        raise RuntimeError("boom")

    periodic.register(broken)
    try:
        results = tick.call_local()
    finally:
        periodic.unregister(broken)
    assert len(hook_calls) == 1
    assert results[periodic.hook_name(broken)] == "failed"


def make_session(expire):
    s = SessionStore()
    s["x"] = 1
    s.set_expiry(expire)
    s.save()
    return s.session_key


def test_housekeeping_clears_expired_sessions_once_a_day(db):
    old = make_session(timezone.now() - timedelta(days=1))
    live = make_session(timezone.now() + timedelta(hours=1))
    assert tick.call_local()["housekeeping"] == "ran"
    assert not Session.objects.filter(session_key=old).exists()
    assert Session.objects.filter(session_key=live).exists()

    again = make_session(timezone.now() - timedelta(days=1))
    assert tick.call_local()["housekeeping"] == "skipped"  # already done today
    assert Session.objects.filter(session_key=again).exists()


def test_tick_is_a_periodic_task_every_minute():
    from huey.contrib.djhuey import HUEY

    # The consumer asks which periodic tasks are due each minute: tick is due at every one.
    for minute in (0, 17, 59):
        due = HUEY.read_periodic(timezone.now().replace(minute=minute, tzinfo=None))
        assert "tick" in {task.name for task in due}
