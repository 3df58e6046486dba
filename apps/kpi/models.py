"""量化考核: the indicator library, schemes with weighted items, periods, and each unit's
scorecard with its lines (every computed line keeps the link to the records behind it), manual
scores with evidence, and 加分/扣分/一票否决 adjustments. A unit sees its own scorecard; assessors
see the units they reach."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.fields import file_fk, unit_fk, user_fk
from apps.core.models import BaseModel, ParentScopedQuerySet, ScopedQuerySet

from .choices import (
    AdjustmentKind,
    Direction,
    Grade,
    PeriodKind,
    PeriodStatus,
    RuleKind,
    SchemeStatus,
    Source,
)

SCORE = {"max_digits": 12, "decimal_places": 4}


def choice_field(label, choices, default="", **options) -> models.CharField:
    """A field holding one of a TextChoices' values (every kpi choice fits in 16)."""
    return models.CharField(
        label, max_length=16, choices=choices.choices, default=default, **options
    )


class Indicator(BaseModel):
    """An indicator (指标): computed by a calculator an area registers (apps.core.indicators),
    or manual where the platform lacks the data."""

    code = models.CharField(_("编码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    measure = models.CharField(_("计量单位"), max_length=16, blank=True)
    direction = choice_field(_("方向"), Direction, Direction.HIGHER)
    unit_kinds = models.JSONField(_("适用组织类型"), default=list, blank=True)
    source = choice_field(_("来源"), Source, Source.COMPUTED)
    calculator = models.CharField(_("计算器"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Scheme(BaseModel):
    """A year's 考核方案 for one kind of unit: items whose weights sum to 100."""

    year = models.PositiveSmallIntegerField(_("年度"))
    unit_kind = models.CharField(_("考核对象类型"), max_length=32)
    name = models.CharField(_("名称"), max_length=100)
    period_kind = choice_field(_("考核周期"), PeriodKind, PeriodKind.QUARTER)
    status = choice_field(_("状态"), SchemeStatus, SchemeStatus.DRAFT)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name


class SchemeItem(BaseModel):
    """An indicator in a scheme, its weight and the rule turning its value into points."""

    scheme = models.ForeignKey(
        Scheme, models.CASCADE, related_name="items", verbose_name=_("考核方案")
    )
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="+", verbose_name=_("指标")
    )
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    rule = choice_field(_("计分规则"), RuleKind, RuleKind.LINEAR)
    floor = models.DecimalField(_("底线值"), null=True, blank=True, **SCORE)
    target = models.DecimalField(_("目标值"), null=True, blank=True, **SCORE)
    steps = models.JSONField(_("分档表"), default=list, blank=True)  # [[value, share %], …]

    class Meta:
        verbose_name = _("方案指标")
        verbose_name_plural = _("方案指标")
        ordering = ["scheme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "indicator"], name="kpi_item_once")
        ]


class Period(BaseModel):
    """One period of a scheme: open while it is scored, 公示, then locked (a snapshot)."""

    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="periods", verbose_name=_("考核方案")
    )
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    status = choice_field(_("状态"), PeriodStatus, PeriodStatus.OPEN)

    class Meta:
        verbose_name = _("考核期")
        verbose_name_plural = _("考核期")
        ordering = ["-start", "pk"]


class Scorecard(BaseModel):
    """A unit's result for a period: the sum of its lines and adjustments, and its grade."""

    period = models.ForeignKey(
        Period, models.PROTECT, related_name="scorecards", verbose_name=_("考核期")
    )
    unit = unit_fk(_("考核对象"))
    total = models.DecimalField(_("总分"), null=True, blank=True, **SCORE)
    grade = choice_field(_("等次"), Grade, blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["period", "-total", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="kpi_scorecard_once")
        ]


class ScoreLine(BaseModel):
    """One item of a scorecard: the value (with its numerator and denominator), the points and
    the link to the records behind the value."""

    scorecard = models.ForeignKey(
        Scorecard, models.CASCADE, related_name="lines", verbose_name=_("考核结果")
    )
    item = models.ForeignKey(
        SchemeItem, models.PROTECT, related_name="+", verbose_name=_("方案指标")
    )
    value = models.DecimalField(_("指标值"), null=True, blank=True, **SCORE)
    numerator = models.DecimalField(_("分子"), null=True, blank=True, **SCORE)
    denominator = models.DecimalField(_("分母"), null=True, blank=True, **SCORE)
    points = models.DecimalField(_("得分"), null=True, blank=True, **SCORE)
    url = models.CharField(_("明细链接"), max_length=500, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "scorecard"

    class Meta:
        verbose_name = _("考核得分项")
        verbose_name_plural = _("考核得分项")
        ordering = ["scorecard", "item"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "item"], name="kpi_line_once")]


class ManualScore(BaseModel):
    """A value entered by a named assessor for a manual indicator, with evidence and a note."""

    period = models.ForeignKey(
        Period, models.PROTECT, related_name="manual_scores", verbose_name=_("考核期")
    )
    unit = unit_fk(_("考核对象"))
    item = models.ForeignKey(
        SchemeItem, models.PROTECT, related_name="+", verbose_name=_("方案指标")
    )
    value = models.DecimalField(_("评分值"), **SCORE)
    assessor = user_fk(_("评分人"))
    evidence = file_fk(_("佐证材料"))
    note = models.TextField(_("说明"), blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "item"], name="kpi_manual_once")
        ]


class Adjustment(BaseModel):
    """加分, 扣分 or 一票否决 (which caps the grade) for a unit in a period, with its reason."""

    period = models.ForeignKey(
        Period, models.PROTECT, related_name="adjustments", verbose_name=_("考核期")
    )
    unit = unit_fk(_("考核对象"))
    kind = choice_field(_("类型"), AdjustmentKind)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=0)
    reason = models.TextField(_("事由"))
    evidence = file_fk(_("佐证材料"))
    assessor = user_fk(_("认定人"))

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        ordering = ["period", "unit", "pk"]
