"""查保促 safety hazards: reports, inspections, the rectification loop and its deadline policy."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.mixins import Deadlined, LedgerNumber
from apps.core.models import (
    BaseModel,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    TimelineEvent,
    soft_delete_managers,
)
from apps.core.scope import scope_of, subtree_q

from .choices import OPEN_STATUSES, HazardAction, HazardLevel, HazardStatus


def _units_in(prefixes):
    from apps.orgs.models import OrgUnit

    cond = Q()
    for prefix in prefixes:
        cond |= subtree_q(prefix)
    return OrgUnit.objects.filter(cond).values("pk")


class HazardQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The general scope (unit, owner unit, reporter), plus the two ways hazards reach
        further: the safety unit sees the hazards of the company it guards, and the person
        a hazard is assigned to sees it though their role may not reach its unit."""
        from .permissions import hazard_reach

        scope = scope_of(user)
        if scope.everything:
            return self
        reach = hazard_reach(user)
        if reach.everything:
            return self
        base = super().visible_to(user)
        extra = Q(pk__in=[])
        if reach.prefixes:
            units = _units_in(reach.prefixes)
            extra |= Q(unit__in=units) | Q(owner_unit__in=units)
        if scope.person_id is not None:
            extra |= Q(owner_person_id=scope.person_id)
        return base | self.filter(extra)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class InspectionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The general scope (organizer, units covered, inspectors) plus the safety unit's reach;
        the M2M paths are folded into one `pk IN (...)` so no row comes back twice."""
        from .permissions import hazard_reach

        scope = scope_of(user)
        reach = hazard_reach(user)
        if scope.everything or reach.everything:
            return self
        cond = Q(pk__in=super().visible_to(user).values("pk"))
        if reach.prefixes:
            units = _units_in(reach.prefixes)
            covered = Inspection.units.through.objects.filter(orgunit_id__in=units)
            cond |= Q(organizer__in=units) | Q(pk__in=covered.values("inspection_id"))
        return self.filter(cond)


class Inspection(BaseModel):
    """A planned safety inspection (检查活动) by the safety unit or the union; the hazards found
    in it are recorded against it."""

    title = models.CharField(_("检查名称"), max_length=100)
    organizer = unit_fk(_("组织单位"))
    units = models.ManyToManyField("orgs.OrgUnit", related_name="+", verbose_name=_("检查范围"))
    date = models.DateField(_("检查日期"), db_index=True)
    inspectors = models.ManyToManyField(
        "orgs.Person", related_name="hazard_inspections", blank=True, verbose_name=_("检查人员")
    )
    notes = models.TextField(_("检查内容"), blank=True)
    created_by = user_fk(_("创建人"))

    objects, all_objects = soft_delete_managers(InspectionQuerySet)
    scope_unit_fields = ("organizer", "units")
    scope_owner_field = "inspectors"

    class Meta:
        verbose_name = _("检查活动")
        verbose_name_plural = _("检查活动")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hazards:inspection_detail", args=[self.pk])


class Hazard(LedgerNumber, Deadlined, BaseModel):
    """A safety hazard (隐患): reported by anyone, confirmed and assigned by the safety unit,
    rectified by its owner before a deadline, verified by the safety unit."""

    place = models.CharField(_("隐患地点"), max_length=200)
    description = models.TextField(_("隐患描述"))
    level = models.CharField(
        _("隐患等级"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=HazardStatus.choices, default=HazardStatus.REPORTED
    )
    unit = unit_fk(_("所属单位"))
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("检查活动"),
    )
    reporter = person_fk(_("上报人"), models.SET_NULL, null=True)
    reported_by = user_fk(_("上报账号"))
    reported_at = models.DateTimeField(_("上报时间"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reject_reason = models.TextField(_("不予确认理由"), blank=True)
    owner_unit = unit_fk(_("整改责任单位"), null=True)
    owner_person = person_fk(_("整改责任人"), models.SET_NULL, null=True)
    due_at = models.DateTimeField(_("整改期限"), null=True, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    submitted_at = models.DateTimeField(_("提交整改时间"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    objects, all_objects = soft_delete_managers(HazardQuerySet)
    scope_unit_fields = ("unit", "owner_unit")
    scope_owner_field = "reporter"
    number_prefix = "YH"
    open_statuses = OPEN_STATUSES
    # Overdue only once assigned: a report awaiting confirmation has no deadline yet.
    overdue_statuses = (HazardStatus.RECTIFYING, HazardStatus.SUBMITTED)
    done_field = "rectified_at"

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["reported_at"], name="hz_reported"),
            models.Index(fields=["status", "reported_at"], name="hz_status_reported"),
            models.Index(fields=["status", "due_at"], name="hz_status_due"),
            models.Index(fields=["level", "status"], name="hz_level_status"),
            models.Index(fields=["unit", "reported_at"], name="hz_unit_reported"),
            models.Index(fields=["owner_unit", "status"], name="hz_owner_status"),
            models.Index(fields=["rectified_at"], name="hz_rectified"),
        ]

    def __str__(self):
        return f"{self.number} {self.place}"

    def get_absolute_url(self):
        return reverse("hazards:detail", args=[self.pk])


class HazardEvent(TimelineEvent):
    """One step of a hazard's loop (who, when, what): the timeline on its page. The after-photos
    of a rectification are attached to its event."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="events", verbose_name=_("隐患")
    )
    action = models.CharField(_("操作"), max_length=16, choices=HazardAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=HazardStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=16, choices=HazardStatus.choices)
    due_at = models.DateTimeField(_("整改期限"), null=True, blank=True)

    # An event (and the after-photos it carries) is seen by whoever sees its hazard.
    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "hazard"
    timeline_of = "hazard"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("隐患处理记录")
        verbose_name_plural = _("隐患处理记录")
        indexes = [models.Index(fields=["hazard", "at"], name="hz_event_hazard_at")]


class HazardPolicy(SettingsRow):
    """隐患管理设置 (one row, edited on its page; defaults when there is none): the working days
    allowed to rectify a hazard, by level, and the safety units — their department heads act as
    the safety unit of the company they belong to (confirm, assign, verify, plan inspections)."""

    safety_units = models.ManyToManyField(
        "orgs.OrgUnit", blank=True, related_name="+", verbose_name=_("安全管理部门")
    )
    general_days = models.PositiveSmallIntegerField(_("一般隐患(工作日)"), default=10)
    larger_days = models.PositiveSmallIntegerField(_("较大隐患(工作日)"), default=5)
    major_days = models.PositiveSmallIntegerField(_("重大隐患(工作日)"), default=2)

    class Meta:
        verbose_name = _("隐患管理设置")
        verbose_name_plural = _("隐患管理设置")

    def days_for(self, level: str) -> int:
        return {
            HazardLevel.GENERAL: self.general_days,
            HazardLevel.LARGER: self.larger_days,
            HazardLevel.MAJOR: self.major_days,
        }[level]
