from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class Source(models.TextChoices):
    COMPUTED = "computed", _("平台计算")
    MANUAL = "manual", _("人工评分")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    HALF = "half", _("半年")
    YEAR = "year", _("年度")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("执行中")
    LOCKED = "locked", _("已锁定")


class RuleKind(models.TextChoices):
    LINEAR = "linear", _("线性(底线至目标)")
    STEPS = "steps", _("分档")
    RANK = "rank", _("同类排名")


@coloured({"open": "blue", "public": "orange", "locked": "green"})
class PeriodStatus(models.TextChoices):
    OPEN = "open", _("考核中")
    PUBLIC = "public", _("公示中")
    LOCKED = "locked", _("已锁定")


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("加分")
    DEDUCT = "deduct", _("扣分")
    VETO = "veto", _("一票否决")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


class PeriodAction(models.TextChoices):
    COMPUTE = "compute", _("计算得分")
    FAILED = "failed", _("计算失败")
    PUBLISH = "publish", _("开始公示")
    LOCK = "lock", _("锁定")


@coloured({"pending": "orange", "accepted": "green", "rejected": "secondary"})
class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("不予采纳")


class ObjectionAction(models.TextChoices):
    RAISE = "raise", _("提出申诉")
    ACCEPT = "accept", _("采纳")
    REJECT = "reject", _("不予采纳")


class Vote(models.TextChoices):
    """民主评议's four answers; each counts for its share of a full mark."""

    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")
