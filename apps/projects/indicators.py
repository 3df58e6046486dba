"""量化考核 calculators of 项目化管理 (apps.py imports this module to register them)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.orgs.models import OrgUnit

from .choices import ProjectStatus
from .selectors import project_scores


@indicators.calculator("projects.evaluation_score", _("项目评价平均得分"), measure="分")
def evaluation_score(*, units, start, end) -> dict[int, indicators.Value]:
    """The average evaluation score of the projects evaluated in the period whose lead unit lies
    in the unit's subtree (project_scores, rolled up from lead units to subtrees)."""
    rows = project_scores(period_start=start, period_end=end)
    paths = dict(
        OrgUnit.objects.filter(pk__in=[r["unit_id"] for r in rows]).values_list("pk", "path")
    )
    for row in rows:
        row["path"] = paths.get(row["unit_id"])
    sums = indicators.roll_up(units, rows, path="path", keys=("projects", "total"))
    out = {}
    for u in units:
        n, total = sums[u.pk]["projects"], Decimal(sums[u.pk]["total"])
        average = (total / n).quantize(Decimal("0.1"), ROUND_HALF_UP) if n else None
        url = indicators.list_url(
            "projects:list", lead_unit=u.pk, status=ProjectStatus.EVALUATED, year=start.year
        )
        out[u.pk] = indicators.Value(average, total, n, url)
    return out
