"""发展党员: one record per person on the way into the Party, its votes and reviews, and the
numbers of the rules (AdmissionPolicy, today's 《中国共产党发展党员工作细则》 as defaults)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.accounts.choices import Role
from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import (
    BaseModel,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    TimelineEvent,
    soft_delete_managers,
)
from apps.core.scope import subtrees_q

from .choices import AdmissionAction, AdmissionStatus, VoteKind

# Who reads a pipeline: the party's own roles on the branch or above (a department head who
# reaches the bound department does not read political reviews).
PARTY_ROLES = (Role.PARTY_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE)


class AdmissionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The records of the branches under the user's party roles; nobody else's."""
        from apps.orgs.models import OrgUnit
        from apps.orgs.scope import role_prefixes

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        prefixes = role_prefixes(user, *PARTY_ROLES)
        if not prefixes:
            return self.none()
        return self.filter(branch__in=OrgUnit.objects.filter(subtrees_q(prefixes)).values("pk"))

    def open(self):
        return self.exclude(status=AdmissionStatus.FULL)


class Admission(BaseModel):
    """One person's way from 入党申请 to 正式党员 in one branch: each step's date and facts are
    written by `services`, which checks the step's rule first."""

    person = person_fk(_("发展对象"), related_name="admissions")
    branch = unit_fk(_("党支部"))
    status = models.CharField(
        _("阶段"), max_length=16, choices=AdmissionStatus.choices, default=AdmissionStatus.APPLICANT
    )
    applied_on = models.DateField(_("递交申请日期"))
    talked_on = models.DateField(_("谈话日期"), null=True, blank=True)
    talker = person_fk(_("谈话人"), models.SET_NULL, null=True)
    activist_on = models.DateField(_("确定为积极分子日期"), null=True, blank=True)
    contacts = models.ManyToManyField(
        "orgs.Person", related_name="+", blank=True, verbose_name=_("培养联系人")
    )
    candidate_on = models.DateField(_("列为发展对象日期"), null=True, blank=True)
    political_on = models.DateField(_("政治审查日期"), null=True, blank=True)
    political_note = models.TextField(_("政治审查结论"), blank=True)
    training_start = models.DateField(_("培训开始"), null=True, blank=True)
    training_end = models.DateField(_("培训结束"), null=True, blank=True)
    training_hours = models.DecimalField(
        _("培训学时"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    sponsors = models.ManyToManyField(
        "orgs.Person", related_name="+", blank=True, verbose_name=_("入党介绍人")
    )
    sponsored_on = models.DateField(_("确定介绍人日期"), null=True, blank=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    admitted_on = models.DateField(_("接收为预备党员日期"), null=True, blank=True)
    probation_end = models.DateField(_("预备期满"), null=True, blank=True)
    full_on = models.DateField(_("转正日期"), null=True, blank=True)
    # The next step and its day (a deadline, or the first day it may be taken) that the board
    # shows and 督办 follows; recomputed by every step (rules.next_step).
    next_step = models.CharField(_("下一步"), max_length=16, blank=True)
    next_due = models.DateField(_("下一步期限"), null=True, blank=True)
    created_by = user_fk(_("登记人"))

    objects, all_objects = soft_delete_managers(AdmissionQuerySet)
    scope_unit_fields = ("branch",)

    class Meta:
        verbose_name = _("发展党员")
        verbose_name_plural = _("发展党员")
        ordering = ["branch", "status", "applied_on", "pk"]
        indexes = [
            models.Index(fields=["branch", "status"], name="adm_branch_status"),
            models.Index(fields=["status", "next_due"], name="adm_status_due"),
        ]
        constraints = [
            # One open way in per person: a second application waits for the first to end.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(deleted_at__isnull=True) & ~Q(status="full"),
                name="adm_one_open_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person.name} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("admission:detail", args=[self.pk])


class Review(models.Model):
    """A half-yearly 考察 of an activist or a probationary member (细则第十二条, 第三十一条)."""

    admission = models.ForeignKey(
        Admission, models.CASCADE, related_name="reviews", verbose_name=_("发展党员")
    )
    probation = models.BooleanField(_("预备期考察"), default=False)
    reviewed_on = models.DateField(_("考察日期"))
    note = models.TextField(_("考察意见"))
    created_by = user_fk(_("记录人"))

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "admission"

    class Meta:
        verbose_name = _("考察记录")
        verbose_name_plural = _("考察记录")
        ordering = ["reviewed_on", "pk"]
        indexes = [models.Index(fields=["admission", "reviewed_on"], name="adm_review_at")]

    def __str__(self):
        return f"{self.admission_id} {self.reviewed_on}"


class Vote(models.Model):
    """A branch general meeting's vote on one person (接收 or 转正). The ballot is secret
    (细则第二十一条 无记名投票): who voted is kept to check they may, the counts say how."""

    admission = models.ForeignKey(
        Admission, models.CASCADE, related_name="votes", verbose_name=_("发展党员")
    )
    kind = models.CharField(_("表决事项"), max_length=8, choices=VoteKind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", models.PROTECT, related_name="+", verbose_name=_("支部党员大会")
    )
    held_on = models.DateField(_("表决日期"))
    entitled = models.PositiveIntegerField(_("应到会有表决权的正式党员"))
    present = models.PositiveIntegerField(_("实到有表决权的正式党员"))
    voters = models.ManyToManyField("orgs.Person", related_name="+", verbose_name=_("投票人"))
    favour = models.PositiveIntegerField(_("赞成"))
    against = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    passed = models.BooleanField(_("通过"))
    # The higher committee's answer on a passed vote.
    higher_talk_on = models.DateField(_("党委谈话日期"), null=True, blank=True)
    decided_on = models.DateField(_("党委审批日期"), null=True, blank=True)
    approved = models.BooleanField(_("党委批准"), null=True, blank=True)
    reason = models.TextField(_("退回理由"), blank=True)
    created_by = user_fk(_("记录人"))

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "admission"

    class Meta:
        verbose_name = _("支部大会表决")
        verbose_name_plural = _("支部大会表决")
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["admission", "held_on"], name="adm_vote_at")]

    def __str__(self):
        return f"{self.admission_id} {self.get_kind_display()} {self.held_on}"


class AdmissionEvent(TimelineEvent):
    """One step on a person's way in: the timeline on their page."""

    admission = models.ForeignKey(
        Admission, models.CASCADE, related_name="events", verbose_name=_("发展党员")
    )
    action = models.CharField(_("操作"), max_length=16, choices=AdmissionAction.choices)
    from_status = models.CharField(
        _("原阶段"), max_length=16, choices=AdmissionStatus.choices, blank=True
    )
    to_status = models.CharField(_("新阶段"), max_length=16, choices=AdmissionStatus.choices)
    day = models.DateField(_("日期"), null=True, blank=True)
    # Done by its deadline (the month's talk, the three months' approval), for the indicator.
    on_time = models.BooleanField(_("按期"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "admission"
    timeline_of = "admission"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("发展党员记录")
        verbose_name_plural = _("发展党员记录")
        indexes = [
            models.Index(fields=["admission", "at"], name="adm_event_at"),
            models.Index(fields=["action", "day"], name="adm_event_action_day"),
        ]


class AdmissionPolicy(SettingsRow):
    """发展党员的规定 (one row; the defaults are today's rules, each cited where applied)."""

    min_age = models.PositiveSmallIntegerField(_("申请入党最低年龄"), default=18)
    talk_within_days = models.PositiveSmallIntegerField(_("收到申请后谈话期限(天)"), default=30)
    contacts_min = models.PositiveSmallIntegerField(_("培养联系人最少"), default=1)
    contacts_max = models.PositiveSmallIntegerField(_("培养联系人最多"), default=2)
    review_months = models.PositiveSmallIntegerField(_("考察间隔(月)"), default=6)
    activist_months = models.PositiveSmallIntegerField(_("积极分子最短培养期(月)"), default=12)
    training_days = models.PositiveSmallIntegerField(_("集中培训最少天数"), default=3)
    training_hours = models.PositiveSmallIntegerField(_("集中培训最少学时"), default=24)
    sponsors = models.PositiveSmallIntegerField(_("入党介绍人人数"), default=2)
    publicity_workdays = models.PositiveSmallIntegerField(_("公示期(工作日)"), default=5)
    approval_months = models.PositiveSmallIntegerField(_("党委审批期限(月)"), default=3)
    probation_months = models.PositiveSmallIntegerField(_("预备期(月)"), default=12)
    remind_days = models.PositiveSmallIntegerField(_("到期前提醒(天)"), default=7)

    class Meta:
        verbose_name = _("发展党员设置")
        verbose_name_plural = _("发展党员设置")
