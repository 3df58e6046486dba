"""Working-day deadlines skip weekends and holidays and count make-up working days."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.core.models import Holiday
from apps.core.workdays import add_workdays, deadline_after_workdays

pytestmark = pytest.mark.django_db


def test_weekends_are_skipped():
    assert add_workdays(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday + 1 -> Monday
    assert add_workdays(date(2026, 3, 2), 5) == date(2026, 3, 9)


def test_holidays_are_skipped_and_makeup_days_count():
    Holiday.objects.create(day=date(2026, 10, 1), name="国庆节")
    Holiday.objects.create(day=date(2026, 10, 2), name="国庆节")
    Holiday.objects.create(day=date(2026, 9, 27), name="国庆调休", is_workday=True)  # a Sunday
    assert add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 5)
    assert add_workdays(date(2026, 9, 26), 1) == date(2026, 9, 27)


def test_deadline_is_end_of_the_working_day_in_shanghai():
    start = timezone.make_aware(datetime(2026, 3, 6, 23, 30))
    due = deadline_after_workdays(start, 3)
    local = timezone.localtime(due)
    assert (local.date(), local.hour) == (date(2026, 3, 11), 18)
