"""苗头性、倾向性问题 early warnings: one row per unit, ISO week and signal, computed by the
weekly pass (services.weekly_pass) and handled by the unit's cadres."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
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
        help_text=_("本周次数(或满意度的下降)在基线下偶然出现的概率低于此值才预警"),
    )
    min_count = models.PositiveSmallIntegerField(
        _("最少次数"), default=5, help_text=_("少于此数的词不预警,也不显示(防止识别个人)")
    )
    baseline_weeks = models.PositiveSmallIntegerField(_("基线周数"), default=10)
    new_term_weeks = models.PositiveSmallIntegerField(_("新词观察周数"), default=3)
    overdue_ratio = models.DecimalField(
        _("逾期增幅(倍)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
        help_text=_("本周逾期事项达到本单位前几周平均数的此倍数才预警"),
    )
    overdue_min = models.PositiveSmallIntegerField(
        _("逾期最少件数"), default=5, help_text=_("本周逾期事项少于此数不预警")
    )
    satisfaction_drop = models.DecimalField(
        _("满意度下降(分)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text=_(
            "本月诉求满意度平均分比前三个月低出此数、且按显著性水平不属偶然时预警"
            "(评价少于 5 条不计)"
        ),
    )
    missed_months = models.PositiveSmallIntegerField(
        _("连续未按规定开会月数"),
        default=2,
        help_text=_("党支部连续这么多个月三会一课未开齐即预警"),
    )

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
    observed = models.DecimalField(_("本期"), max_digits=10, decimal_places=2)
    baseline = models.DecimalField(_("基线"), max_digits=10, decimal_places=2)
    p_value = models.FloatField(_("P 值"), null=True, blank=True)
    series = models.JSONField(_("逐周次数"), default=list, blank=True)
    sources = models.JSONField(_("来源"), default=list, blank=True)
    # Numeric signals: what the figures were (labels of the series, counts behind them) and the
    # links to the records behind them ([{"label", "url"}], each area's own filtered list).
    facts = models.JSONField(_("数据"), default=dict, blank=True)
    links = models.JSONField(_("相关记录"), default=list, blank=True)
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

    def summary(self) -> str:
        """What rose or fell, by how much against what baseline, in one sentence."""
        f = self.facts or {}
        observed, baseline = float(self.observed), float(self.baseline)
        if self.kind == Kind.OVERDUE:
            return gettext("逾期未办结 %(n)d 件,前 %(w)d 周平均 %(b).1f 件") % {
                "n": observed,
                "w": f.get("weeks", 0),
                "b": baseline,
            }
        if self.kind == Kind.SATISFACTION:
            return gettext(
                "本月满意度 %(now).2f 分(%(n)d 条评价),前 %(m)d 个月 %(base).2f 分"
                "(%(bn)d 条),下降 %(drop).2f 分"
            ) % {
                "now": observed,
                "n": f.get("rated", 0),
                "m": f.get("months", 0),
                "base": baseline,
                "bn": f.get("baseline_rated", 0),
                "drop": baseline - observed,
            }
        if self.kind == Kind.MEETINGS:
            n = int(observed)
            return ngettext(
                "连续 %(n)d 个月三会一课未按规定召开",
                "连续 %(n)d 个月三会一课未按规定召开",
                n,
            ) % {"n": n}
        if self.kind == Kind.NEW_TERM:
            return gettext("近几周 %(n)d 次,此前没有出现") % {"n": observed}
        return gettext("本周 %(n)d 次,基线周均 %(b).2f 次") % {"n": observed, "b": baseline}
