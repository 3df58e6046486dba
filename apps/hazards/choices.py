from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


@coloured({"general": "yellow", "larger": "orange", "major": "red"})
class HazardLevel(models.TextChoices):
    # The codes sort in order of severity (general < larger < major), so a sort by level works.
    GENERAL = "general", _("一般")
    LARGER = "larger", _("较大")
    MAJOR = "major", _("重大")


@coloured(
    {
        "reported": "azure",
        "rectifying": "orange",
        "submitted": "purple",
        "rectified": "green",
        "rejected": "secondary",
    }
)
class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("待确认")
    RECTIFYING = "rectifying", _("整改中")
    SUBMITTED = "submitted", _("待验收")
    RECTIFIED = "rectified", _("已整改")
    REJECTED = "rejected", _("不属实")


# Not yet closed: found and still owed a rectification or a verification.
OPEN_STATUSES = (HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.SUBMITTED)
# Counted as found: every report except the ones the safety unit rejected as not a hazard.
FOUND_STATUSES = (*OPEN_STATUSES, HazardStatus.RECTIFIED)


class HazardAction(models.TextChoices):
    REPORT = "report", _("上报")
    CONFIRM = "confirm", _("确认并交办")
    REJECT = "reject", _("不予确认")
    RECTIFY = "rectify", _("提交整改")
    VERIFY = "verify", _("验收通过")
    RETURN = "return", _("退回重改")
