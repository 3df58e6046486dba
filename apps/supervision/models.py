"""The one supervision index (督办): every record with an owner and a deadline has a row here.

Areas join by calling `apps.supervision.services.supervise(...)` when a record gets (or changes)
its owner or deadline and `supervision_close(...)` when it is done; they keep no copy of the
reminder or escalation logic.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import ChoiceLabels, ScopedQuerySet, SettingsRow, TimelineEvent

from .choices import ExtensionStatus, ItemAction


class SupervisedItem(ChoiceLabels, models.Model):
    """One supervised record: who owns it, by when, and how far reminders have gone."""

    class Level(models.IntegerChoices):
        NONE = 0, _("未提醒")
        REMINDED = 1, _("已提醒")
        ESCALATED = 2, _("已升级督办")
        ESCALATED_AGAIN = 3, _("已二次升级")

    kind = models.CharField(_("类别"), max_length=32, db_index=True)  # e.g. "appeal", "hazard"
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("记录类型")
    )
    object_id = models.PositiveBigIntegerField(_("记录"))
    record = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("事项"), max_length=200)
    url = models.CharField(_("链接"), max_length=300)
    owner_unit = unit_fk(_("责任单位"))
    owner_person = person_fk(_("责任人"), models.SET_NULL, null=True)
    due_at = models.DateTimeField(_("办结时限"))
    opened_at = models.DateTimeField(_("开始督办"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("督办级别"), choices=Level.choices, default=0)
    level_at = models.DateTimeField(_("最近提醒/升级"), null=True, blank=True)
    # The assigning office: it decides extension requests and hears of an escalation that finds
    # no superior head with an account.
    assigner_unit = unit_fk(_("交办单位"), null=True)
    assigned_by = user_fk(_("交办人"))

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("owner_unit", "assigner_unit")
    scope_owner_field = "owner_person"

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_item_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["closed_at", "due_at"], name="sv_open_due"),
            models.Index(fields=["owner_unit", "closed_at", "due_at"], name="sv_unit_open_due"),
            models.Index(fields=["kind", "closed_at"], name="sv_kind_open"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def closed_on_time(self) -> bool | None:
        return None if self.closed_at is None else self.closed_at <= self.due_at


OPEN = Q(closed_at__isnull=True)


class Policy(SettingsRow):
    """The admin-set timing of reminders and escalations (one row; defaults if none)."""

    remind_before_hours = models.PositiveIntegerField(_("到期前提醒(小时)"), default=24)
    second_escalation_days = models.PositiveIntegerField(_("逾期后二次升级(天)"), default=3)

    class Meta:
        verbose_name = _("督办规则")
        verbose_name_plural = _("督办规则")


class ItemEvent(TimelineEvent):
    """A step on a supervised item's record: a 催办, an extension asked for, granted or refused."""

    item = models.ForeignKey(
        SupervisedItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("督办事项")
    )
    action = models.CharField(_("操作"), max_length=16, choices=ItemAction.choices)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    timeline_of = "item"
    scope_via = "item"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        indexes = [models.Index(fields=["item", "action", "at"], name="sv_event_item_at")]


class ExtensionRequest(models.Model):
    """The owner asks for a later deadline, with a reason; the assigning office grants or
    refuses it. One request at a time per item."""

    item = models.ForeignKey(
        SupervisedItem,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("督办事项"),
    )
    requested_by = user_fk(_("申请人"), blank=False)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    reason = models.TextField(_("延期理由"), max_length=500)
    old_due_at = models.DateTimeField(_("原办结时限"))
    new_due_at = models.DateTimeField(_("申请延至"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = user_fk(_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), max_length=500, blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_via = "item"

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="pending"),
                name="sv_one_pending_extension",
            )
        ]

    def __str__(self):
        return f"{self.item_id} → {self.new_due_at:%Y-%m-%d}"
