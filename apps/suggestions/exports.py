"""The suggestion ledger's columns, as a 台账 has them; apps.core.exports writes the file."""

from django.utils.translation import gettext as _

from apps.core.exports import local_dt


def _yuan(value):
    return float(value) if value is not None else ""


def export_rows(qs):
    """The rows with what the columns read (co-proposers prefetched, not queried per row)."""
    return qs.select_related(
        "campaign", "proposer", "proposer_unit", "target_unit", "impl_unit", "impl_person"
    ).prefetch_related("co_proposers")


def columns():
    return [
        (_("编号"), lambda s, now: s.pk),
        (_("建议名称"), lambda s, now: s.title),
        (_("类别"), lambda s, now: s.get_category_display()),
        (_("征集活动"), lambda s, now: s.campaign.title if s.campaign else ""),
        (_("建议人"), lambda s, now: s.proposer.name),
        (_("工号"), lambda s, now: s.proposer.employee_no),
        (_("建议人部门"), lambda s, now: s.proposer_unit.name),
        (_("共同建议人"), lambda s, now: "、".join(p.name for p in s.co_proposers.all())),
        (_("涉及单位"), lambda s, now: s.target_unit.name),
        (_("提交时间"), lambda s, now: local_dt(s.submitted_at)),
        (_("状态"), lambda s, now: s.get_status_display()),
        (_("现状问题"), lambda s, now: s.problem),
        (_("改进建议"), lambda s, now: s.proposal),
        (_("预计效益(元)"), lambda s, now: _yuan(s.expected_yuan)),
        (_("评审得分"), lambda s, now: _yuan(s.score_total)),
        (_("评审意见"), lambda s, now: s.decision_reason),
        (_("决定时间"), lambda s, now: local_dt(s.decided_at)),
        (_("实施单位"), lambda s, now: s.impl_unit.name if s.impl_unit else ""),
        (_("实施责任人"), lambda s, now: s.impl_person.name if s.impl_person else ""),
        (_("实施期限"), lambda s, now: local_dt(s.impl_due_at)),
        (_("实施完成时间"), lambda s, now: local_dt(s.implemented_at)),
        (_("核定效益(元)"), lambda s, now: _yuan(s.verified_yuan)),
        (_("奖励金额(元)"), lambda s, now: _yuan(s.reward_yuan)),
    ]
