from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


@coloured(
    {
        "draft": "secondary",
        "pending": "azure",
        "returned": "orange",
        "active": "blue",
        "acceptance": "purple",
        "accepted": "teal",
        "evaluated": "green",
        "terminated": "dark",
    }
)
class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审批")
    RETURNED = "returned", _("退回修改")
    ACTIVE = "active", _("实施中")
    ACCEPTANCE = "acceptance", _("待验收")
    ACCEPTED = "accepted", _("已验收")
    EVALUATED = "evaluated", _("已评价")
    TERMINATED = "terminated", _("已终止")


# The proposer may still change the plan (targets, co-units, members, milestones).
EDITABLE_STATUSES = (ProjectStatus.DRAFT, ProjectStatus.RETURNED)
# Under way: milestones are supervised, progress is reported, issues are raised.
RUNNING_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.ACCEPTANCE)
CLOSED_STATUSES = (ProjectStatus.EVALUATED, ProjectStatus.TERMINATED)


class ProjectAction(models.TextChoices):
    CREATE = "create", _("创建立项申请")
    SUBMIT = "submit", _("提交审批")
    APPROVE = "approve", _("审批通过")
    RETURN = "return", _("退回修改")
    REQUEST_ACCEPTANCE = "request", _("申请验收")
    ACCEPT = "accept", _("验收通过")
    REJECT_ACCEPTANCE = "reject", _("验收不通过")
    EVALUATE = "evaluate", _("评价")
    TERMINATE = "terminate", _("终止")


class TargetDirection(models.TextChoices):
    """Which way a target is met: 降低成本 200 万元 by reaching it, 废品率 3 % by staying
    under it."""

    HIGHER = "higher", _("越高越好(达到目标值)")
    LOWER = "lower", _("越低越好(不超过目标值)")


class MilestoneStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class MilestoneAction(models.TextChoices):
    PROGRESS = "progress", _("填报进展")
    DONE = "done", _("标记完成")


class Verdict(models.TextChoices):
    PASS = "pass", _("验收通过")
    FAIL = "fail", _("验收不通过")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("待解决")
    RESOLVED = "resolved", _("已解决")


class Grade(models.TextChoices):
    """The grade follows the score: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")

    @classmethod
    def for_score(cls, score) -> "Grade":
        if score >= 90:
            return cls.EXCELLENT
        if score >= 80:
            return cls.GOOD
        if score >= 60:
            return cls.PASS
        return cls.FAIL
