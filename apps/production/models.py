"""Monthly production figures per unit (部门/车间), and the configurable list of measures."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.fields import unit_fk
from apps.core.models import ScopedQuerySet

HIGHER, LOWER = "higher", "lower"


class Measure(models.Model):
    """A production measure (产量, 单位成本 …): configured in the admin, seeded by migration."""

    class Direction(models.TextChoices):
        HIGHER = HIGHER, _("越高越好")
        LOWER = LOWER, _("越低越好")

    code = models.SlugField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    unit_of_measure = models.CharField(_("计量单位"), max_length=20, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices)
    weight = models.DecimalField(
        _("贡献度权重"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    # A count (安全事故) cannot be negative; a profit or 减亏 can.
    non_negative = models.BooleanField(_("不能为负"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ("order", "pk")
        verbose_name = verbose_name_plural = _("生产指标项")

    def __str__(self):
        return self.name


class Figure(models.Model):
    """One measure's value for one unit and month (the month's first day)."""

    unit = unit_fk(_("单位"))
    month = models.DateField(_("月份"))
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, verbose_name=_("指标项"))
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_unit_fields = ("unit",)
    objects = models.Manager.from_queryset(ScopedQuerySet)()

    class Meta:
        ordering = ("unit", "month", "measure__order")
        verbose_name = verbose_name_plural = _("生产数据")
        constraints = [
            models.UniqueConstraint(
                fields=("unit", "month", "measure"), name="production_figure_unique"
            )
        ]
        indexes = [
            models.Index(fields=("month", "measure"), name="production_fig_month_measure"),
            models.Index(fields=("measure", "unit", "month"), name="production_fig_measure_unit"),
        ]

    def __str__(self):
        return f"{self.unit} {self.month:%Y-%m} {self.measure}"


class FigureImport(models.Model):
    """An uploaded file checked and waiting for confirmation: its clean figures and its row
    errors. Only its uploader sees it; it is applied whole or not at all."""

    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("上传人")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    figures = models.JSONField(_("数据"), default=list)  # [{unit, month, measure, value}]
    errors = models.JSONField(_("错误"), default=list)  # [{row, message}]
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    scope_user_field = "created_by"
    objects = models.Manager.from_queryset(ScopedQuerySet)()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = verbose_name_plural = _("生产数据导入")

    def __str__(self):
        return self.file_name
