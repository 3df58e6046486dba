"""The registered indicators' values stored per unit and period (decision 0020): what the
cockpit, the league table and the brief read instead of running every calculator on a request.

A value keeps the calculator's own numbers as text, so what is read back is what was computed
(an int stays an int, a Decimal keeps its places)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredValue(models.Model):
    code = models.CharField(_("指标代码"), max_length=64)
    kind = models.CharField(_("周期类型"), max_length=8)  # month | quarter | year
    start = models.DateField(_("周期开始"))
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("单位")
    )
    value = models.CharField(_("值"), max_length=40, blank=True)
    numerator = models.CharField(_("分子"), max_length=40, blank=True)
    denominator = models.CharField(_("分母"), max_length=40, blank=True)
    url = models.CharField(_("记录链接"), max_length=500, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标存值")
        verbose_name_plural = _("指标存值")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "start", "code"], name="rollups_value_once"
            )
        ]
        # A period's values for every unit (the league table, whether a period is stored).
        indexes = [models.Index(fields=["kind", "start", "code"], name="rollups_period")]

    def __str__(self):
        return f"{self.code} {self.kind} {self.start} #{self.unit_id}"
