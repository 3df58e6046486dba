from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class SurveyKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("满意度测评")
    THOUGHT = "thought", _("思想动态调查")
    OTHER = "other", _("其他")


@coloured({"draft": "secondary", "open": "blue", "closed": "green"})
class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    SCALE = "scale", _("打分(1–5)")
    MATRIX = "matrix", _("矩阵打分(1–5)")
    TEXT = "text", _("填空")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class PersonKind(models.TextChoices):
    """Who of the audience subtree is invited, when not everyone (by membership)."""

    PARTY = "party", _("党员")
    UNION = "union", _("工会会员")
    LEAGUE = "league", _("共青团员")
