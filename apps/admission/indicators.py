"""量化考核 calculator of 发展党员 (apps.py imports this module to register it)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .models import AdmissionEvent


def _sums(*, units, start, end):
    """Steps with a deadline (the month's talk, the half-yearly reviews, the committee's three
    months, the 转正 vote) done in the period, and those done by it, per subtree of the branch."""
    qs = AdmissionEvent.objects.filter(on_time__isnull=False, day__gte=start, day__lte=end)
    measures = {"done": Count("pk"), "on_time": Count("pk", filter=Q(on_time=True))}
    return indicators.subtree_sums(units, qs, path="admission__branch__path", measures=measures)


def _url(unit, start, end) -> str:
    return indicators.list_url("admission:board", branch=unit.pk)


indicators.register_rate(
    "admission.on_time_rate",
    _("发展党员环节按期率"),
    sums=_sums,
    part="on_time",
    whole="done",
    url=_url,
)
