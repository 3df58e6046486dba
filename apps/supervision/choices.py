from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class ItemAction(models.TextChoices):
    REMIND = "remind", _("催办")
    EXTEND_REQUEST = "extend_request", _("申请延期")
    EXTEND_GRANT = "extend_grant", _("同意延期")
    EXTEND_REFUSE = "extend_refuse", _("不同意延期")


@coloured({"pending": "orange", "granted": "green", "refused": "secondary"})
class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")
