"""A plan's period (a year, a quarter or a month) as its first and last day: one rule for the
services, the FilterSet and the demo."""

import calendar
from datetime import date

from django.utils.translation import gettext as _

from .choices import PeriodKind
from .errors import FeedError

YEARS = (2000, 2100)


def period_bounds(kind: str, year, number=None) -> tuple[date, date]:
    """The first and last day of a plan's period (a year, a quarter 1–4 or a month 1–12)."""
    if kind not in PeriodKind.values:
        raise FeedError.PERIOD_REQUIRED(field="period_kind")
    if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise FeedError.BAD_YEAR(field="period_year")
    if kind == PeriodKind.YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    top = 4 if kind == PeriodKind.QUARTER else 12
    if not isinstance(number, int) or not 1 <= number <= top:
        what = _("季度(1–4)") if top == 4 else _("月份(1–12)")
        raise FeedError.BAD_PERIOD(field="period_no", what=what)
    first, last = (3 * number - 2, 3 * number) if top == 4 else (number, number)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
