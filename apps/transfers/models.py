"""组织关系转接 (transfers of a member's party relation) and 流动党员 (members working away from
their branch for a while, and members of other organisations working here)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.mixins import Deadlined, LedgerNumber
from apps.core.models import (
    BaseModel,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    TimelineEvent,
    soft_delete_managers,
)

from .choices import (
    ActivityKind,
    FlowDirection,
    FlowStatus,
    TransferAction,
    TransferKind,
    TransferStatus,
)


class Transfer(LedgerNumber, Deadlined, BaseModel):
    """One transfer of a member's party relation. Inside the company it is done at once (the
    roster moves); out of or into the company it carries a numbered 介绍信 (its number is the
    ledger number), and a transfer out waits for the receiving organisation's 回执."""

    kind = models.CharField(_("转接类型"), max_length=8, choices=TransferKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=TransferStatus.choices, default=TransferStatus.DONE
    )
    person = person_fk(_("党员"))
    from_branch = unit_fk(_("转出支部"), null=True)
    to_branch = unit_fk(_("转入支部"), null=True)
    outside_org = models.CharField(_("对方党组织"), max_length=100, blank=True)
    reason = models.CharField(_("转接原因"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("办理时间"), default=timezone.now)
    due_at = models.DateTimeField(_("回执期限"), null=True, blank=True)
    receipt_at = models.DateTimeField(_("回执返回时间"), null=True, blank=True)
    receipt_note = models.CharField(_("回执说明"), max_length=200, blank=True)
    created_by = user_fk(_("经办人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("from_branch", "to_branch")
    scope_owner_field = "person"
    number_prefix = "JS"
    open_statuses = (TransferStatus.ISSUED,)
    done_field = "receipt_at"

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["issued_at"], name="tr_issued"),
            models.Index(fields=["status", "due_at"], name="tr_status_due"),
            models.Index(fields=["kind", "issued_at"], name="tr_kind_issued"),
            models.Index(fields=["from_branch", "issued_at"], name="tr_from_issued"),
            models.Index(fields=["to_branch", "issued_at"], name="tr_to_issued"),
        ]

    def __str__(self):
        return f"{self.number} {self.person.name}"

    def get_absolute_url(self):
        return reverse("transfers:detail", args=[self.pk])

    @classmethod
    def pk_of(cls, number: str) -> int | None:
        """The row id a letter number names (JS000042 → 42; the prefix may be left off)."""
        digits = number.strip().upper().removeprefix(cls.number_prefix)
        return int(digits) if digits.isdigit() and len(digits) <= 9 else None


class TransferEvent(TimelineEvent):
    transfer = models.ForeignKey(
        Transfer, models.CASCADE, related_name="events", verbose_name=_("组织关系转接")
    )
    action = models.CharField(_("操作"), max_length=16, choices=TransferAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=TransferStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=16, choices=TransferStatus.choices)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "transfer"
    timeline_of = "transfer"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("转接记录")
        verbose_name_plural = _("转接记录")
        indexes = [models.Index(fields=["transfer", "at"], name="tr_event_at")]


class TransferSettings(SettingsRow):
    """组织关系转接设置: how many days the receiving organisation has to return the 回执 of a
    介绍信 before the issuing branch is reminded and the letter joins 督办."""

    receipt_days = models.PositiveSmallIntegerField(_("回执期限(天)"), default=30)

    class Meta:
        verbose_name = _("组织关系转接设置")
        verbose_name_plural = _("组织关系转接设置")


class FlowingMember(BaseModel):
    """A 流动党员 registration: a member of a branch here working elsewhere (流出), or a member
    of another organisation working here (流入), managed by `branch` for the period."""

    direction = models.CharField(_("方向"), max_length=4, choices=FlowDirection.choices)
    status = models.CharField(
        _("状态"), max_length=8, choices=FlowStatus.choices, default=FlowStatus.ACTIVE
    )
    person = person_fk(_("党员"), null=True)
    name = models.CharField(_("姓名"), max_length=50)
    branch = unit_fk(_("管理支部"))
    place = models.CharField(_("流入/流出地"), max_length=100)
    place_org = models.CharField(_("对方党组织"), max_length=100, blank=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("预计结束日期"), null=True, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100)
    certificate_no = models.CharField(_("活动证编号"), max_length=30, unique=True)
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("branch",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("流动党员")
        verbose_name_plural = _("流动党员")
        ordering = ["-start_on", "-pk"]
        indexes = [
            models.Index(fields=["branch", "status"], name="fl_branch_status"),
            models.Index(fields=["direction", "status"], name="fl_direction_status"),
            models.Index(fields=["start_on"], name="fl_start"),
        ]

    def __str__(self):
        return f"{self.name} · {self.place}"

    def get_absolute_url(self):
        return reverse("transfers:flowing_detail", args=[self.pk])


class FlowActivity(BaseModel):
    """A meeting or a study a 流动党员 took part in where they are: counted for them as the
    branch's own (the participation source `transfers.flowing`)."""

    member = models.ForeignKey(
        FlowingMember, models.CASCADE, related_name="activities", verbose_name=_("流动党员")
    )
    kind = models.CharField(_("类别"), max_length=8, choices=ActivityKind.choices)
    day = models.DateField(_("日期"))
    title = models.CharField(_("内容"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, default=0)
    organiser = models.CharField(_("组织单位"), max_length=100, blank=True)
    created_by = user_fk(_("登记人"))

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "member"

    class Meta:
        verbose_name = _("流动党员活动")
        verbose_name_plural = _("流动党员活动")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["day", "member"], name="fl_activity_day")]

    def __str__(self):
        return self.title
