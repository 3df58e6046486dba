"""支部标准化规范化建设: the year's checklist of standard items, review rounds per period, and
each branch's self-check and review with per-item scores and evidence."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from apps.core.fields import unit_fk, user_fk
from apps.core.models import BaseModel, ParentScopedQuerySet, ScopedQuerySet, soft_delete_managers
from apps.core.scope import scope_of

from .choices import EDITABLE_STATUSES, ReviewStatus, RoundStatus

POINTS = {"max_digits": 5, "decimal_places": 1}


class Checklist(BaseModel):
    """The standard items of one year and the score a branch needs to be 达标 (admin-set)."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    threshold = models.DecimalField(
        _("达标分数线"),
        **POINTS,
        default=Decimal("90"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("评定得分达到此分数即为达标"),
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("标准化检查表")
        verbose_name_plural = _("标准化检查表")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s 年度支部标准化检查表") % {"year": self.year}

    @property
    def total_points(self) -> Decimal:
        return self.items.aggregate(t=Sum("points"))["t"] or Decimal("0")


class StandardItem(BaseModel):
    """One standard item: its group, points and the evidence it needs. An item naming a
    registered judge is scored by the platform from its records; any other item is scored by
    the branch's self-check and then the reviewer."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("检查表")
    )
    group = models.CharField(_("类别"), max_length=30)
    title = models.CharField(_("标准内容"), max_length=200)
    points = models.DecimalField(
        _("分值"), **POINTS, validators=[MinValueValidator(Decimal("0.5"))]
    )
    evidence = models.CharField(_("佐证材料"), max_length=300, blank=True)
    needs_file = models.BooleanField(
        _("须上传佐证"), default=False, help_text=_("自查得分时须至少上传一份佐证文件")
    )
    judge = models.CharField(
        _("平台判定"),
        max_length=50,
        blank=True,
        help_text=_("平台据记录自动判定的规则代码;未注册的规则按人工评分处理"),
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("标准项")
        verbose_name_plural = _("标准项")
        ordering = ["checklist", "sort", "pk"]
        indexes = [models.Index(fields=["checklist", "sort"], name="std_item_sort")]

    def __str__(self):
        return f"{self.group} · {self.title}"


class RoundQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A round is seen by whoever reaches its unit or sees one of its branch reviews."""
        if scope_of(user).everything:
            return self
        reached = super().visible_to(user).values("pk")
        reviewed = BranchReview.objects.visible_to(user).values("round_id")
        return self.filter(Q(pk__in=reached) | Q(pk__in=reviewed))


class ReviewRound(BaseModel):
    """A review round for one period, opened by the 党群工作部 for every branch under a unit;
    branches self-check before the deadline, then reviewers score."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("检查表")
    )
    title = models.CharField(_("名称"), max_length=100)
    unit = unit_fk(_("范围"))
    period_start = models.DateField(_("考核期起"))
    period_end = models.DateField(_("考核期止"))
    deadline = models.DateField(_("自查截止"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = user_fk(_("发起人"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects, all_objects = soft_delete_managers(RoundQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("检查轮次")
        verbose_name_plural = _("检查轮次")
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(fields=["period_start"], name="std_round_period")]

    def __str__(self):
        return self.title


class BranchReview(BaseModel):
    """One branch's self-check and review in one round. 达标 when finalized with a score at or
    above the checklist's threshold; the score and the verdict are kept for fast figures."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("轮次")
    )
    branch = unit_fk(_("党支部"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    self_score = models.DecimalField(_("自查得分"), **POINTS, null=True, blank=True)
    score = models.DecimalField(_("评定得分"), **POINTS, null=True, blank=True)
    passed = models.BooleanField(_("达标"), default=False)
    submitted_at = models.DateTimeField(_("提交自查时间"), null=True, blank=True)
    submitted_by = user_fk(_("提交人"))
    reviewed_by = user_fk(_("评审人"))
    finalized_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("branch",)

    class Meta:
        verbose_name = _("支部标准化评审")
        verbose_name_plural = _("支部标准化评审")
        ordering = ["-round__period_start", "branch__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "branch"],
                condition=Q(deleted_at__isnull=True),
                name="std_review_once_per_round",
            )
        ]
        indexes = [
            models.Index(fields=["round", "status", "passed"], name="std_review_round"),
            models.Index(fields=["branch", "round"], name="std_review_branch"),
            models.Index(fields=["status"], name="std_review_status"),
        ]

    def __str__(self):
        return f"{self.round} · {self.branch}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReviewItem(models.Model):
    """One standard item in one branch review: the branch's self-score, note and evidence, or
    the platform's verdict; then the reviewer's score (a deduction needs a reason)."""

    review = models.ForeignKey(
        BranchReview, on_delete=models.CASCADE, related_name="items", verbose_name=_("评审")
    )
    item = models.ForeignKey(
        StandardItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("标准项")
    )
    self_score = models.DecimalField(_("自查得分"), **POINTS, null=True, blank=True)
    self_note = models.TextField(_("自查说明"), blank=True)
    judged = models.BooleanField(_("平台判定"), default=False)
    judge_passed = models.BooleanField(_("判定通过"), null=True, blank=True)
    judge_note = models.CharField(_("判定说明"), max_length=300, blank=True)
    judge_url = models.CharField(_("判定依据"), max_length=500, blank=True)
    judged_at = models.DateTimeField(_("判定时间"), null=True, blank=True)
    score = models.DecimalField(_("评定得分"), **POINTS, null=True, blank=True)
    reason = models.CharField(_("扣分理由"), max_length=300, blank=True)

    # An item (and its evidence files) is seen by whoever sees its review.
    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "review"

    class Meta:
        verbose_name = _("评审项")
        verbose_name_plural = _("评审项")
        ordering = ["review", "item__sort", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="std_review_item_once")
        ]

    def __str__(self):
        return f"{self.review_id}:{self.item_id}"

    @property
    def lacking(self) -> bool:
        return self.score is not None and self.score < self.item.points
