"""Huey tasks every app shares: the every-minute tick that drives reminders and housekeeping."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from . import periodic
from .models import IdempotentRequest


def housekeeping(*, now) -> bool:
    """Once a day: drop expired sessions and the answers kept for repeated submissions (a
    client repeats within minutes, not days). Returns whether it ran (the cache key makes it
    daily)."""
    key = f"tx:housekeeping:{timezone.localdate(now).isoformat()}"
    if not cache.add(key, 1, timeout=2 * 86400):
        return False
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    IdempotentRequest.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    return True


@db_periodic_task(crontab(minute="*"), name="tick")
def tick() -> dict[str, str]:
    """Every minute: run the registered periodic hooks, then the daily housekeeping."""
    now = timezone.now()
    results = periodic.run_hooks(now=now)
    if hasattr(HUEY, "requeue_deferred"):  # Redis: tasks kept while it was away
        results["deferred"] = str(HUEY.requeue_deferred())
    results["housekeeping"] = "ran" if housekeeping(now=now) else "skipped"
    return results
