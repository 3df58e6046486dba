"""量化考核 calculators of 项目化管理 (apps.py imports this module to register them)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.orgs.models import OrgUnit

from .choices import ProjectStatus
from .models import Target, achievement
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


@indicators.calculator("projects.targets_met", _("项目指标验收达成率"), measure="%")
def targets_met(*, units, start, end, names=None) -> dict[int, indicators.Value]:
    """Of the targets of the projects accepted in the period (验收时间 in it, lead unit in the
    unit's subtree) that have a value found at acceptance, the share met in full (`achievement`
    1). `names` keeps only the targets so named: 对关键生产指标的贡献度 asks for those named as a
    production measure (docs/production-contribution.md)."""
    lo, hi = indicators.bounds(start, end)
    targets = Target.objects.filter(
        project__deleted_at__isnull=True,
        project__status__in=(ProjectStatus.ACCEPTED, ProjectStatus.EVALUATED),
        project__accepted_at__gte=lo,
        project__accepted_at__lt=hi,
        actual_value__isnull=False,
    )
    if names is not None:
        targets = targets.filter(name__in=names)
    rows = [
        {"path": path, "met": int(achievement(value, goal, direction) == 1), "targets": 1}
        for path, value, goal, direction in targets.values_list(
            "project__lead_unit__path", "actual_value", "target_value", "direction"
        )
    ]
    sums = indicators.roll_up(units, rows, path="path", keys=("met", "targets"))
    return {
        u.pk: indicators.rate(
            sums[u.pk]["met"],
            sums[u.pk]["targets"],
            indicators.list_url("projects:list", lead_unit=u.pk, year=start.year),
        )
        for u in units
    }
