"""量化考核 calculators of 联席会议 action items (apps.py imports this module to register them)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .filters import state_q
from .models import ActionItem


def _sums(*, units, start, end):
    """Action items closed in the period, and those of them by their deadline, per subtree of
    the owner unit (the rule of the body's figures)."""
    lo, hi = indicators.bounds(start, end)
    qs = ActionItem.objects.filter(state_q("closed"), closed_at__gte=lo, closed_at__lt=hi)
    measures = {"closed": Count("pk"), "on_time": Count("pk", filter=state_q("on_time"))}
    return indicators.subtree_sums(units, qs, path="owner_unit__path", measures=measures)


def _url(unit, start, end) -> str:
    # The ledger has no date filter: it lists the unit's closed items of every period.
    return indicators.list_url("collab:action_list", owner_unit=unit.pk, state="closed")


indicators.register_rate(
    "collab.actions_on_time_rate",
    _("督办事项按期办结率"),
    sums=_sums,
    part="on_time",
    whole="closed",
    url=_url,
)
