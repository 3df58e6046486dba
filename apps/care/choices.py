from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class HardshipCategory(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISASTER = "disaster", _("因灾")
    SCHOOLING = "schooling", _("子女就学")
    SINGLE_PARENT = "single_parent", _("单亲")
    DISABILITY = "disability", _("残疾")
    OTHER = "other", _("其他")


@coloured({"extreme": "red", "hard": "orange", "relative": "yellow"})
class HardshipLevel(models.TextChoices):
    EXTREME = "extreme", _("特困")
    HARD = "hard", _("困难")
    RELATIVE = "relative", _("相对困难")


@coloured({"active": "blue", "closed": "secondary"})
class FileStatus(models.TextChoices):
    ACTIVE = "active", _("在档")
    CLOSED = "closed", _("已脱困")


class FileAction(models.TextChoices):
    OPEN = "open", _("建档")
    REVIEW = "review", _("年度复核")
    CLOSE = "close", _("脱困销档")
    AID = "aid", _("帮扶")


class AidKind(models.TextChoices):
    VISIT = "visit", _("慰问")
    SCHOOLING = "schooling", _("金秋助学")
    MEDICAL = "medical", _("医疗互助")
    WARMTH = "warmth", _("送温暖")


class AidForm(models.TextChoices):
    MONEY = "money", _("慰问金")
    GOODS = "goods", _("慰问品")


@coloured({"planned": "orange", "delivered": "green"})
class AidStatus(models.TextChoices):
    PLANNED = "planned", _("待发放")
    DELIVERED = "delivered", _("已发放")


@coloured({"open": "blue", "closed": "secondary"})
class CampaignStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")
