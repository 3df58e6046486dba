"""量化考核 calculator of 关爱帮扶 (apps.py imports this module to register it): how many of
the unit's families in difficulty the union reached with aid in the period."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .choices import AidStatus, FileStatus
from .models import Aid, HardshipFile


def coverage_sums(*, units, start, end) -> dict[int, dict]:
    """Each unit's files open in the period (opened by its end, not closed before its start)
    and how many of them had aid delivered in [start, end]: one grouped query."""
    helped = Aid.objects.filter(
        status=AidStatus.DELIVERED, day__gte=start, day__lte=end, file__isnull=False
    ).values("file_id")
    rows = HardshipFile.objects.filter(opened_on__lte=end).exclude(
        status=FileStatus.CLOSED, closed_on__lt=start
    )
    return indicators.subtree_sums(
        units,
        rows,
        path="unit__path",
        measures={"files": Count("pk"), "helped": Count("pk", filter=Q(pk__in=helped))},
    )


@indicators.calculator("care.aid_coverage", _("困难职工帮扶覆盖率"), measure="%")
def aid_coverage(*, units, start, end) -> dict[int, indicators.Value]:
    """Files that received aid in the period ÷ files open in it; None where no file is open."""
    sums = coverage_sums(units=units, start=start, end=end)
    return {
        u.pk: indicators.rate(
            sums[u.pk]["helped"],
            sums[u.pk]["files"],
            indicators.list_url("care:list", unit=u.pk, status=FileStatus.ACTIVE),
        )
        for u in units
    }
