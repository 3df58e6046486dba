"""量化考核: the indicator library, schemes with weighted items, periods, and each unit's
scorecard with its lines (every computed line keeps the link to the records behind it), manual
scores with evidence, and 加分/扣分/一票否决 adjustments. A unit sees its own scorecard; assessors
see the units they reach."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.fields import file_fk, person_fk, unit_fk, user_fk
from apps.core.models import (
    BaseModel,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    TimelineEvent,
)

from .choices import (
    AdjustmentKind,
    Direction,
    Grade,
    ObjectionAction,
    ObjectionStatus,
    PeriodAction,
    PeriodKind,
    PeriodStatus,
    RuleKind,
    SchemeStatus,
    Source,
    Vote,
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
    # A manual score's allowed values; blank keeps the default (0, and 100 for 分 / %).
    min_value = models.DecimalField(_("最小值"), null=True, blank=True, **SCORE)
    max_value = models.DecimalField(_("最大值"), null=True, blank=True, **SCORE)

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
    publicity_days = models.PositiveSmallIntegerField(
        _("公示天数(工作日)"), default=5, validators=[MinValueValidator(1)]
    )
    excellent_quota = models.PositiveSmallIntegerField(
        _("优秀比例上限(%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("例如 20 表示优秀不超过参评单位的 20%;不填则不限。"),
    )

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
    computed_at = models.DateTimeField(_("最近计算"), null=True, blank=True)
    public_until = models.DateField(_("公示截止"), null=True, blank=True)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核期")
        verbose_name_plural = _("考核期")
        ordering = ["-start", "pk"]
        indexes = [models.Index(fields=["status"], name="kpi_period_status")]


class PeriodEvent(TimelineEvent):
    """A step of a period: computed, published for 公示, locked."""

    period = models.ForeignKey(
        Period, models.CASCADE, related_name="events", verbose_name=_("考核期")
    )
    action = choice_field(_("操作"), PeriodAction)
    from_status = choice_field(_("原状态"), PeriodStatus, blank=True)
    to_status = choice_field(_("新状态"), PeriodStatus, blank=True)

    timeline_of = "period"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("考核期记录")
        verbose_name_plural = _("考核期记录")


class Scorecard(BaseModel):
    """A unit's result for a period: the sum of its lines and adjustments, and its grade."""

    period = models.ForeignKey(
        Period, models.PROTECT, related_name="scorecards", verbose_name=_("考核期")
    )
    unit = unit_fk(_("考核对象"))
    total = models.DecimalField(_("总分"), null=True, blank=True, **SCORE)
    grade = choice_field(_("等次"), Grade, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    peers = models.PositiveIntegerField(_("同类参评数"), null=True, blank=True)
    vetoed = models.BooleanField(_("一票否决"), default=False)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["period", "-total", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="kpi_scorecard_once")
        ]
        indexes = [models.Index(fields=["period", "grade"], name="kpi_card_grade")]


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

    def __str__(self):
        return f"{self.unit.name} {self.value}"

    def get_additional_data(self) -> dict:
        # auditlog keeps it on every entry, so the period finds a deleted score's history.
        return {"period": self.period_id}


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

    def __str__(self):
        return f"{self.unit.name} {self.get_kind_display()} {self.points}"

    def get_additional_data(self) -> dict:
        return {"period": self.period_id}


class Objection(BaseModel):
    """申诉: a unit disputes its scorecard (one line, or the total) during 公示, with its reason
    and evidence; the assessor accepts (the unit's score is corrected and the period recomputed)
    or rejects with a reason."""

    scorecard = models.ForeignKey(
        Scorecard, models.PROTECT, related_name="objections", verbose_name=_("考核结果")
    )
    line = models.ForeignKey(
        ScoreLine,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申诉的得分项"),
        help_text=_("不选则对总分申诉。"),
    )
    indicator = models.CharField(_("申诉指标"), max_length=100, blank=True)
    reason = models.TextField(_("申诉理由"))
    evidence = file_fk(_("佐证材料"))
    raised_by = user_fk(_("申诉人"))
    status = choice_field(_("状态"), ObjectionStatus, ObjectionStatus.PENDING)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = user_fk(_("答复人"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "scorecard"

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["scorecard", "status"], name="kpi_objection_status")]


class ObjectionEvent(TimelineEvent):
    objection = models.ForeignKey(
        Objection, models.CASCADE, related_name="events", verbose_name=_("申诉")
    )
    action = choice_field(_("操作"), ObjectionAction)
    from_status = choice_field(_("原状态"), ObjectionStatus, blank=True)
    to_status = choice_field(_("新状态"), ObjectionStatus, blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    timeline_of = "objection"
    scope_via = "objection"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("申诉记录")
        verbose_name_plural = _("申诉记录")


def coefficient_field(label, default: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
    )


class KpiSettings(SettingsRow):
    """The 薪酬激励 coefficient of each grade (the incentive export multiplies by it)."""

    excellent = coefficient_field(_("优秀系数"), "1.2")
    good = coefficient_field(_("良好系数"), "1.0")
    fair = coefficient_field(_("一般系数"), "0.8")
    poor = coefficient_field(_("较差系数"), "0.6")

    class Meta:
        verbose_name = _("量化考核设置")
        verbose_name_plural = _("量化考核设置")

    def coefficient(self, grade: str) -> Decimal | None:
        return getattr(self, grade, None) if grade in Grade.values else None


def count_field(label) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class CadreReview(BaseModel):
    """党支部书记抓党建述职评议: a cadre's 述职, scored by the assessors, and the 民主评议 of the
    branch's members (paper ballots entered as counts, or cast one per member on the platform);
    combined by `report_weight`. Seen by the assessors and by the cadre; never ranked in public."""

    period = models.ForeignKey(
        Period, models.PROTECT, related_name="cadre_reviews", verbose_name=_("考核期")
    )
    person = person_fk(_("述职人"))
    unit = unit_fk(_("所在党支部"))
    report_score = models.DecimalField(
        _("述职得分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    report_weight = models.PositiveSmallIntegerField(
        _("述职权重(%)"), default=70, validators=[MaxValueValidator(100)]
    )
    paper_good = count_field(_("纸质票:好"))
    paper_fairly_good = count_field(_("纸质票:较好"))
    paper_fair = count_field(_("纸质票:一般"))
    paper_poor = count_field(_("纸质票:差"))

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("述职评议")
        verbose_name_plural = _("述职评议")
        ordering = ["period", "unit__path", "pk"]
        constraints = [models.UniqueConstraint(fields=["period", "person"], name="kpi_cadre_once")]


class CadreVote(models.Model):
    """One member's 民主评议 vote: the voter is kept only so that each votes once; pages and the
    API show counts, never who voted what."""

    review = models.ForeignKey(
        CadreReview, models.CASCADE, related_name="votes", verbose_name=_("述职评议")
    )
    voter = models.ForeignKey(
        "accounts.User", models.CASCADE, related_name="+", verbose_name=_("评议人")
    )
    choice = choice_field(_("评议"), Vote)

    class Meta:
        verbose_name = _("评议票")
        verbose_name_plural = _("评议票")
        constraints = [models.UniqueConstraint(fields=["review", "voter"], name="kpi_vote_once")]

    def __str__(self):
        return self.get_choice_display()  # never the voter
