from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    BIMONTHLY = "bimonthly", _("每两月")
    QUARTERLY = "quarterly", _("每季度")


class Line(models.TextChoices):
    """The work line a member unit speaks for (大政工: every line at one table)."""

    POLITICAL = "political", _("政工")
    ADMINISTRATION = "administration", _("行政")
    UNION = "union", _("工会")
    LEAGUE = "league", _("共青团")
    PRODUCTION = "production", _("生产")
    TECHNOLOGY = "technology", _("技术")
    SAFETY = "safety", _("安全")
    OTHER = "other", _("其他")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    HELD = "held", _("已召开")
    PUBLISHED = "published", _("纪要已发布")


class Presence(models.TextChoices):
    PRESENT = "present", _("出席")
    STAND_IN = "stand_in", _("委托参会")
    ABSENT = "absent", _("缺席")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    REQUESTED = "requested", _("申请办结")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.REQUESTED)


class ActionEventKind(models.TextChoices):
    CREATE = "create", _("交办")
    PROGRESS = "progress", _("报送进展")
    REQUEST = "request", _("申请办结")
    ACCEPT = "accept", _("同意办结")
    RETURN = "return", _("退回续办")
    REASSIGN = "reassign", _("调整责任或期限")
