"""班组长公开竞聘: a selection (its notice, rounds, 公示 and term), the applicants with their
eligibility, the judges' scores, the anonymous 民主测评 and the objections."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import BaseModel, NamingQuerySet, ParentScopedQuerySet, TimelineEvent
from apps.orgs.choices import SkillLevel

from .choices import (
    ApplicantStatus,
    Grade,
    SelectionAction,
    SelectionStatus,
    TermOutcome,
    VoteRound,
)

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]
SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _score_field(label):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE
    )


class SelectionQuerySet(NamingQuerySet):
    def naming(self, person_id) -> Q:
        """Besides the cadres reaching the team: a published notice is seen by the people
        within its audience, and a judge sees the selection they score."""
        from apps.orgs.models import OrgUnit, Person
        from apps.orgs.scope import ancestor_paths

        person = Person.objects.filter(pk=person_id).values("department__path", "team__path")
        paths = {p for row in person for p in row.values() if p}
        ancestors = {a for p in paths for a in ancestor_paths(p)}
        audience = OrgUnit.objects.filter(path__in=ancestors).values("pk")
        return Q(
            pk__in=Selection.judges.through.objects.filter(person_id=person_id).values(
                "selection_id"
            )
        ) | (Q(audience__in=audience) & ~Q(status=SelectionStatus.DRAFT))


class Selection(BaseModel):
    """One 班组长公开竞聘: the notice (team, places, conditions, round weights, timetable,
    audience), then applications → rounds → weighted ranking → 公示 → appointment with a term →
    term review. The status moves only through `choices.TRANSITIONS`."""

    title = models.CharField(_("公告标题"), max_length=100)
    team = unit_fk(_("竞聘班组"))
    audience = unit_fk(_("发布范围"))
    places = models.PositiveSmallIntegerField(
        _("职数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    description = models.TextField(_("岗位职责与说明"), blank=True)
    # Conditions: each None or blank means the notice does not set it.
    min_age = models.PositiveSmallIntegerField(_("年龄下限"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("年龄上限"), null=True, blank=True)
    min_service_years = models.PositiveSmallIntegerField(_("最低工龄(年)"), null=True, blank=True)
    min_skill = models.CharField(
        _("最低技能等级"), max_length=2, choices=SkillLevel.choices, blank=True, default=""
    )
    weight_written = models.PositiveSmallIntegerField(_("笔试权重"), default=30, validators=PERCENT)
    weight_interview = models.PositiveSmallIntegerField(
        _("演讲答辩权重"), default=50, validators=PERCENT
    )
    weight_vote = models.PositiveSmallIntegerField(
        _("民主测评权重"), default=20, validators=PERCENT
    )
    pool_bonus = models.DecimalField(
        _("人才库加分"), max_digits=4, decimal_places=2, default=Decimal(2), validators=SCORE
    )
    quiz = models.ForeignKey(
        "learning.Quiz",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("笔试测验"),
    )
    judges = models.ManyToManyField(
        "orgs.Person", related_name="+", blank=True, verbose_name=_("评委")
    )
    apply_from = models.DateField(_("报名开始"))
    apply_until = models.DateField(_("报名截止"))
    publicity_days = models.PositiveSmallIntegerField(
        _("公示期(工作日)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    term_years = models.PositiveSmallIntegerField(
        _("任期(年)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=SelectionStatus.choices, default="draft"
    )
    publicity_until = models.DateTimeField(_("公示截止"), null=True, blank=True)
    term_start = models.DateField(_("任期开始"), null=True, blank=True)
    term_end = models.DateField(_("任期结束"), null=True, blank=True)
    term_outcome = models.CharField(
        _("任期考核结论"), max_length=16, choices=TermOutcome.choices, blank=True
    )
    term_note = models.TextField(_("任期考核意见"), blank=True)
    term_results = models.JSONField(_("任期内班组成绩"), default=dict, blank=True)
    created_by = user_fk(_("发起人"))

    objects = models.Manager.from_queryset(SelectionQuerySet)()
    scope_unit_fields = ("team",)

    class Meta:
        verbose_name = _("班组长竞聘")
        verbose_name_plural = _("班组长竞聘")
        ordering = ["-apply_from", "-pk"]
        indexes = [
            models.Index(fields=["status", "apply_from"], name="sel_status_from"),
            models.Index(fields=["team", "status"], name="sel_team_status"),
            models.Index(fields=["status", "term_end"], name="sel_term_end"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("selections:detail", args=[self.pk])


class Applicant(models.Model):
    """One application: the statement, the conditions as checked against the roster when it was
    made (`checks`: label, required, actual, met), an exception with its reason, the round
    scores and the weighted result."""

    selection = models.ForeignKey(
        Selection, models.CASCADE, related_name="applicants", verbose_name=_("竞聘")
    )
    person = person_fk(_("报名人"))
    statement = models.TextField(_("竞聘陈述"))
    applied_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    checks = models.JSONField(_("资格条件核对"), default=list)
    status = models.CharField(_("资格"), max_length=16, choices=ApplicantStatus.choices)
    exception_request = models.TextField(_("破格申请说明"), blank=True)
    exception_reason = models.TextField(_("破格审查意见"), blank=True)
    exception_by = user_fk(_("审查人"))
    written = _score_field(_("笔试"))
    interview = _score_field(_("演讲答辩"))
    vote = _score_field(_("民主测评"))
    bonus = models.DecimalField(_("人才库加分"), max_digits=4, decimal_places=2, default=0)
    bonus_source = models.CharField(_("加分依据"), max_length=200, blank=True)
    total = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    inspection_note = models.TextField(_("考察意见"), blank=True)
    appointed = models.BooleanField(_("已任命"), default=False)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "selection"

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["rank", "applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "person"], name="sel_apply_once")
        ]

    def __str__(self):
        return f"{self.selection_id} {self.person_id}"


class JudgeScore(models.Model):
    """A judge's score of one applicant's speech and interview; given once."""

    applicant = models.ForeignKey(
        Applicant, models.CASCADE, related_name="scores", verbose_name=_("人选")
    )
    judge = person_fk(_("评委"))
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2, validators=SCORE)
    scored_at = models.DateTimeField(_("评分时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评委评分")
        verbose_name_plural = _("评委评分")
        constraints = [
            models.UniqueConstraint(fields=["applicant", "judge"], name="sel_score_once")
        ]

    def __str__(self):
        return f"{self.applicant_id} {self.score}"


class Ballot(models.Model):
    """That a team member has voted in a round: who, never what nor when (`Tally` holds what,
    as counts; nothing joins the two). Kept only so that each member votes once."""

    selection = models.ForeignKey(Selection, models.CASCADE, related_name="+")
    round = models.CharField(max_length=16, choices=VoteRound.choices)
    voter = models.ForeignKey("orgs.Person", models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["selection", "round", "voter"], name="sel_vote_once")
        ]

    def __str__(self):
        return f"{self.selection_id} {self.round}"  # never the voter


class Tally(models.Model):
    """How many votes of one grade an applicant got in a round: counts, no row per vote, no
    time, so a vote cannot be traced back to a ballot."""

    applicant = models.ForeignKey(Applicant, models.CASCADE, related_name="tallies")
    round = models.CharField(max_length=16, choices=VoteRound.choices)
    grade = models.CharField(max_length=16, choices=Grade.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["applicant", "round", "grade"], name="sel_tally_once")
        ]

    def __str__(self):
        return f"{self.applicant_id} {self.grade} {self.count}"


class Objection(models.Model):
    """An objection raised during 公示, named or anonymous, and its answer on the record. An
    anonymous one keeps no author and only the day it came."""

    selection = models.ForeignKey(
        Selection, models.CASCADE, related_name="objections", verbose_name=_("竞聘")
    )
    author = person_fk(_("提出人"), null=True)
    day = models.DateField(_("提出日期"))
    text = models.TextField(_("异议内容"))
    answer = models.TextField(_("答复"), blank=True)
    answered_by = user_fk(_("答复人"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "selection"

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["day", "pk"]

    def __str__(self):
        return self.text[:30]


class SelectionEvent(TimelineEvent):
    """One step of a selection (who, when, what): the timeline on its page and in its file."""

    selection = models.ForeignKey(
        Selection, models.CASCADE, related_name="events", verbose_name=_("竞聘")
    )
    action = models.CharField(_("操作"), max_length=16, choices=SelectionAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=SelectionStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=SelectionStatus.choices, blank=True
    )

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "selection"
    timeline_of = "selection"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("竞聘记录")
        verbose_name_plural = _("竞聘记录")
