from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class RoundStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


@coloured({"draft": "secondary", "submitted": "azure", "returned": "orange", "finalized": "green"})
class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("待自查")
    SUBMITTED = "submitted", _("待评审")
    RETURNED = "returned", _("已退回")
    FINALIZED = "finalized", _("已评定")


# The branch may still edit its self-check in these states.
EDITABLE_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)

# The groups a new checklist starts from (the admin may rename or add others).
