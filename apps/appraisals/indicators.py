"""量化考核 calculator of 民主评议党员 (apps.py imports this module to register it)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .choices import AppraisalStatus, Grade
from .models import AppraisalEntry


def _sums(*, units, start, end):
    """Members graded in appraisals of the years the period touches (closed ones), and those
    graded 合格 or better, per subtree of the branch."""
    qs = AppraisalEntry.objects.filter(
        appraisal__status=AppraisalStatus.CLOSED,
        appraisal__year__gte=start.year,
        appraisal__year__lte=end.year,
        appraisal__deleted_at__isnull=True,
    )
    good = (Grade.EXCELLENT, Grade.QUALIFIED)
    measures = {"graded": Count("pk"), "good": Count("pk", filter=Q(grade__in=good))}
    return indicators.subtree_sums(units, qs, path="appraisal__branch__path", measures=measures)


def _url(unit, start, end) -> str:
    return indicators.list_url("appraisals:list", unit=unit.pk, year=end.year)


indicators.register_rate(
    "appraisals.qualified_rate",
    _("民主评议合格及以上比例"),
    sums=_sums,
    part="good",
    whole="graded",
    url=_url,
)
