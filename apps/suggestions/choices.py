from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class Category(models.TextChoices):
    TECHNOLOGY = "technology", _("技术改进")
    MANAGEMENT = "management", _("管理创新")
    SAFETY = "safety", _("安全生产")
    COST = "cost", _("降本增效")
    ENERGY = "energy", _("节能环保")
    OTHER = "other", _("其他")


@coloured(
    {
        "submitted": "blue",
        "under_review": "cyan",
        "pending_study": "yellow",
        "rejected": "secondary",
        "adopted": "green",
        "implementing": "orange",
        "implemented": "cyan",
        "verified": "green",
        "rewarded": "red",
    }
)
class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    UNDER_REVIEW = "under_review", _("评审中")
    PENDING_STUDY = "pending_study", _("待研究")
    REJECTED = "rejected", _("不采纳")
    ADOPTED = "adopted", _("已采纳")
    IMPLEMENTING = "implementing", _("实施中")
    IMPLEMENTED = "implemented", _("已实施")
    VERIFIED = "verified", _("效益已核定")
    REWARDED = "rewarded", _("已奖励")


class Decision(models.TextChoices):
    ADOPT = "adopt", _("采纳")
    REJECT = "reject", _("不采纳")
    DEFER = "defer", _("待研究")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交建议")
    REVIEW = "review", _("进入评审")
    SCORED = "scored", _("评分")
    ADOPTED = "adopted", _("决定采纳")
    REJECTED = "rejected", _("决定不采纳")
    DEFERRED = "deferred", _("列为待研究")
    ASSIGNED = "assigned", _("指定实施责任")
    IMPLEMENTED = "implemented", _("实施完成")
    VERIFIED = "verified", _("核定效益")
    CORRECTED = "corrected", _("更正核定效益")
    REWARDED = "rewarded", _("发放奖励")
    EXTENDED = "extended", _("延长实施期限")


# Stages a suggestion has reached: the figures and the list's "stage" filter read these.
ADOPTED_STATES = (
    Status.ADOPTED,
    Status.IMPLEMENTING,
    Status.IMPLEMENTED,
    Status.VERIFIED,
    Status.REWARDED,
)
DECIDED_STATES = (*ADOPTED_STATES, Status.REJECTED)
IMPLEMENTED_STATES = (Status.IMPLEMENTED, Status.VERIFIED, Status.REWARDED)
VERIFIED_STATES = (Status.VERIFIED, Status.REWARDED)
OPEN_REVIEW_STATES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.PENDING_STUDY)
