"""Rationalization suggestions (合理化建议): campaigns, suggestions, their review and the closed
loop of implementation, verified benefit and reward."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk, yuan_field
from apps.core.models import BaseModel, ScopedQuerySet, SettingsRow, TimelineEvent

from .choices import Category, EventKind, Status


class Criterion(models.Model):
    """A review criterion and its weight (admin-edited); a score is the weighted mean."""

    name = models.CharField(_("评分项"), max_length=50, unique=True)
    weight = models.PositiveSmallIntegerField(
        _("权重"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["sort", "pk"]

    def __str__(self):
        return f"{self.name}({self.weight})"


class Campaign(BaseModel):
    """A call for suggestions (征集活动): people of the scope unit's subtree may submit to it
    within its window, in the categories it allows (none listed: all)."""

    organiser = unit_fk(_("主办单位"))
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动说明"), max_length=4000, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    scope_unit = unit_fk(_("征集范围"), help_text=_("该组织及其下级的职工可以参加"))
    categories = models.JSONField(_("征集类别"), default=list, blank=True)
    created_by = user_fk(_("创建人"), blank=False)

    scope_unit_fields = ("organiser", "scope_unit")

    class Meta:
        verbose_name = _("征集活动")
        verbose_name_plural = _("征集活动")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="sg_campaign_window")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("suggestions:campaign_detail", args=[self.pk])

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[c]) for c in self.categories if c in labels]

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Suggestion(BaseModel):
    """One rationalization suggestion, from submission to reward. Seen by the proposer, the
    co-proposers, the implementation owner, and whoever's scope reaches the target unit or the
    proposer's department (selectors.suggestion_list is the one door)."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("征集活动"),
    )
    title = models.CharField(_("建议名称"), max_length=100)
    problem = models.TextField(_("现状问题"), max_length=2000)
    proposal = models.TextField(_("改进建议"), max_length=4000)
    expected_benefit = models.TextField(_("预期效益"), max_length=1000, blank=True)
    expected_yuan = yuan_field(_("预计效益(元)"))
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    target_unit = unit_fk(_("涉及单位"))
    proposer = person_fk(_("建议人"))
    proposer_unit = unit_fk(_("建议人部门"))
    co_proposers = models.ManyToManyField(
        "orgs.Person", blank=True, related_name="co_suggestions", verbose_name=_("共同建议人")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    score_total = models.DecimalField(
        _("评审得分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = user_fk(_("决定人"))
    decision_reason = models.TextField(_("评审意见"), max_length=2000, blank=True)
    impl_unit = unit_fk(_("实施单位"), null=True)
    impl_person = person_fk(_("实施责任人"), null=True)
    impl_due_at = models.DateTimeField(_("实施期限"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("实施完成时间"), null=True, blank=True)
    impl_note = models.TextField(_("实施情况"), max_length=2000, blank=True)
    verified_yuan = yuan_field(_("核定效益(元)"))
    verified_at = models.DateTimeField(_("核定时间"), null=True, blank=True)
    verified_by = user_fk(_("核定人"))
    verify_note = models.TextField(_("核定说明"), max_length=2000, blank=True)
    reward_yuan = yuan_field(_("奖励金额(元)"))
    reward_note = models.TextField(_("奖励说明"), max_length=1000, blank=True)
    rewarded_at = models.DateTimeField(_("奖励时间"), null=True, blank=True)

    # The implementing unit sees what it must implement: 督办 lists it there.
    scope_unit_fields = ("target_unit", "proposer_unit", "impl_unit")
    scope_owner_field = "proposer"

    class Meta:
        verbose_name = _("合理化建议")
        verbose_name_plural = _("合理化建议")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["submitted_at"], name="sg_submitted"),
            models.Index(fields=["status", "submitted_at"], name="sg_status_submitted"),
            models.Index(fields=["category", "submitted_at"], name="sg_category_submitted"),
            models.Index(fields=["target_unit", "submitted_at"], name="sg_target_submitted"),
            models.Index(fields=["proposer_unit", "submitted_at"], name="sg_punit_submitted"),
            models.Index(fields=["proposer", "submitted_at"], name="sg_proposer_submitted"),
            models.Index(fields=["campaign", "submitted_at"], name="sg_campaign_submitted"),
            models.Index(fields=["impl_person"], name="sg_impl_person"),
            models.Index(fields=["verified_yuan"], name="sg_verified_yuan"),
            models.Index(fields=["score_total"], name="sg_score"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("suggestions:detail", args=[self.pk])


class Review(models.Model):
    """One reviewer's scores on one suggestion; `total` is the weighted mean (scoring.py)."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("建议")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评审人"),
    )
    total = models.DecimalField(_("加权得分"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("评审意见"), max_length=1000, blank=True)
    scored_at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评审")
        verbose_name_plural = _("评审")
        ordering = ["scored_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "reviewer"], name="sg_one_review_each")
        ]

    def __str__(self):
        return f"{self.suggestion_id}:{self.reviewer_id}={self.total}"


class ReviewScore(models.Model):
    """The score (0–100) one review gave on one criterion, with the weight used at the time."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("评审")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    weight = models.PositiveSmallIntegerField(_("权重"))
    score = models.PositiveSmallIntegerField(
        _("得分"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="sg_one_score_each")
        ]

    def __str__(self):
        return f"{self.criterion_id}={self.score}"


class SuggestionEvent(TimelineEvent):
    """A step on a suggestion's timeline: who did what, when, from which state to which."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="events", verbose_name=_("建议")
    )
    action = models.CharField(_("事项"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices, blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    timeline_of = "suggestion"
    scope_via = "suggestion"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("建议办理记录")
        verbose_name_plural = _("建议办理记录")
        indexes = [models.Index(fields=["suggestion", "at"], name="sg_event_at")]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d}"


class BenefitRule(SettingsRow):
    """Who verifies a suggestion's benefit and the largest amount the platform takes (one row,
    edited on the 效益核定设置 page; defaults when there is none). The department heads of the
    listed units verify; party and system admins always may."""

    verifying_units = models.ManyToManyField(
        "orgs.OrgUnit", blank=True, related_name="+", verbose_name=_("核定效益的单位")
    )
    max_yuan = yuan_field(
        _("金额上限(元)"),
        null=False,
        default=Decimal("10000000.00"),
        validators=[MinValueValidator(Decimal("1.00"))],
        help_text=_("预计效益、核定效益和奖励金额都不能超过此数。"),
    )

    class Meta:
        verbose_name = _("效益核定设置")
        verbose_name_plural = _("效益核定设置")
