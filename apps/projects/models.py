"""项目化管理: cross-department projects from proposal to evaluation, their targets, milestones
(supervised in 督办), progress reports, issues, acceptance and the closed history."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.mixins import LedgerNumber
from apps.core.models import (
    BaseModel,
    NamingQuerySet,
    ParentScopedQuerySet,
    ScopedQuerySet,
    TimelineEvent,
    soft_delete_managers,
)

from .choices import (
    CLOSED_STATUSES,
    Grade,
    IssueStatus,
    MilestoneAction,
    MilestoneStatus,
    ProjectAction,
    ProjectStatus,
    TargetDirection,
    Verdict,
)


class ProjectType(models.Model):
    """A kind of project the 党群工作部 runs (党员攻关, 青年突击 …); edited in admin."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("项目类型")
        verbose_name_plural = _("项目类型")
        ordering = ["sort", "pk"]

    def __str__(self):
        return self.name


class ProjectQuerySet(NamingQuerySet):
    def naming(self, person_id) -> Q:
        """The people in a project: the members and the milestone owners (the leader is its
        `scope_owner_field`; the lead unit's and the co-operating units' subtrees and the units
        owning a milestone see it by the general rule over `scope_unit_fields`)."""
        return Q(pk__in=Member.objects.filter(person_id=person_id).values("project_id")) | Q(
            pk__in=Milestone.objects.filter(owner_person_id=person_id).values("project_id")
        )


