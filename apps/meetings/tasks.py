"""Reminders on the every-minute tick (idempotent): before a meeting starts, and to its host
to close it once it is over."""

from apps.core import periodic

from .services import remind_to_close, remind_upcoming


@periodic.register
def meetings_remind(*, now):
    remind_upcoming(now=now)
    remind_to_close(now=now)
