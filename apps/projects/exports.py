"""The project portfolio's columns; apps.core.exports writes the file."""

from django.utils.translation import gettext as _

from .selectors import overdue_counts


def columns():
    return [
        (_("编号"), lambda p, now: p.number),
        (_("项目名称"), lambda p, now: p.name),
        (_("项目类型"), lambda p, now: p.type.name),
        (_("牵头单位"), lambda p, now: p.lead_unit.name),
        (_("项目负责人"), lambda p, now: p.leader.name if p.leader else ""),
        (_("项目团队"), lambda p, now: p.team_name),
        (_("开始日期"), lambda p, now: p.start_date.isoformat()),
        (_("完成时限"), lambda p, now: p.end_date.isoformat()),
        (_("预算(元)"), lambda p, now: float(p.budget) if p.budget is not None else ""),
        (_("状态"), lambda p, now: p.get_status_display()),
        (_("进度(%)"), lambda p, now: float(p.progress)),
        (_("逾期里程碑"), lambda p, now: p.overdue or ""),
        (_("评价得分"), lambda p, now: float(p.score) if p.score is not None else ""),
        (_("评价等级"), lambda p, now: p.get_grade_display()),
    ]


def with_overdue(chunk) -> None:
    """Each project's overdue milestones, counted for a chunk of rows in one query."""
    counts = overdue_counts([p.pk for p in chunk])
    for p in chunk:
        p.overdue = counts.get(p.pk, 0)