class Project(LedgerNumber, BaseModel):
    """A cross-department project (项目化管理): a lead unit, co-operating units, a leader and
    members, measurable targets and dated milestones; approved by the 党群工作部, accepted
    against its targets, then evaluated with a score (0–100) that feeds 量化考核.

    Progress (0–100) is stored and recomputed whenever a milestone or a report changes it: half
    from milestones (done ÷ not cancelled), half from targets (the mean of each target's latest
    reported figure ÷ its target value, capped at 100 %); when a project has only one of the
    two, that one counts whole."""

    name = models.CharField(_("项目名称"), max_length=100)
    type = models.ForeignKey(
        ProjectType, on_delete=models.PROTECT, related_name="projects", verbose_name=_("项目类型")
    )
    aim = models.TextField(_("项目目标与内容"), blank=True)  # sanitized rich text
    team_name = models.CharField(_("项目团队(如党员突击队)"), max_length=100, blank=True)
    lead_unit = unit_fk(_("牵头单位"))
    leader = person_fk(_("项目负责人"), models.SET_NULL, null=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("完成时限"))
    budget = models.DecimalField(
        _("预算(元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    progress = models.DecimalField(_("进度(%)"), max_digits=4, decimal_places=1, default=0)
    submitted_at = models.DateTimeField(_("提交审批时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审批通过时间"), null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    score = models.DecimalField(
        _("评价得分"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField(_("评价等级"), max_length=10, choices=Grade.choices, blank=True)
    evaluation_comment = models.TextField(_("评价意见"), blank=True)
    evaluated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    terminate_reason = models.TextField(_("终止原因"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_by = user_fk(_("申报人"))

    objects, all_objects = soft_delete_managers(ProjectQuerySet)
    scope_unit_fields = ("lead_unit", "cooperations__unit", "milestones__owner_unit")
    scope_owner_field = "leader"
    number_prefix = "XM"

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["status", "start_date"], name="pj_status_start"),
            models.Index(fields=["type", "status"], name="pj_type_status"),
            models.Index(fields=["lead_unit", "status"], name="pj_lead_status"),
            models.Index(fields=["start_date", "end_date"], name="pj_dates"),
            models.Index(fields=["end_date"], name="pj_end"),
            models.Index(fields=["progress"], name="pj_progress"),
            models.Index(fields=["evaluated_at"], name="pj_evaluated"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


def part_of_project(related_name: str) -> models.ForeignKey:
    """The link from a part of a project (a target, a milestone, a report …) to it: the part goes
    with the project, and is seen (with the files it carries) by whoever sees the project
    (`scope_parent = "project"` on a `ParentScopedQuerySet`)."""
    return models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("项目")
    )


class Cooperation(models.Model):
    """A co-operating unit (配合单位) and what it contributes."""

    project = part_of_project("cooperations")
    unit = unit_fk(_("配合单位"))
    contribution = models.CharField(_("配合内容"), max_length=300, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "project"

    class Meta:
        verbose_name = _("配合单位")
        verbose_name_plural = _("配合单位")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="pj_coop_once")]
        indexes = [models.Index(fields=["unit"], name="pj_coop_unit")]

    def __str__(self):
        return f"{self.project_id} {self.unit_id}"


class Member(models.Model):
    """A member of the project team (a 党员突击队 member, an engineer …) and their part."""

    project = part_of_project("members")
    person = person_fk(_("成员"), models.CASCADE)
    role = models.CharField(_("分工"), max_length=50, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "project"

    class Meta:
        verbose_name = _("项目成员")
        verbose_name_plural = _("项目成员")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="pj_member_once")]
        indexes = [models.Index(fields=["person"], name="pj_member_person")]

    def __str__(self):
        return f"{self.project_id} {self.person_id}"


class Target(models.Model):
    """A measurable target: a unit of measure and the value to reach; the latest reported
    figure and the value found at acceptance sit beside it."""

    project = part_of_project("targets")
    name = models.CharField(_("指标"), max_length=100)
    measure = models.CharField(_("计量单位"), max_length=20)
    target_value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("方向"), max_length=6, choices=TargetDirection.choices, default=TargetDirection.HIGHER
    )
    latest_value = models.DecimalField(
        _("最新完成值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual_value = models.DecimalField(
        _("验收实际值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "project"

    class Meta:
        verbose_name = _("项目指标")
        verbose_name_plural = _("项目指标")
        ordering = ["sort", "pk"]

    def __str__(self):
        return f"{self.name}({self.measure})"

    @property
    def achieved(self):
        """How far the latest (or accepted) value meets the target, 0–1; None before any
        figure. See `achievement`."""
        value = self.actual_value if self.actual_value is not None else self.latest_value
        return achievement(value, self.target_value, self.direction)


def achievement(value, goal, direction: str) -> float | None:
    """The share of a target met, capped at 1: value ÷ goal when higher is better; goal ÷ value
    when lower is better (the usual rule for a 逆向指标: 废品率 3 % met at 3 % or under, two
    thirds at 4.5 %; a goal of 0 is met only at 0). None when there is no figure."""
    if value is None:
        return None
    value, goal = float(value), float(goal)
    if direction == TargetDirection.LOWER:
        if value <= goal:
            return 1.0
        return max(0.0, goal / value) if value > 0 else 0.0
    if not goal:
        return None
    return max(0.0, min(1.0, value / goal))


class MilestoneQuerySet(ParentScopedQuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=MilestoneStatus.OPEN, due_date__lt=today)


class Milestone(BaseModel):
    """A dated step of a project with an owner unit (and person); supervised in 督办 while the
    project is under way, closed when its owner marks it done."""

    project = part_of_project("milestones")
    title = models.CharField(_("里程碑"), max_length=100)
    owner_unit = unit_fk(_("责任单位"))
    owner_person = person_fk(_("责任人"), models.SET_NULL, null=True)
    due_date = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("完成进度(%)"), default=0)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.TextField(_("完成情况"), blank=True)

    objects, all_objects = soft_delete_managers(MilestoneQuerySet)
    scope_parent = "project"

    class Meta:
        verbose_name = _("项目里程碑")
        verbose_name_plural = _("项目里程碑")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["project", "due_date"], name="pj_ms_project_due"),
            models.Index(fields=["status", "due_date"], name="pj_ms_status_due"),
            models.Index(fields=["owner_unit", "status"], name="pj_ms_owner_unit"),
            models.Index(fields=["owner_person"], name="pj_ms_owner_person"),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == MilestoneStatus.OPEN and self.due_date < today


class MilestoneUpdateQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """An update (and its evidence files) is seen by whoever sees the project."""
        return self.filter(milestone__project_id__in=Project.objects.visible_to(user).values("pk"))


class MilestoneUpdate(TimelineEvent):
    """The owner's word on a milestone, a step on its timeline: progress, a note, evidence
    files; the last one may mark it done (open → done)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="updates", verbose_name=_("里程碑")
    )
    action = models.CharField(_("操作"), max_length=16, choices=MilestoneAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=MilestoneStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=MilestoneStatus.choices, blank=True
    )
    progress = models.PositiveSmallIntegerField(_("完成进度(%)"))
    done = models.BooleanField(_("标记完成"), default=False)

    objects = models.Manager.from_queryset(MilestoneUpdateQuerySet)()
    timeline_of = "milestone"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("里程碑进展")
        verbose_name_plural = _("里程碑进展")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["milestone", "at"], name="pj_msu_ms_at")]

    def __str__(self):
        return f"{self.milestone_id} {self.progress}%"


class ProgressReport(BaseModel):
    """A periodic progress report: what was done (rich text) and a figure for each target."""

    project = part_of_project("reports")
    reported_on = models.DateField(_("报告日期"))
    summary = models.TextField(_("进展情况"))  # sanitized rich text
    reporter = user_fk(_("报告人"))
    reporter_name = models.CharField(_("报告人姓名"), max_length=50, blank=True)
    progress = models.DecimalField(_("报告时进度(%)"), max_digits=4, decimal_places=1, default=0)

    objects, all_objects = soft_delete_managers(ParentScopedQuerySet)
    scope_parent = "project"

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["project", "reported_on"], name="pj_report_project")]

    def __str__(self):
        return f"{self.project_id} {self.reported_on}"


class ReportFigure(models.Model):
    """The value a progress report gives for one target."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="figures", verbose_name=_("报告")
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="figures", verbose_name=_("指标")
    )
    value = models.DecimalField(_("完成值"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("指标完成值")
        verbose_name_plural = _("指标完成值")
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="pj_figure_once")]

    def __str__(self):
        return f"{self.target_id}={self.value}"


class Issue(BaseModel):
    """A problem raised while the project runs, open until someone records how it was solved."""

    project = part_of_project("issues")
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    raised_by = user_fk(_("提出人"))
    raised_name = models.CharField(_("提出人姓名"), max_length=50, blank=True)
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)

    objects, all_objects = soft_delete_managers(ParentScopedQuerySet)
    scope_parent = "project"

    class Meta:
        verbose_name = _("项目问题")
        verbose_name_plural = _("项目问题")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["project", "status"], name="pj_issue_project")]

    def __str__(self):
        return self.title


