"""民主评议党员 (the annual appraisal of each branch's members) and 换届 (each party
organisation's committee, its term and the election that renews it)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import (
    BaseModel,
    NamingQuerySet,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    soft_delete_managers,
)

from .choices import AppraisalStatus, CommitteeStatus, Grade, Post


class AppraisalQuerySet(NamingQuerySet):
    def naming(self, person_id) -> Q:
        """A member on the appraisal's list sees it: to appraise themself and to vote."""
        return Q(pk__in=AppraisalEntry.objects.filter(person_id=person_id).values("appraisal_id"))


class Appraisal(BaseModel):
    """A branch's 民主评议党员 of one year: the members' self-appraisals, their votes on each
    other, and the branch's decision for each member."""

    branch = unit_fk(_("党支部"))
    year = models.PositiveSmallIntegerField(_("评议年度"))
    status = models.CharField(
        _("状态"), max_length=8, choices=AppraisalStatus.choices, default=AppraisalStatus.OPEN
    )
    opened_by = user_fk(_("发起人"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects, all_objects = soft_delete_managers(AppraisalQuerySet)
    scope_unit_fields = ("branch",)

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year", "branch__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year"],
                condition=Q(deleted_at__isnull=True),
                name="ap_branch_year",
            )
        ]
        indexes = [models.Index(fields=["year", "status"], name="ap_year_status")]

    def __str__(self):
        return f"{self.branch.name} {self.year}"

    def get_absolute_url(self):
        return reverse("appraisals:detail", args=[self.pk])


class AppraisalEntry(models.Model):
    """One member on an appraisal: their self-appraisal and the branch's decision."""

    appraisal = models.ForeignKey(
        Appraisal, models.CASCADE, related_name="entries", verbose_name=_("民主评议")
    )
    person = person_fk(_("党员"))
    self_text = models.TextField(_("自我评价"), blank=True)
    self_at = models.DateTimeField(_("自评时间"), null=True, blank=True)
    grade = models.CharField(_("评定等次"), max_length=12, choices=Grade.choices, blank=True)
    reason = models.TextField(_("评定理由"), blank=True)
    decided_by = user_fk(_("评定人"))
    decided_at = models.DateTimeField(_("评定时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "appraisal"

    class Meta:
        verbose_name = _("评议对象")
        verbose_name_plural = _("评议对象")
        ordering = ["appraisal", "person__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "person"], name="ap_entry_person")
        ]
        indexes = [models.Index(fields=["person", "grade"], name="ap_entry_grade")]

    def __str__(self):
        return f"{self.appraisal} · {self.person.name}"


class AppraisalVote(models.Model):
    """A member's ballot on one other member (or themself): one per voter and subject. The
    page shows only the counts per grade, never who voted what."""

    appraisal = models.ForeignKey(
        Appraisal, models.CASCADE, related_name="votes", verbose_name=_("民主评议")
    )
    voter = person_fk(_("投票人"))
    subject = models.ForeignKey(
        AppraisalEntry, models.CASCADE, related_name="votes", verbose_name=_("被评议人")
    )
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = _("评议票")
        verbose_name_plural = _("评议票")
        constraints = [models.UniqueConstraint(fields=["voter", "subject"], name="ap_vote_once")]
        indexes = [models.Index(fields=["appraisal", "voter"], name="ap_vote_voter")]

    def __str__(self):
        return f"{self.subject_id} {self.get_grade_display()}"


class TermSettings(SettingsRow):
    """换届设置. Terms by default as the rules say: 《中国共产党基层组织选举工作条例》 and
    《中国共产党支部工作条例(试行)》 — a grassroots committee (党的基层委员会) serves 5 years, a
    general branch or a branch committee 3 years; reminders 6 and 1 months before the end."""

    committee_years = models.PositiveSmallIntegerField(_("基层党委任期(年)"), default=5)
    general_branch_years = models.PositiveSmallIntegerField(_("党总支任期(年)"), default=3)
    branch_years = models.PositiveSmallIntegerField(_("党支部任期(年)"), default=3)
    first_reminder_months = models.PositiveSmallIntegerField(_("第一次提醒(提前月数)"), default=6)
    second_reminder_months = models.PositiveSmallIntegerField(_("第二次提醒(提前月数)"), default=1)

    class Meta:
        verbose_name = _("换届设置")
        verbose_name_plural = _("换届设置")


class Committee(BaseModel):
    """A party organisation's committee (党委、党总支、支部委员会) for one term."""

    unit = unit_fk(_("党组织"))
    elected_on = models.DateField(_("选举日期"))
    term_years = models.PositiveSmallIntegerField(_("任期(年)"))
    ends_on = models.DateField(_("任期届满"))
    status = models.CharField(
        _("状态"), max_length=8, choices=CommitteeStatus.choices, default=CommitteeStatus.CURRENT
    )

    objects, all_objects = soft_delete_managers(ScopedQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("委员会")
        verbose_name_plural = _("委员会")
        ordering = ["ends_on", "pk"]
        indexes = [
            models.Index(fields=["status", "ends_on"], name="cm_status_ends"),
            models.Index(fields=["unit", "status"], name="cm_unit_status"),
        ]

    def __str__(self):
        return f"{self.unit.name}({self.elected_on:%Y})"

    def get_absolute_url(self):
        return reverse("appraisals:committee_detail", args=[self.pk])


class Election(BaseModel):
    """The election that made a committee: who could vote, who came, the candidates' votes."""

    committee = models.OneToOneField(
        Committee, models.CASCADE, related_name="election", verbose_name=_("委员会")
    )
    held_on = models.DateField(_("选举日期"))
    electors = models.PositiveIntegerField(_("应到会有选举权人数"))
    present = models.PositiveIntegerField(_("实到会有选举权人数"))
    recorded_by = user_fk(_("登记人"))

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "committee"

    class Meta:
        verbose_name = _("选举")
        verbose_name_plural = _("选举")


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, models.CASCADE, related_name="candidates", verbose_name=_("选举")
    )
    person = person_fk(_("候选人"))
    post = models.CharField(_("拟任职务"), max_length=10, choices=Post.choices)
    votes = models.PositiveIntegerField(_("得票"))
    elected = models.BooleanField(_("当选"), default=False)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["election", "-elected", "-votes"]

    def __str__(self):
        return self.person.name
