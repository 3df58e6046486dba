from django.db import models
from django.utils.translation import gettext_lazy as _


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