class Acceptance(models.Model):
    """One round of acceptance (验收): the lead unit's results against each target with
    evidence, then the acceptor's verdict. A failed round sends the project back to work."""

    project = part_of_project("acceptances")
    summary = models.TextField(_("完成情况总结"))
    submitted_by = user_fk(_("申请人"))
    submitted_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    verdict = models.CharField(_("验收结论"), max_length=10, choices=Verdict.choices, blank=True)
    verdict_note = models.TextField(_("验收意见"), blank=True)
    acceptor = user_fk(_("验收人"))
    acceptor_name = models.CharField(_("验收人姓名"), max_length=50, blank=True)
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "project"

    class Meta:
        verbose_name = _("项目验收")
        verbose_name_plural = _("项目验收")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["project", "submitted_at"], name="pj_acc_project")]

    def __str__(self):
        return f"{self.project_id} {self.submitted_at:%Y-%m-%d}"


class AcceptanceResult(models.Model):
    """The actual value of one target as submitted for acceptance."""

    acceptance = models.ForeignKey(
        Acceptance, on_delete=models.CASCADE, related_name="results", verbose_name=_("验收")
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="+", verbose_name=_("指标")
    )
    actual_value = models.DecimalField(_("实际完成值"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("验收指标")
        verbose_name_plural = _("验收指标")
        constraints = [
            models.UniqueConstraint(fields=["acceptance", "target"], name="pj_result_once")
        ]

    def __str__(self):
        return f"{self.target_id}={self.actual_value}"


class ProjectEvent(TimelineEvent):
    """One step of the project's loop (who, when, what, from which state to which); shown with
    the audited edits on the shared timeline (apps.core.timeline)."""

    project = part_of_project("events")
    action = models.CharField(_("操作"), max_length=16, choices=ProjectAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=ProjectStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=16, choices=ProjectStatus.choices)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "project"
    timeline_of = "project"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("项目处理记录")
        verbose_name_plural = _("项目处理记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["project", "at"], name="pj_event_project_at")]
