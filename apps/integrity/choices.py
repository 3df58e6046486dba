from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("待登记")
    REGISTERED = "registered", _("已登记")
    ASSESSED = "assessed", _("已研判")
    DISPOSING = "disposing", _("处置中")
    CLOSED = "closed", _("已办结")


class Disposition(models.TextChoices):
    """The four forms of handling a 问题线索 (四种处置方式)."""

    TALK = "talk", _("谈话函询")
    VERIFY = "verify", _("初步核实")
    HOLD = "hold", _("暂存待查")
    CLOSE = "close", _("予以了结")


class EntryKind(models.TextChoices):
    ADDED = "added", _("补充材料")
    NOTE = "note", _("办理记录")
    RESULT = "result", _("办理结果")


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("收到举报")
    ADD = "add", _("举报人补充")
    REGISTER = "register", _("登记")
    ASSESS = "assess", _("研判")
    DISPOSE = "dispose", _("确定处置方式")
    NOTE = "note", _("办理记录")
    CLOSE = "close", _("办结")


class AccessAction(models.TextChoices):
    OPEN = "open", _("查阅")
    API_OPEN = "api_open", _("接口查阅")
    FILE = "file", _("下载附件")
    API_FILE = "api_file", _("接口下载附件")
    TALK_OPEN = "talk_open", _("查阅谈话记录")
    API_TALK = "api_talk", _("接口查阅谈话记录")


class TalkKind(models.TextChoices):
    """The 纪委's talks with a cadre (谈话提醒 before a problem grows, 诫勉谈话 for a fault)."""

    REMIND = "remind", _("谈话提醒")
    ADMONISH = "admonish", _("诫勉谈话")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")
