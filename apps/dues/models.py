"""党费: the standard table, each member's yearly base, the monthly payments, reductions and
exemptions with the committee's approval, the branch's remittances to the committee, and the
payroll import jobs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk, yuan_field
from apps.core.models import BaseModel, ScopedQuerySet, SettingsRow, soft_delete_managers

from .choices import (
    BaseSource,
    ImportStatus,
    IncomeKind,
    PayMethod,
    ReliefKind,
    ReliefStatus,
    RemittanceStatus,
)


class DuesRate(models.Model):
    """One row of the 党费 standard (apps.dues.standard): bases of `kind` up to `upper` pay
    `percent` of the base, or the fixed `amount`; the rows of a kind with the latest `start_on`
    not after a day are the standard that day."""

    kind = models.CharField(_("党员类别"), max_length=12, choices=IncomeKind.choices)
    upper = models.DecimalField(
        _("月收入上限(含,元)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("留空表示不设上限(最高一档)"),
    )
    percent = models.DecimalField(
        _("交纳比例(%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("每月固定金额(元)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("学生或无收入党员每月交纳的固定金额;填写后不按比例计算"),
    )
    start_on = models.DateField(_("施行日期"))

    class Meta:
        verbose_name = _("党费标准")
        verbose_name_plural = _("党费标准")
        ordering = ["-start_on", "kind", models.F("upper").asc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=False) | Q(amount__isnull=False),
                name="dues_rate_percent_or_amount",
            )
        ]

    def __str__(self):
        top = f"≤{self.upper}" if self.upper is not None else "∞"
        rate = f"{self.percent}%" if self.amount is None else f"{self.amount}元"
        return f"{self.get_kind_display()} {top} {rate} ({self.start_on})"


class DuesBase(BaseModel):
    """A member's monthly income base for one year (entered, or imported from payroll) and the
    monthly dues it gives by the standard in force on 1 January of that year."""

    person = person_fk(_("党员"))
    branch = unit_fk(_("所在支部"))
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(
        _("党员类别"), max_length=12, choices=IncomeKind.choices, default=IncomeKind.SALARY
    )
    income = yuan_field(_("月收入基数(元)"), null=False)
    monthly_due = yuan_field(_("每月应交(元)"), null=False)
    # Bit m-1 set: month m is settled (paid or exempted). Kept by the services with the payment
    # rows, so arrears and the 第九条 flag read one row per member instead of their payments.
    paid_mask = models.PositiveIntegerField(_("已结清月份"), default=0, editable=False)
    source = models.CharField(
        _("来源"), max_length=8, choices=BaseSource.choices, default=BaseSource.ENTERED
    )
    created_by = user_fk(_("录入人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("branch",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        ordering = ["-year", "branch", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(deleted_at__isnull=True),
                name="dues_base_once_a_year",
            )
        ]
        indexes = [models.Index(fields=["branch", "year"], name="dues_base_branch_year")]

    def __str__(self):
        return f"{self.person} {self.year}"


class DuesPayment(BaseModel):
    """A month's dues of a member, paid (cash, transfer, by someone on their behalf) or
    excused by an approved exemption; one per member and month. `remittance` is the branch's
    remittance to the committee that carried it."""

    base = models.ForeignKey(
        DuesBase, models.PROTECT, related_name="payments", verbose_name=_("党费基数")
    )
    person = person_fk(_("党员"))
    branch = unit_fk(_("收缴支部"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    amount = yuan_field(_("金额(元)"), null=False)
    method = models.CharField(_("交纳方式"), max_length=8, choices=PayMethod.choices)
    payer = models.CharField(_("代交人"), max_length=50, blank=True)
    paid_on = models.DateField(_("交纳日期"), default=timezone.localdate)
    on_time = models.BooleanField(_("按时交纳"), default=True)
    remittance = models.ForeignKey(
        "DuesRemittance",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("上缴批次"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("branch",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("党费交纳")
        verbose_name_plural = _("党费交纳")
        ordering = ["-year", "-month", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "month"],
                condition=Q(deleted_at__isnull=True),
                name="dues_payment_once_a_month",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="dues_payment_month"
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "year", "month"], name="dues_pay_branch_month"),
            models.Index(fields=["base", "month"], name="dues_pay_base_month"),
            models.Index(fields=["branch", "remittance"], name="dues_pay_remit"),
            # Covers the committee ledger's grouped sums: an index-only scan of the year.
            models.Index(
                fields=["year", "branch", "month", "on_time", "remittance", "amount"],
                name="dues_pay_year_cover",
                condition=Q(deleted_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.year}-{self.month:02d} {self.amount}"


class DuesRelief(BaseModel):
    """A reduction (少交) or exemption (免交) of a member's dues for months of a year: asked by
    the branch, approved by the committee (2008 规定 第七条: 经党支部研究, 报上一级党委批准)."""

    base = models.ForeignKey(
        DuesBase, models.PROTECT, related_name="reliefs", verbose_name=_("党费基数")
    )
    person = person_fk(_("党员"))
    branch = unit_fk(_("所在支部"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month_from = models.PositiveSmallIntegerField(_("起始月份"))
    month_to = models.PositiveSmallIntegerField(_("截止月份"))
    kind = models.CharField(_("类型"), max_length=8, choices=ReliefKind.choices)
    amount = yuan_field(_("每月交纳(元)"), help_text=_("少交时每月交纳的金额"))
    reason = models.CharField(_("理由"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReliefStatus.choices, default=ReliefStatus.PENDING
    )
    requested_by = user_fk(_("申请人"))
    decided_by = user_fk(_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("branch",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("党费减免")
        verbose_name_plural = _("党费减免")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "branch"], name="dues_relief_status")]

    def __str__(self):
        return f"{self.person} {self.year} {self.month_from}-{self.month_to}"

    def covers(self, month: int) -> bool:
        return self.month_from <= month <= self.month_to


class DuesRemittance(BaseModel):
    """A branch's remittance of collected dues to the committee: it carries every payment not
    yet remitted, and its amount equals their sum (the service refuses any difference)."""

    branch = unit_fk(_("支部"))
    amount = yuan_field(_("上缴金额(元)"), null=False)
    count = models.PositiveIntegerField(_("笔数"), default=0)
    remitted_on = models.DateField(_("上缴日期"), default=timezone.localdate)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=RemittanceStatus.choices,
        default=RemittanceStatus.SUBMITTED,
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = user_fk(_("上缴人"))
    confirmed_by = user_fk(_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("branch",)

    class Meta:
        verbose_name = _("党费上缴")
        verbose_name_plural = _("党费上缴")
        ordering = ["-remitted_on", "-pk"]

    def __str__(self):
        return f"{self.branch} {self.remitted_on} {self.amount}"


class DuesSettings(SettingsRow):
    """党费设置: the months without payment after which a member is flagged to the branch (党章
    第九条: 连续六个月不交纳党费 … 就被认为是自行脱党), and the day of the month the arrears
    reminder goes out."""

    lapse_months = models.PositiveSmallIntegerField(_("连续未交预警(月)"), default=6)
    remind_day = models.PositiveSmallIntegerField(_("每月提醒日"), default=20)

    class Meta:
        verbose_name = _("党费设置")
        verbose_name_plural = _("党费设置")


def import_file_path(instance, filename):
    return f"dues-imports/{timezone.now():%Y/%m}/{instance.token}.xlsx"


class DuesImport(models.Model):
    """A payroll import: the file parsed at upload into `rows` (valid ones) and `errors` (a
    preview); confirmed, every base is written in one transaction or none."""

    token = models.CharField(_("标识"), max_length=32, unique=True, editable=False)
    file_name = models.CharField(_("文件名"), max_length=255)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PARSED
    )
    total = models.PositiveIntegerField(_("总行数"), default=0)
    rows = models.JSONField(_("有效行"), default=list, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    written = models.PositiveIntegerField(_("已写入"), default=0)
    message = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入完成"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_user_field = "created_by"  # an upload is its uploader's alone

    class Meta:
        verbose_name = _("工资表导入")
        verbose_name_plural = _("工资表导入")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("dues:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status == ImportStatus.APPLYING
