from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class ChannelCode(models.TextChoices):
    WECOM = "wecom", _("企业微信")
    DINGTALK = "dingtalk", _("钉钉")
    FEISHU = "feishu", _("飞书")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WEBHOOK = "webhook", _("Webhook")


@coloured(
    {
        "pending": "blue",
        "sending": "blue",
        "sent": "green",
        "failed": "red",
        "skipped": "secondary",
        "digest": "purple",
    }
)
class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("已跳过")
    DIGEST = "digest", _("待每日汇总")
