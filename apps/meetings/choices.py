from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")
    NONE = "none", _("不作要求")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("已安排")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


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


class MakeupStatus(models.TextChoices):
    NONE = "", _("无")
    PENDING = "pending", _("待补学")
    DONE = "done", _("已补学")


# Took part: signed in (on time or late) before closing, or present/late after it.
ATTENDED = (AttendanceStatus.SIGNED, AttendanceStatus.PRESENT, AttendanceStatus.LATE)
# Owed a make-up study when the meeting closes.

# The kinds a fresh installation starts with: (code, name, frequency, counts as study, where it is
# required). Admins edit frequencies and add kinds in the admin.
DEFAULT_KINDS = (
    ("general_meeting", "支部党员大会", Frequency.QUARTERLY, False, "branch"),
    ("committee", "支委会", Frequency.MONTHLY, False, "branch"),
    ("group_meeting", "党小组会", Frequency.MONTHLY, False, "party_group"),
    ("party_lecture", "党课", Frequency.QUARTERLY, True, "branch"),
    ("theme_day", "主题党日", Frequency.MONTHLY, True, "branch"),
    ("study_session", "专题学习会", Frequency.NONE, True, "branch"),
)
