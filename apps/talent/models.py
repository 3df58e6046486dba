"""人才队伍: the 高技能人才库 (entries and 师带徒), 职业技能竞赛 (events, trades, entrants,
selection rounds, scores, results, awards) and the honours (党建品牌, 先锋岗, 责任区, 突击队,
honour rolls). 班组长公开竞聘 is apps.selections; it asks the pool through apps.core.talentpool."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk, yuan_field
from apps.core.models import (
    BaseModel,
    NamingQuerySet,
    ParentScopedQuerySet,
    ScopedQuerySet,
    soft_delete_managers,
)

from .choices import (
    AwardStatus,
    BrandKind,
    ContestLevel,
    Grade,
    HonourKind,
    MentorshipResult,
    PoolSource,
    RoundKind,
)

DEFAULT_CAP = Decimal("10000.00")


class TalentLevel(models.Model):
    """A level of the 高技能人才库 (首席技师 … 高级工), kept by the administrators: `rank` 1 is
    the highest, and a person in the pool shows their highest valid level."""

    name = models.CharField(_("等级名称"), max_length=30, unique=True)
    rank = models.PositiveSmallIntegerField(_("排序(1 为最高)"), default=10)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("人才等级")
        verbose_name_plural = _("人才等级")
        ordering = ["rank", "pk"]

    def __str__(self):
        return self.name


class TalentEntry(BaseModel):
    """One person's place in the 高技能人才库: a level, why (a contest result, a certificate, an
    appointment) and for how long; the person is in the pool on the days it is valid."""

    person = person_fk(_("人员"), related_name="talent_entries")
    unit = unit_fk(_("所在单位"))
    level = models.ForeignKey(
        TalentLevel, models.PROTECT, related_name="+", verbose_name=_("人才等级")
    )
    source = models.CharField(_("入库来源"), max_length=12, choices=PoolSource.choices)
    source_text = models.CharField(_("入库依据"), max_length=200)
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)
    entrant = models.ForeignKey(
        "Entrant",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="pool_entries",
        verbose_name=_("竞赛成绩"),
    )
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("unit",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("人才库成员")
        verbose_name_plural = _("人才库成员")
        ordering = ["level__rank", "-valid_from", "-pk"]
        indexes = [
            models.Index(fields=["person", "valid_from"], name="tal_entry_person"),
            models.Index(fields=["unit", "valid_from"], name="tal_entry_unit"),
            models.Index(fields=["valid_from"], name="tal_entry_from"),
        ]
        constraints = [
            # A contest result enters the pool once.
            models.UniqueConstraint(
                fields=["entrant"],
                condition=Q(entrant__isnull=False, deleted_at__isnull=True),
                name="tal_entry_once_per_entrant",
            )
        ]

    def __str__(self):
        return f"{self.person.name} · {self.level.name}"

    def get_absolute_url(self):
        return reverse("talent:entry", args=[self.pk])

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class Mentorship(BaseModel):
    """A 师带徒 pair: a master teaches an apprentice a trade for a period towards a goal; the
    result is recorded at the end."""

    master = person_fk(_("师傅"))
    apprentice = person_fk(_("徒弟"))
    unit = unit_fk(_("所在单位"))
    trade = models.CharField(_("工种"), max_length=50)
    goal = models.CharField(_("培养目标"), max_length=200)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    result = models.CharField(
        _("结果"), max_length=10, choices=MentorshipResult.choices, blank=True
    )
    result_note = models.CharField(_("结果说明"), max_length=300, blank=True)
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("unit",)
    scope_owner_field = "apprentice"

    class Meta:
        verbose_name = _("师带徒")
        verbose_name_plural = _("师带徒")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["unit", "start_on"], name="tal_mentor_unit")]

    def __str__(self):
        return f"{self.master.name} → {self.apprentice.name}"


class ContestQuerySet(NamingQuerySet):
    """A contest is seen in its unit's scope, and by its judges and entrants wherever they are."""

    def naming(self, person_id) -> Q:
        return Q(
            pk__in=Round.judges.through.objects.filter(person_id=person_id).values(
                "round__contest_id"
            )
        ) | Q(pk__in=Entrant.objects.filter(person_id=person_id).values("contest_id"))


