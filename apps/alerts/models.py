"""苗头性、倾向性问题 early warnings: one row per unit, ISO week and signal, computed by the
weekly pass (services.weekly_pass) and handled by the unit's cadres."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.fields import unit_fk, user_fk
from apps.core.models import ScopedQuerySet, SettingsRow

from .choices import Kind, Status


class AlertPolicy(SettingsRow):
    """预警阈值, per company (the row without a company holds the defaults)."""

    company = unit_fk(_("公司"), null=True)
    p_value = models.DecimalField(
        _("显著性水平"),
        max_digits=5,
        decimal_places=4,
        default="0.0100",
        help_text=_("本周次数在基线下出现的概率低于此值才预警"),
    )
    min_count = models.PositiveSmallIntegerField(
        _("最少次数"), default=5, help_text=_("少于此数的词不预警,也不显示(防止识别个人)")
    )
    baseline_weeks = models.PositiveSmallIntegerField(_("基线周数"), default=10)
    new_term_weeks = models.PositiveSmallIntegerField(_("新词观察周数"), default=3)
    overdue_rise = models.PositiveSmallIntegerField(
        _("逾期督办增加件数"), default=3, help_text=_("逾期件数比上周多出此数即预警")
    )
    missed_months = models.PositiveSmallIntegerField(_("连续未按规定开会月数"), default=2)

    class Meta:
        verbose_name = _("预警设置")
        verbose_name_plural = _("预警设置")
        constraints = [models.UniqueConstraint(fields=["company"], name="al_policy_once")]

    @classmethod
    def for_company(cls, company_id):
        rows = {p.company_id: p for p in cls.objects.filter(company_id__in=[company_id, None])}
        return rows.get(company_id) or rows.get(None) or cls()


class Warning(models.Model):
    unit = unit_fk(_("单位"))
    week = models.DateField(_("周"), help_text=_("ISO 周的星期一"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    term = models.CharField(_("关键词或指标"), max_length=40)
    observed = models.PositiveIntegerField(_("本周"))
    baseline = models.DecimalField(_("基线(周均)"), max_digits=8, decimal_places=2)
    p_value = models.FloatField(_("P 值"), null=True, blank=True)
    series = models.JSONField(_("逐周次数"), default=list, blank=True)
    sources = models.JSONField(_("来源"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField(_("排除理由"), max_length=500, blank=True)
    handled_by = user_fk(_("处理人"))
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-week", "-pk"]
        indexes = [
            models.Index(fields=["unit", "week"], name="al_unit_week"),
            models.Index(fields=["status", "week"], name="al_status_week"),
            models.Index(fields=["kind", "week"], name="al_kind_week"),
            models.Index(fields=["week"], name="al_week"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "week", "kind", "term"], name="al_once_per_week"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.week:%G-W%V} {self.get_kind_display()} {self.term}"

    def get_absolute_url(self):
        return reverse("alerts:detail", args=[self.pk])
