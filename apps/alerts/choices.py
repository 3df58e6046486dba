from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SPIKE = "spike", _("关键词激增")
    NEW_TERM = "new_term", _("新出现的关键词")
    OVERDUE = "overdue", _("督办逾期增多")
    MEETINGS = "meetings", _("连续未按规定开会")
    SATISFACTION = "satisfaction", _("满意度下降")


class Status(models.TextChoices):
    OPEN = "open", _("待处理")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已排除")
    SUPERVISED = "supervised", _("已转督办")
