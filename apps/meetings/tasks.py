"""The reminder before a meeting starts, on the every-minute tick (idempotent)."""

from apps.core import periodic

from .services import remind_upcoming


@periodic.register
def meetings_remind(*, now):
    remind_upcoming(now=now)
