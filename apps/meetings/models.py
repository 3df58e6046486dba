"""组织生活: meeting kinds and their required frequency, meetings, and each invitee's attendance."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import BaseModel, NamingQuerySet, ScopedQuerySet, soft_delete_managers
from apps.core.scope import scope_of
from apps.orgs.choices import UnitKind

from .choices import (
    AttendanceStatus,
    Frequency,
    MakeupStatus,
    MeetingStatus,
    RecordReviewStatus,
    SignMethod,
)


class MeetingKind(models.Model):
    """A kind of meeting (三会一课, 主题党日 …) with the frequency at which each unit of its level
    must hold it, and whether taking part counts as theory study (理论教育覆盖率)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    frequency = models.CharField(
        _("规定频次"), max_length=10, choices=Frequency.choices, default=Frequency.NONE
    )
    unit_kind = models.CharField(
        _("适用组织"),
        max_length=32,
        choices=[(UnitKind.BRANCH, _("党支部")), (UnitKind.PARTY_GROUP, _("党小组"))],
        default=UnitKind.BRANCH,
        help_text=_("规定频次对哪一级组织适用"),
    )
    counts_as_study = models.BooleanField(
        _("计入理论学习"), default=False, help_text=_("参加(或补学)该类会议计入理论教育覆盖率")
    )
    integrity_education = models.BooleanField(
        _("廉政教育"),
        default=False,
        help_text=_("该类会议(如警示教育会)计入党风廉政的廉政教育覆盖率"),
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("会议类型")
        verbose_name_plural = _("会议类型")
        ordering = ["sort", "pk"]

    def __str__(self):
        return self.name

    @property
    def required(self) -> bool:
        return self.active and self.frequency != Frequency.NONE


class MeetingQuerySet(NamingQuerySet):
    def naming(self, person_id) -> Q:
        """Every meeting the user is invited to, besides those of the units they reach."""
        return Q(pk__in=Attendance.objects.filter(person_id=person_id).values("meeting_id"))


class Meeting(BaseModel):
    """A meeting of a party unit: planned with invitees, signed in to, then closed with minutes
    and locked (later edits are audited)."""

    unit = unit_fk(_("组织"))
    kind = models.ForeignKey(
        MeetingKind, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("会议类型")
    )
    topic = models.CharField(_("主题"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online_url = models.URLField(_("线上会议链接"), max_length=500, blank=True)
    host = person_fk(_("主持人"))
    recorder = person_fk(_("记录人"), models.SET_NULL, null=True)
    agenda = models.TextField(_("会议议程"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("会议记录"), blank=True)
    resolutions = models.TextField(_("会议决议"), blank=True)
    closed_at = models.DateTimeField(_("结束归档时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("会前提醒时间"), null=True, blank=True, editable=False)
    backfilled = models.BooleanField(
        _("补录"), default=False, help_text=_("会后补录的会议:记录人补录了时间、出勤和会议记录")
    )
    created_by = user_fk(_("创建人"))

    objects, all_objects = soft_delete_managers(MeetingQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["starts_at"], name="mt_starts"),
            models.Index(fields=["unit", "starts_at"], name="mt_unit_starts"),
            models.Index(fields=["kind", "status", "starts_at"], name="mt_kind_status_starts"),
            models.Index(fields=["status", "starts_at"], name="mt_status_starts"),
        ]

    def __str__(self):
        return self.topic

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED


class AttendanceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Whoever sees the meeting sees its roll; everyone sees their own rows."""
        scope = scope_of(user)
        if scope.everything:
            return self
        cond = Q(meeting_id__in=Meeting.objects.visible_to(user).values("pk"))
        if scope.person_id is not None:
            cond |= Q(person_id=scope.person_id)
        return self.filter(cond)


class Attendance(models.Model):
    """One invitee of one meeting (at most one row each): signed in once, on leave, late or
    absent, and the make-up study (补学) an absentee owes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("会议")
    )
    person = person_fk(_("参会人"))
    status = models.CharField(
        _("出勤"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    sign_method = models.CharField(
        _("签到方式"), max_length=8, choices=SignMethod.choices, blank=True, default=""
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    leave_decided_by = user_fk(_("请假审批人"))
    makeup_status = models.CharField(
        _("补学"), max_length=8, choices=MakeupStatus.choices, blank=True, default=""
    )
    makeup_done_at = models.DateTimeField(_("补学完成时间"), null=True, blank=True)
    makeup_note = models.TextField(_("学习体会"), blank=True)

    objects = models.Manager.from_queryset(AttendanceQuerySet)()

    class Meta:
        verbose_name = _("参会记录")
        verbose_name_plural = _("参会记录")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="mt_attendance_once")
        ]
        indexes = [
            # Covering: the coverage figure reads who took part without touching the rows.
            models.Index(
                fields=["meeting", "status", "makeup_status", "person"], name="mt_att_taking_part"
            ),
            models.Index(fields=["person", "status"], name="mt_att_person_status"),
            models.Index(fields=["person", "makeup_status"], name="mt_att_person_makeup"),
        ]

    def __str__(self):
        return f"{self.meeting_id}:{self.person_id}"

    @property
    def attended(self) -> bool:
        from .choices import ATTENDED

        return self.status in ATTENDED


class RecordReview(BaseModel):
    """The higher level's check of a branch's or party group's closed meeting record (三会一课
    台账): pending from closing (or 补录) until a cadre of a 党委 / 党总支 above marks it 合格 or
    returns it with a reason; a record corrected after a return is pending again."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="record_review", verbose_name=_("会议")
    )
    status = models.CharField(
        _("审核状态"),
        max_length=10,
        choices=RecordReviewStatus.choices,
        default=RecordReviewStatus.PENDING,
    )
    reviewed_by = user_fk(_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    note = models.CharField(_("退回理由"), max_length=300, blank=True)

    scope_via = "meeting"

    class Meta:
        verbose_name = _("会议记录审核")
        verbose_name_plural = _("会议记录审核")
        indexes = [models.Index(fields=["status"], name="mt_review_status")]

    def __str__(self):
        return f"{self.meeting} · {self.get_status_display()}"


class PartyGroupMember(BaseModel):
    """A party member's 党小组 (one at most) within their branch: a 党小组会 invites these."""

    group = unit_fk(_("党小组"))
    person = person_fk(_("党员"), models.CASCADE)

    scope_unit_fields = ("group",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("党小组成员")
        verbose_name_plural = _("党小组成员")
        ordering = ["group", "person__employee_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(deleted_at__isnull=True),
                name="mt_one_party_group",
            )
        ]

    def __str__(self):
        return f"{self.group_id}:{self.person_id}"
