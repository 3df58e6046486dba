"""量化考核 calculator of 党费 (apps.py imports this module to register it): 党费按时交纳率."""

from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .models import DuesBase, DuesPayment
from .services import month_end


def closed_months(start: date, end: date, today: date) -> dict[int, list[int]]:
    """The months that end inside [start, end] and before today, by year: those whose dues
    were due in the period."""
    out: dict[int, list[int]] = {}
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = month_end(year, month)
        if start <= last <= end and last < today:
            out.setdefault(year, []).append(month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _sums(*, units, start, end):
    """Per subtree: member-months due (members with a base × closed months of the period) and
    those paid within their month; two grouped queries a year."""
    rows = []
    for year, months in closed_months(start, end, timezone.localdate()).items():
        for r in (
            DuesBase.objects.filter(year=year)
            .order_by()
            .values("branch__path")
            .annotate(n=Count("pk"))
        ):
            rows.append({"branch__path": r["branch__path"], "due": r["n"] * len(months), "ok": 0})
        for r in (
            DuesPayment.objects.filter(year=year, month__in=months, on_time=True)
            .order_by()
            .values("branch__path")
            .annotate(n=Count("pk"))
        ):
            rows.append({"branch__path": r["branch__path"], "due": 0, "ok": r["n"]})
    return indicators.roll_up(units, rows, path="branch__path", keys=("due", "ok"))


def _url(unit, start, end) -> str:
    return indicators.list_url("dues:arrears", branch=unit.pk)


indicators.register_rate(
    "dues.paid_on_time",
    _("党费按时交纳率"),
    sums=_sums,
    part="ok",
    whole="due",
    url=_url,
)
