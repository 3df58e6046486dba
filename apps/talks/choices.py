from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class TalkPlace(models.TextChoices):
    TEAM = "team", _("班组")
    CANTEEN = "canteen", _("食堂")
    DORM = "dorm", _("宿舍")
    OFFICE = "office", _("办公室")
    SITE = "site", _("现场")
    PHONE = "phone", _("电话")
    OTHER = "other", _("其他")


class TalkKind(models.TextChoices):
    DAILY = "daily", _("日常")
    HARDSHIP = "hardship", _("困难帮扶")
    MOOD = "mood", _("思想波动")
    NEWCOMER = "newcomer", _("新入职")
    TRANSFER = "transfer", _("岗位调整")
    OTHER = "other", _("其他")


@coloured({"stable": "green", "fair": "blue", "wavering": "orange", "attention": "red"})
class PersonState(models.TextChoices):
    STABLE = "stable", _("稳定")
    FAIR = "fair", _("一般")
    WAVERING = "wavering", _("波动")
    ATTENTION = "attention", _("需关注")


@coloured({"submitted": "blue", "scored": "green"})
class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    SCORED = "scored", _("已评分")


class TalkAction(models.TextChoices):
    RECORDED = "recorded", _("记录谈话")
    CONCERN = "concern", _("反映问题")
    APPEALED = "appealed", _("转为诉求")
    FOLLOWED = "followed", _("列入督办")
    CLOSED = "closed", _("督办办结")
