"""Anonymous surveys (decision 0007, 0008): who answered is an `Invitation`, what was answered is
a `Response` that names no person, no user and no time, so the two can never be joined."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk
from apps.core.models import (
    BaseModel,
    NamingQuerySet,
    ParentScopedQuerySet,
    ScopedQuerySet,
    soft_delete_managers,
)

from .choices import QuestionKind, SurveyKind, SurveyStatus

SCALE_MIN, SCALE_MAX = 1, 5
MIN_GROUP = 5  # no figure of fewer answers than this is shown (decision 0007)
TEXT_MAX = 500


class SurveyQuerySet(NamingQuerySet):
    def naming(self, person_id) -> Q:
        """An employee sees the surveys they are invited to."""
        return Q(pk__in=Invitation.objects.filter(person_id=person_id).values("survey_id"))

    def managed_by(self, user):
        """The surveys whose audience the user's roles reach (not those they are only
        invited to)."""
        return ScopedQuerySet.visible_to(self, user)


class Survey(BaseModel):
    """A survey of an audience (a unit's subtree): seen by the cadres whose roles reach the
    audience unit and by every person invited to it."""

    title = models.CharField(_("标题"), max_length=100)
    intro = models.TextField(_("说明"), blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=SurveyKind.choices)
    audience = unit_fk(_("调查范围"))
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    min_group = models.PositiveSmallIntegerField(_("最少公布人数"), default=MIN_GROUP)
    person_kinds = models.JSONField(
        _("调查对象"), default=list, blank=True, help_text=_("不选则为范围内全体在职职工")
    )
    counts_for_satisfaction = models.BooleanField(
        _("计入满意度测评得分"), default=False, db_index=True
    )
    reminded_on = models.DateField(_("最近催答日期"), null=True, blank=True, editable=False)

    scope_unit_fields = ("audience",)

    objects, all_objects = soft_delete_managers(SurveyQuerySet)

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["audience", "status"], name="sv_audience_status")]

    def __str__(self):
        return self.title


class Question(BaseModel):
    """A question of a survey, seen by whoever sees the survey. `options` lists the choices of
    a single or multiple question (an answer names one by its index); `rows` the items of a
    matrix, each scored 1–5 (its answer is a list of scores, one per row)."""

    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="questions", verbose_name=_("问卷")
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    text = models.CharField(_("题目"), max_length=200)
    kind = models.CharField(_("题型"), max_length=16, choices=QuestionKind.choices)
    required = models.BooleanField(_("必答"), default=True)
    options = models.JSONField(_("选项"), default=list, blank=True)
    rows = models.JSONField(_("矩阵行"), default=list, blank=True)

    scope_parent = "survey"
    objects, all_objects = soft_delete_managers(ParentScopedQuerySet)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.text}"


class Invitation(models.Model):
    """Who is asked, and whether (not what, not when to the minute) they answered."""

    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="invitations", verbose_name=_("问卷")
    )
    person = person_fk(_("职工"), models.CASCADE)
    answered_on = models.DateField(_("答卷日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("答卷邀请")
        verbose_name_plural = _("答卷邀请")
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="sv_invitation_once")
        ]

    def __str__(self):
        return f"{self.survey} · {self.person}"


class Response(models.Model):
    """One anonymous answer sheet: a random key, the survey, a unit coarse enough to hide the
    person (the smallest ancestor with enough invitees) and the answers. Nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="responses", verbose_name=_("问卷")
    )
    unit = unit_fk(_("单位"))
    answers = models.JSONField(_("答案"), default=dict)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")

    def __str__(self):
        return str(self.pk)


class Tally(models.Model):
    """A running count over a survey's answer sheets in one unit (the sheet's coarse unit), kept
    in the submit's transaction so the results read a few hundred counts, never every sheet.
    `key` (see `apps.surveys.tallies`) is "*" (sheets), "<question>" (sheets answering it),
    "<question>:<value>" (an option or a score) or "<question>:<row>:<score>" (a matrix cell).
    A unit's rows are all made together at its first sheet, so neither their ids nor their order
    tell what that sheet said; a count names no person (the `Response` rows say as much)."""

    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="tallies", verbose_name=_("问卷")
    )
    unit = unit_fk(_("单位"))
    key = models.CharField(_("计数项"), max_length=40)
    count = models.PositiveIntegerField(_("份数"), default=0)

    class Meta:
        verbose_name = _("答卷计数")
        verbose_name_plural = _("答卷计数")
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit", "key"], name="sv_tally_once")
        ]

    def __str__(self):
        return f"{self.survey_id} · {self.unit_id} · {self.key}"
