"""量化考核 calculators of 急难愁盼 appeals (apps.py imports this module to register them): per
subtree of the owner unit, for the appeals received in the period (the rule of the figures)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .filters import DONE_Q, ON_TIME_Q
from .models import Appeal


def _sums(*, units, start, end):
    lo, hi = indicators.bounds(start, end)
    measures = {
        "closed": Count("pk", filter=DONE_Q & Q(resolved_at__isnull=False)),
        "on_time": Count("pk", filter=ON_TIME_Q),
        "rated": Count("rating"),
        "rating_sum": Sum("rating"),
    }
    qs = Appeal.objects.filter(created_at__gte=lo, created_at__lt=hi)
    return indicators.subtree_sums(units, qs, path="owner_unit__path", measures=measures)


def _url(unit, start, end) -> str:
    return indicators.list_url("appeals:list", unit=unit.pk, received_from=start, received_to=end)


indicators.register_rate(
    "appeals.on_time_rate",
    _("诉求按期办结率"),  # closed by the deadline ÷ closed
    sums=_sums,
    part="on_time",
    whole="closed",
    url=_url,
)


@indicators.calculator("appeals.satisfaction", _("诉求满意度(平均分)"), measure="分")
def satisfaction(*, units, start, end) -> dict[int, indicators.Value]:
    """The average rating (1–5) of the rated appeals, to two decimals."""
    sums, out = _sums(units=units, start=start, end=end), {}
    for u in units:
        s = sums[u.pk]
        avg = None
        if s["rated"]:
            avg = (Decimal(s["rating_sum"]) / s["rated"]).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        out[u.pk] = indicators.Value(avg, s["rating_sum"], s["rated"], _url(u, start, end))
    return out