class Contest(BaseModel):
    """A 职业技能竞赛 at company or group level: its trades, dates, internal selection rounds
    and the cap on what one person may be awarded in it."""

    title = models.CharField(_("竞赛名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=8, choices=ContestLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    unit = unit_fk(_("组织单位"))
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    award_cap = yuan_field(_("个人奖励上限(元)"), null=False, default=DEFAULT_CAP)
    pool_level = models.ForeignKey(
        TalentLevel,
        models.PROTECT,
        related_name="+",
        verbose_name=_("获奖入库等级"),
    )
    pool_years = models.PositiveSmallIntegerField(_("入库有效期(年)"), default=3)
    note = models.TextField(_("说明"), blank=True)
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ContestQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("职业技能竞赛")
        verbose_name_plural = _("职业技能竞赛")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["year", "start_on"], name="tal_contest_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talent:contest", args=[self.pk])


class Trade(models.Model):
    """A 工种 contested in a contest."""

    contest = models.ForeignKey(
        Contest, models.CASCADE, related_name="trades", verbose_name=_("竞赛")
    )
    name = models.CharField(_("工种"), max_length=50)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "contest"

    class Meta:
        verbose_name = _("工种")
        verbose_name_plural = _("工种")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="tal_trade_unique")]

    def __str__(self):
        return self.name


