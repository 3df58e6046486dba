from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


@coloured({"excellent": "green", "qualified": "blue", "basic": "orange", "unqualified": "red"})
class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


# The grades whose decision the branch must give reasons for.
REASONED = (Grade.BASIC, Grade.UNQUALIFIED)


@coloured({"open": "blue", "closed": "green"})
class AppraisalStatus(models.TextChoices):
    OPEN = "open", _("评议中")
    CLOSED = "closed", _("已结束")


@coloured({"current": "green", "ended": "secondary"})
class CommitteeStatus(models.TextChoices):
    CURRENT = "current", _("本届")
    ENDED = "ended", _("已换届")


class Post(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    MEMBER = "member", _("委员")
