"""Working-day arithmetic, in one place: deadlines counted in working days skip weekends and the
holidays an admin lists (and count the make-up working weekends, 调休)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Holiday


def _calendar(start: date, end: date) -> tuple[set[date], set[date]]:
    rows = Holiday.objects.filter(day__range=(start, end)).values_list("day", "is_workday")
    off = {d for d, work in rows if not work}
    on = {d for d, work in rows if work}
    return off, on


def is_workday(day: date, off: set[date] | None = None, on: set[date] | None = None) -> bool:
    if off is None or on is None:
        off, on = _calendar(day, day)
    if day in on:
        return True
    return day.weekday() < 5 and day not in off


def add_workdays(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    off, on = _calendar(start, start + timedelta(days=days * 2 + 30))
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_workday(current, off, on):
            left -= 1
    return current


def deadline_after_workdays(start: datetime, days: int) -> datetime:
    """End of the working day `days` working days after `start`, in the local time zone."""
    local = timezone.localtime(start)
    day = add_workdays(local.date(), days)
    return timezone.make_aware(datetime.combine(day, time(18, 0)))