class Entrant(models.Model):
    """A person entered in a contest for a trade: the selection rounds' weighted total, whether
    they are in the team sent to the group contest, and the result (名次, 等级, 证书)."""

    contest = models.ForeignKey(
        Contest, models.CASCADE, related_name="entrants", verbose_name=_("竞赛")
    )
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="+", verbose_name=_("工种"))
    person = person_fk(_("选手"))
    unit = unit_fk(_("所在单位"))
    total = models.DecimalField(
        _("选拔总分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    sent = models.BooleanField(_("入选参赛队"), default=False)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=8, choices=Grade.choices, blank=True)
    certificate = models.CharField(_("证书"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "contest"

    class Meta:
        verbose_name = _("参赛选手")
        verbose_name_plural = _("参赛选手")
        ordering = ["trade_id", "rank", "-total", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "person"], name="tal_entrant_once")
        ]
        indexes = [models.Index(fields=["person"], name="tal_entrant_person")]

    def __str__(self):
        return f"{self.person.name} · {self.trade.name}"


class Round(models.Model):
    """An internal selection round of a contest: a theory exam held in a quiz of 学习教育 (the
    learning area times it on the server; each entrant's best attempt is their score, read
    when the quiz has closed) or a practical test scored by a panel of judges
    (apps.core.judging); its weight counts in the total and the rounds' weights sum to 100."""

    contest = models.ForeignKey(
        Contest, models.CASCADE, related_name="rounds", verbose_name=_("竞赛")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=RoundKind.choices)
    name = models.CharField(_("名称"), max_length=50)
    held_on = models.DateField(_("日期"))
    weight = models.PositiveSmallIntegerField(_("权重(%)"))
    max_score = models.PositiveSmallIntegerField(_("满分"), default=100)
    quiz = models.ForeignKey(
        "learning.Quiz",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("理论考试测验"),
    )
    judges = models.ManyToManyField(
        "orgs.Person", related_name="+", blank=True, verbose_name=_("评委")
    )

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "contest"

    class Meta:
        verbose_name = _("选拔轮次")
        verbose_name_plural = _("选拔轮次")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("talent:round", args=[self.pk])


class TradeQuiz(models.Model):
    """A theory round's quiz for one 工种: a contest with several trades holds each trade's
    theory exam in its own quiz; an entrant is scored by the quiz of their trade, and a trade
    without one by the round's common quiz (`Round.quiz`)."""

    round = models.ForeignKey(
        Round, models.CASCADE, related_name="trade_quizzes", verbose_name=_("轮次")
    )
    trade = models.ForeignKey(Trade, models.CASCADE, related_name="+", verbose_name=_("工种"))
    quiz = models.ForeignKey(
        "learning.Quiz", models.PROTECT, related_name="+", verbose_name=_("理论考试测验")
    )

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "round"

    class Meta:
        verbose_name = _("工种理论考试测验")
        verbose_name_plural = _("工种理论考试测验")
        ordering = ["trade_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "trade"], name="tal_trade_quiz_once")
        ]

    def __str__(self):
        return f"{self.trade.name}: {self.quiz_id}"


class RoundScore(models.Model):
    """One score of an entrant in a round: a judge's (practical, one each) or the exam's
    (theory, `judge` empty, one per entrant, taken from the bound quiz's best attempt)."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="scores", verbose_name=_("轮次"))
    entrant = models.ForeignKey(
        Entrant, models.CASCADE, related_name="scores", verbose_name=_("选手")
    )
    judge = person_fk(_("评委"), null=True)
    score = models.DecimalField(_("分数"), max_digits=6, decimal_places=2)
    at = models.DateTimeField(_("评分时间"), default=timezone.now)
    by = user_fk(_("录入人"))

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "round"

    class Meta:
        verbose_name = _("选拔成绩")
        verbose_name_plural = _("选拔成绩")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entrant", "judge"], name="tal_score_once_per_judge"
            ),
            models.UniqueConstraint(
                fields=["round", "entrant"],
                condition=Q(judge__isnull=True),
                name="tal_score_once_theory",
            ),
        ]

    def __str__(self):
        return f"{self.entrant_id}: {self.score}"


class Award(BaseModel):
    """Prize money for an entrant, in yuan: recorded, approved (or not), then paid; what one
    person is awarded in a contest stays within the contest's cap."""

    entrant = models.ForeignKey(
        Entrant, models.PROTECT, related_name="awards", verbose_name=_("获奖选手")
    )
    amount = yuan_field(_("金额(元)"), null=False)
    reason = models.CharField(_("奖励事由"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.PENDING
    )
    decided_by = user_fk(_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ParentScopedQuerySet)
    scope_parent = "entrant"

    class Meta:
        verbose_name = _("竞赛奖励")
        verbose_name_plural = _("竞赛奖励")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.entrant_id} · {self.amount}"

    @property
    def paid(self) -> bool:
        return self.paid_on is not None


class Brand(BaseModel):
    """A 党建品牌 or a 党员先锋岗 / 责任区 / 突击队 of a unit: its members, period and what it
    answers for; a 突击队 serves a project or a hazard campaign (检查活动), whose records count
    its results (`selectors.commando_results`)."""

    kind = models.CharField(_("类别"), max_length=10, choices=BrandKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    unit = unit_fk(_("所属单位"))
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    responsibility = models.TextField(_("职责和承诺"))
    project = models.ForeignKey(
        "projects.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("服务项目"),
    )
    inspection = models.ForeignKey(
        "hazards.Inspection",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("服务的隐患排查活动"),
    )
    members = models.ManyToManyField(
        "orgs.Person", related_name="+", blank=True, verbose_name=_("成员")
    )
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("党建品牌和岗区队")
        verbose_name_plural = _("党建品牌和岗区队")
        ordering = ["kind", "-start_on", "-pk"]
        indexes = [models.Index(fields=["unit", "kind"], name="tal_brand_unit")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("talent:brand", args=[self.pk])


class Honour(BaseModel):
    """An honour (先进党支部, 优秀共产党员, 先进集体, 技术能手 …) given to a unit or a person for a
    year, with the evidence it was given on."""

    kind = models.CharField(_("荣誉类别"), max_length=10, choices=HonourKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("荣誉名称"), max_length=100)
    unit = unit_fk(_("单位"))
    person = person_fk(_("获得者"), null=True)
    evidence = models.TextField(_("评选依据"))
    # The record the honour was awarded on (one of them): a contest result (技术能手), a
    # 量化考核 result graded 优秀 (先进党支部, 先进集体), a 民主评议党员 graded 优秀 (优秀共产党员).
    entrant = models.ForeignKey(
        Entrant,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("竞赛成绩"),
    )
    scorecard = models.ForeignKey(
        "kpi.Scorecard",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("量化考核结果"),
    )
    appraisal_entry = models.ForeignKey(
        "appraisals.AppraisalEntry",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("民主评议结果"),
    )
    awarded_on = models.DateField(_("表彰日期"))
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("unit",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "kind", "pk"]
        indexes = [models.Index(fields=["unit", "year"], name="tal_honour_unit_year")]
        # A record is the evidence of one honour of a kind.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", field],
                condition=Q(**{f"{field}__isnull": False, "deleted_at__isnull": True}),
                name=f"tal_honour_once_{field}",
            )
            for field in ("entrant", "scorecard", "appraisal_entry")
        ]

    def __str__(self):
        return self.title

    @property
    def source_url(self) -> str:
        """The page of the record it was awarded on ("" when typed from a document)."""
        if self.scorecard_id:
            return reverse("kpi:detail", args=[self.scorecard_id])
        if self.appraisal_entry_id:
            return reverse("appraisals:detail", args=[self.appraisal_entry.appraisal_id])
        if self.entrant_id:
            return reverse("talent:contest", args=[self.entrant.contest_id])
        return ""
