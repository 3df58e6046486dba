"""The cockpit's stored indicator values (apps.rollups), kept fresh in the background: the
periods that are still running every 15 minutes, the whole window the cockpit opens on (each
kind's last period, the one before and the same a year ago, and the trend) every night."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from apps.rollups import services as rollups
from apps.rollups.selectors import stored_for

from .figures import TREND
from .periods import KINDS, Period


def running(today) -> list[Period]:
    """The month, quarter and year that contain today."""
    return [Period.containing(kind, today) for kind in KINDS]


def window(today) -> tuple[list[Period], list[Period]]:
    """The periods stored for every indicator (each kind's current period, the one before and
    the one a year before: a cockpit's default page and its 环比/同比), and those stored only
    for the trend chart's indicator."""
    every: list[Period] = []
    for p in running(today):
        for q in (p, p.previous(), p.year_before()):  # a year's 环比 is its 同比
            if q not in every:
                every.append(q)
    trend = [t for p in running(today) for t in p.trend() if t not in every]
    return every, trend


def refresh_window(today=None, *, progress=None) -> int:
    every, trend = window(today or timezone.localdate())
    stored = rollups.refresh(every, progress=progress)
    return stored + rollups.refresh(trend, codes=[TREND], progress=progress)


@db_periodic_task(crontab(minute="*/15"), name="rollups_running")
@lock_task("rollups")
def refresh_running() -> int:
    """The running periods; the whole window when the month before has none stored yet (a new
    installation, or a night the task did not run)."""
    today = timezone.localdate()
    if not stored_for(Period.containing("month", today).previous()):
        return refresh_window(today)
    return rollups.refresh(running(today))


@db_periodic_task(crontab(hour="2", minute="40"), name="rollups_window")
@lock_task("rollups")
def refresh_nightly() -> int:
    return refresh_window()
