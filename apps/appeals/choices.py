from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    CRITICAL = "critical", _("特急")


@coloured({"submitted": "orange", "handling": "blue", "answered": "cyan", "closed": "green"})
class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    HANDLING = "handling", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    DECLINED = "declined", _("不予受理")
    MERGED = "merged", _("已合并")


# Resolved (办结): the owner has answered; the submitter may still rate or reopen it.
DONE = (Status.ANSWERED, Status.CLOSED)
# Finished for good: nothing more happens to these.
FINAL = (Status.CLOSED, Status.DECLINED, Status.MERGED)


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交诉求")
    INFO_ADDED = "info_added", _("补充情况")
    ACCEPTED = "accepted", _("受理交办")
    REASSIGNED = "reassigned", _("改派")
    NOTE = "note", _("办理进展")
    REPLY = "reply", _("答复")
    RESOLVED = "resolved", _("办结答复")
    RATED = "rated", _("满意度评价")
    REOPENED = "reopened", _("申请重办")
    DECLINED = "declined", _("不予受理")
    MERGED = "merged", _("合并")
    MERGED_IN = "merged_in", _("并入重复诉求")


# Events the submitter sees on the receipt page and the detail page (progress notes are internal).
PUBLIC_EVENTS = {
    EventKind.SUBMITTED,
    EventKind.INFO_ADDED,
    EventKind.ACCEPTED,
    EventKind.REPLY,
    EventKind.RESOLVED,
    EventKind.RATED,
    EventKind.REOPENED,
    EventKind.DECLINED,
    EventKind.MERGED,
}

DEFAULT_CATEGORIES = [
    "工资待遇",
    "劳动保护",
    "食堂宿舍",
    "交通出行",
    "家庭困难",
    "职业发展",
    "工作环境",
    "其他",
]
