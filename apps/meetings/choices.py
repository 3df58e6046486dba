from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")
    NONE = "none", _("不作要求")


@coloured({"planned": "blue", "closed": "green", "cancelled": "secondary"})
class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("已安排")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


@coloured(
    {
        "invited": "secondary",
        "signed": "green",
        "present": "green",
        "late": "yellow",
        "absent": "red",
        "leave": "cyan",
        "leave_requested": "cyan",
    }
)
class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("待签到")
    SIGNED = "signed", _("已签到")
    LEAVE_REQUESTED = "leave_requested", _("请假待批")
    LEAVE = "leave", _("请假")
    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    ABSENT = "absent", _("缺席")


class SignMethod(models.TextChoices):
    QR = "qr", _("扫码")
    MANUAL = "manual", _("主持人代签")


@coloured({"pending": "orange", "done": "green"})
class MakeupStatus(models.TextChoices):
    NONE = "", _("无")
    PENDING = "pending", _("待补学")
    DONE = "done", _("已补学")


@coloured({"pending": "orange", "approved": "green", "returned": "red"})
class RecordReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("合格")
    RETURNED = "returned", _("退回")


# Took part: signed in (on time or late) before closing, or present/late after it.
ATTENDED = (AttendanceStatus.SIGNED, AttendanceStatus.PRESENT, AttendanceStatus.LATE)
# What a backfilled (补录) attendee may be recorded as.
RECORDED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.LEAVE,
    AttendanceStatus.ABSENT,
)

# The kinds a fresh installation starts with: (code, name, frequency, counts as study, where it is
# required). The party-work department edits the frequencies on the kinds page.
DEFAULT_KINDS = (
    ("general_meeting", "支部党员大会", Frequency.QUARTERLY, False, "branch"),
    ("committee", "支委会", Frequency.MONTHLY, False, "branch"),
    ("group_meeting", "党小组会", Frequency.MONTHLY, False, "party_group"),
    ("party_lecture", "党课", Frequency.QUARTERLY, True, "branch"),
    ("theme_day", "主题党日", Frequency.MONTHLY, True, "branch"),
    ("study_session", "专题学习会", Frequency.NONE, True, "branch"),
)
