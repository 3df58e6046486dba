"""送达: the channels a notification also goes out on, each delivery's log, people's preferences.

The in-app notification (apps.core.models.Notification) stays the one record; a `Delivery` is
its copy on one channel (at most one per notification and channel), written by the router and
sent by the Huey worker (apps.notify.services)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import SettingsRow

from .choices import ChannelCode, DeliveryStatus
from .crypto import unseal
from .kinds import URGENT_DEFAULT


def urgent_default() -> list[str]:
    return list(URGENT_DEFAULT)


class Channel(models.Model):
    """A channel the system admin configures: on or off, its settings, its credentials (sealed,
    never shown back) and the kinds of notification it carries."""

    code = models.CharField(_("渠道"), max_length=16, choices=ChannelCode.choices, unique=True)
    enabled = models.BooleanField(_("启用"), default=False)
    # Notifications older than the moment a channel was switched on are not sent on it.
    enabled_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    config = models.JSONField(_("设置"), default=dict, blank=True)
    secrets = models.TextField(_("凭据(密文)"), blank=True, default="")
    kinds = models.JSONField(_("承载的通知类别"), default=list, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("送达渠道")
        verbose_name_plural = _("送达渠道")

    def __str__(self):
        return self.get_code_display()

    def secret_values(self) -> dict:
        return unseal(self.secrets)


class NotifyPolicy(SettingsRow):
    """The company's rules: the site address links start with, the kinds that always go out
    (whatever a person chose, quiet hours too), the daily digest's hour and the retry budget."""

    site_url = models.URLField(_("站点地址"), blank=True, default="")
    urgent_kinds = models.JSONField(_("强制送达的类别"), default=urgent_default, blank=True)
    digest_hour = models.PositiveSmallIntegerField(_("每日汇总时间(时)"), default=17)
    max_attempts = models.PositiveSmallIntegerField(_("最多尝试次数"), default=5)

    class Meta:
        verbose_name = _("送达规则")
        verbose_name_plural = _("送达规则")


class Preference(models.Model):
    """A person's choices: the (kind, channel) pairs they turned off, the daily digest for
    non-urgent kinds, and quiet hours (non-urgent messages wait until they end)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notify_preference"
    )
    muted = models.JSONField(_("已关闭"), default=list, blank=True)  # ["<kind>:<channel>", ...]
    digest = models.BooleanField(_("非紧急通知每日汇总"), default=False)
    quiet_from = models.TimeField(_("免打扰开始"), null=True, blank=True)
    quiet_to = models.TimeField(_("免打扰结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self):
        return str(self.user)


class RecipientId(models.Model):
    """A person's account on a channel when it is not their 工号 or mobile (set by the admin)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=16, choices=ChannelCode.choices)
    value = models.CharField(_("账号"), max_length=100)

    class Meta:
        verbose_name = _("渠道账号")
        verbose_name_plural = _("渠道账号")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="notify_recipient_once")
        ]

    def __str__(self):
        return f"{self.get_channel_display()}:{self.value}"


class Routed(models.Model):
    """A notification the router has seen (whether or not any channel took it): the sweep skips
    it, so a notification is routed once however often the sweep runs."""

    notification = models.OneToOneField(
        "core.Notification", models.CASCADE, primary_key=True, related_name="routed"
    )

    def __str__(self):
        return str(self.notification_id)


class Delivery(models.Model):
    """One notification on one channel (or a daily digest of several): its state, attempts and
    why it failed. Unique per (notification, channel) and per (person, channel, digest day)."""

    notification = models.ForeignKey(
        "core.Notification",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("通知"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("接收人")
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=ChannelCode.choices)
    kind = models.CharField(_("类别"), max_length=20)
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    recipient = models.CharField(_("接收账号"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_at = models.DateTimeField(_("下次发送"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.CharField(_("原因"), max_length=500, blank=True)
    vendor_id = models.CharField(_("对方消息号"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # A digest: the day it collects; its items point at it once it is made.
    digest_day = models.DateField(_("汇总日期"), null=True, blank=True)
    digest = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="items")

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                condition=Q(notification__isnull=False),
                name="notify_delivery_once",
            ),
            models.UniqueConstraint(
                fields=["user", "channel", "digest_day"],
                condition=Q(digest_day__isnull=False),
                name="notify_digest_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_at"], name="nd_status_next"),
            models.Index(fields=["channel", "status", "created_at"], name="nd_channel_status"),
            models.Index(fields=["user", "created_at"], name="nd_user_created"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient or self.user}"
