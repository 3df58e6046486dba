"""The suggestion ledger as .xlsx (django-import-export), in the columns a 台账 has."""

from django.utils import timezone
from import_export import resources
from import_export.fields import Field

from apps.orgs.resources import XLSX_CONTENT_TYPE, export_dataset, to_xlsx

__all__ = ["XLSX_CONTENT_TYPE", "SuggestionResource", "export_xlsx"]


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yuan(value):
    return float(value) if value is not None else ""


class SuggestionResource(resources.Resource):
    """One row per suggestion; co-proposers are prefetched, not queried per row."""

    number = Field(column_name="编号", dehydrate_method=lambda s: s.pk)
    title = Field(column_name="建议名称", dehydrate_method=lambda s: s.title)
    category = Field(column_name="类别", dehydrate_method=lambda s: s.get_category_display())
    campaign = Field(
        column_name="征集活动", dehydrate_method=lambda s: s.campaign.title if s.campaign else ""
    )
    proposer = Field(column_name="建议人", dehydrate_method=lambda s: s.proposer.name)
    proposer_no = Field(column_name="工号", dehydrate_method=lambda s: s.proposer.employee_no)
    proposer_unit = Field(column_name="建议人部门", dehydrate_method=lambda s: s.proposer_unit.name)
    co_proposers = Field(
        column_name="共同建议人",
        dehydrate_method=lambda s: "、".join(p.name for p in s.co_proposers.all()),
    )
    target_unit = Field(column_name="涉及单位", dehydrate_method=lambda s: s.target_unit.name)
    submitted_at = Field(column_name="提交时间", dehydrate_method=lambda s: _local(s.submitted_at))
    status = Field(column_name="状态", dehydrate_method=lambda s: s.get_status_display())
    problem = Field(column_name="现状问题", dehydrate_method=lambda s: s.problem)
    proposal = Field(column_name="改进建议", dehydrate_method=lambda s: s.proposal)
    expected_yuan = Field(
        column_name="预计效益(元)", dehydrate_method=lambda s: _yuan(s.expected_yuan)
    )
    score = Field(column_name="评审得分", dehydrate_method=lambda s: _yuan(s.score_total))
    decision_reason = Field(column_name="评审意见", dehydrate_method=lambda s: s.decision_reason)
    decided_at = Field(column_name="决定时间", dehydrate_method=lambda s: _local(s.decided_at))
    impl_unit = Field(
        column_name="实施单位", dehydrate_method=lambda s: s.impl_unit.name if s.impl_unit else ""
    )
    impl_person = Field(
        column_name="实施责任人",
        dehydrate_method=lambda s: s.impl_person.name if s.impl_person else "",
    )
    impl_due_at = Field(column_name="实施期限", dehydrate_method=lambda s: _local(s.impl_due_at))
    implemented_at = Field(
        column_name="实施完成时间", dehydrate_method=lambda s: _local(s.implemented_at)
    )
    verified_yuan = Field(
        column_name="核定效益(元)", dehydrate_method=lambda s: _yuan(s.verified_yuan)
    )
    reward_yuan = Field(column_name="奖励金额(元)", dehydrate_method=lambda s: _yuan(s.reward_yuan))

    class Meta:
        export_order = [
            "number",
            "title",
            "category",
            "campaign",
            "proposer",
            "proposer_no",
            "proposer_unit",
            "co_proposers",
            "target_unit",
            "submitted_at",
            "status",
            "problem",
            "proposal",
            "expected_yuan",
            "score",
            "decision_reason",
            "decided_at",
            "impl_unit",
            "impl_person",
            "impl_due_at",
            "implemented_at",
            "verified_yuan",
            "reward_yuan",
        ]


def export_queryset(qs):
    return qs.select_related(
        "campaign", "proposer", "proposer_unit", "target_unit", "impl_unit", "impl_person"
    ).prefetch_related("co_proposers")


def export_xlsx(qs) -> bytes:
    """The filtered, scoped ledger as an .xlsx file (iterator() keeps the prefetch per chunk)."""
    return to_xlsx(export_dataset(SuggestionResource(), export_queryset(qs)))
