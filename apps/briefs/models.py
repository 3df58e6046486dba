"""月度简报: one unit's month as a Word document (and the same figures as a workbook), made in
the background and kept as numbered versions."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.fields import file_fk, unit_fk, user_fk
from apps.core.models import BaseModel


class BriefStatus(models.TextChoices):
    RUNNING = "running", _("生成中")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")


class BriefKind(models.TextChoices):
    MONTH = "month", _("月度简报")
    YEAR = "year", _("年度数据附件")


class Brief(BaseModel):
    """A 月度简报 of a unit's month, or (kind year, `month` the year's 1 January) the year-end
    data appendix for the 党建工作总结; each refresh a new version."""

    unit = unit_fk(_("单位"))
    kind = models.CharField(
        _("类别"), max_length=8, choices=BriefKind.choices, default=BriefKind.MONTH
    )
    month = models.DateField(_("月份"))  # the month's first day
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=10, choices=BriefStatus.choices, default=BriefStatus.RUNNING
    )
    made_by = user_fk(_("生成人"))
    made_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    document = file_fk(_("简报(Word)"))
    workbook = file_fk(_("数据(Excel)"))
    error = models.CharField(_("失败原因"), max_length=200, blank=True)

    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("月度简报")
        verbose_name_plural = _("月度简报")
        ordering = ["-month", "-version", "-pk"]
        indexes = [
            models.Index(fields=["unit", "month", "version"], name="br_unit_month"),
            models.Index(fields=["month"], name="br_month"),
            models.Index(fields=["status"], name="br_status"),
        ]
        constraints = [
            # Two requests for the same unit and month at once make one job.
            models.UniqueConstraint(
                fields=["unit", "kind", "month"],
                condition=Q(status="running"),
                name="br_one_running",
            ),
            models.UniqueConstraint(fields=["unit", "kind", "month", "version"], name="br_version"),
        ]

    def __str__(self):
        if self.kind == BriefKind.YEAR:
            return f"{self.unit} {self.month:%Y} v{self.version}"
        return f"{self.unit} {self.month:%Y-%m} v{self.version}"
