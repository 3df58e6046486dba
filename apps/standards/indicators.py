"""量化考核 calculators of 支部标准化 (apps.py imports this module to register them)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .models import BranchReview
from .selectors import PASSED_Q


def _sums(*, units, start, end):
    """Branch reviews of the rounds whose period ends in the period, and those 达标 (finalized at
    or above the threshold: the rule of the 达标率 figures), per subtree of the branch."""
    qs = BranchReview.objects.filter(round__period_end__gte=start, round__period_end__lte=end)
    measures = {"total": Count("pk"), "passed": Count("pk", filter=PASSED_Q)}
    return indicators.subtree_sums(units, qs, path="branch__path", measures=measures)


def _url(unit, start, end) -> str:
    # The review list filters by year, not by day: the rounds of the period's year.
    return indicators.list_url("standards:review_list", unit=unit.pk, year=end.year)


indicators.register_rate(
    "standards.pass_rate",
    _("支部标准化达标率"),
    sums=_sums,
    part="passed",
    whole="total",
    url=_url,
)
