"""量化考核 calculators of 查保促 hazards (apps.py imports this module to register them)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .choices import HazardStatus
from .filters import state_q
from .models import Hazard


def _sums(*, units, start, end):
    """Hazards verified as rectified in the period, and those of them by their deadline, per
    subtree of the hazard's unit (the rule of the hazards' figures)."""
    lo, hi = indicators.bounds(start, end)
    qs = Hazard.objects.filter(
        status=HazardStatus.RECTIFIED, rectified_at__gte=lo, rectified_at__lt=hi
    )
    measures = {"rectified": Count("pk"), "on_time": Count("pk", filter=state_q("on_time"))}
    return indicators.subtree_sums(units, qs, path="unit__path", measures=measures)


def _url(unit, start, end) -> str:
    return indicators.list_url(
        "hazards:list",
        unit=unit.pk,
        status=HazardStatus.RECTIFIED,
        rectified_start=start,
        rectified_end=end,
    )


indicators.register_rate(
    "hazards.on_time_rate",
    _("隐患按期整改率"),
    sums=_sums,
    part="on_time",
    whole="rectified",
    url=_url,
)
