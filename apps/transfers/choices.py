from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class TransferKind(models.TextChoices):
    INSIDE = "inside", _("公司内转接")
    OUT = "out", _("转出公司")
    IN = "in", _("转入公司")


@coloured({"issued": "orange", "done": "green", "cancelled": "secondary"})
class TransferStatus(models.TextChoices):
    ISSUED = "issued", _("待回执")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


class TransferAction(models.TextChoices):
    MOVE = "move", _("公司内转接")
    ISSUE = "issue", _("开具介绍信")
    RECEIVE = "receive", _("接收转入")
    RECEIPT = "receipt", _("回执已返回")
    CANCEL = "cancel", _("撤销")


class FlowDirection(models.TextChoices):
    OUT = "out", _("流出")
    IN = "in", _("流入")


@coloured({"active": "blue", "ended": "secondary"})
class FlowStatus(models.TextChoices):
    ACTIVE = "active", _("流动中")
    ENDED = "ended", _("已结束")


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("组织生活")
    STUDY = "study", _("学习教育")
