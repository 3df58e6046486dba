"""The weekly early-warning pass: Monday early morning, once the previous ISO week is complete
(huey's djhuey discovers this module)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(day_of_week="1", hour="3", minute="10"), name="alerts_weekly_pass")
def weekly_pass() -> int:
    return len(services.weekly_pass())
