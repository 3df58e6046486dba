"""联席会议: standing joint-meeting bodies, their sessions (agenda, attendance, minutes,
resolutions) and the supervised action items (督办事项) the resolutions become."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.mixins import Deadlined, LedgerNumber
from apps.core.models import (
    BaseModel,
    NamingQuerySet,
    ParentScopedQuerySet,
    ScopedQuerySet,
    TimelineEvent,
    soft_delete_managers,
)
from apps.core.scope import scope_of

from .choices import (
    OPEN_STATUSES,
    ActionEventKind,
    ActionStatus,
    Cadence,
    Line,
    Presence,
    SessionStatus,
)


class MeetingQuerySet(NamingQuerySet):
    def naming(self, person_id) -> Q:
        """The representatives named on the body; the convening unit's subtree and the cadres of
        every member unit see it by the general rule over `scope_unit_fields`."""
        return Q(pk__in=JointMember.objects.filter(person_id=person_id).values("meeting_id"))


class JointMeeting(BaseModel):
    """A standing joint-meeting body (联席会议): convened by a party unit, with member units that
    each send a representative, meeting on a cadence."""

    name = models.CharField(_("名称"), max_length=100)
    convener = unit_fk(_("召集单位"))
    cadence = models.CharField(
        _("召开周期"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    description = models.TextField(_("议事范围"), blank=True)
    created_by = user_fk(_("创建人"))

    objects, all_objects = soft_delete_managers(MeetingQuerySet)
    scope_unit_fields = ("convener", "members__unit")

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["convener__path", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("collab:meeting_detail", args=[self.pk])


class JointMember(models.Model):
    """A member unit of a body, the line it speaks for and its representative (代表)."""

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="members", verbose_name=_("联席会议")
    )
    unit = unit_fk(_("成员单位"))
    line = models.CharField(_("条线"), max_length=16, choices=Line.choices, default=Line.OTHER)
    person = person_fk(_("参会代表"), models.SET_NULL, null=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")
        ordering = ["sort", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="collab_one_member_per_unit")
        ]
        indexes = [models.Index(fields=["person"], name="collab_member_person")]

    def __str__(self):
        return f"{self.meeting_id} {self.unit_id}"


class ThroughMeetingQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Seen by whoever sees the body it belongs to."""
        if scope_of(user).everything:
            return self
        return self.filter(meeting_id__in=JointMeeting.objects.visible_to(user).values("pk"))


class JointSession(BaseModel):
    """One session (一次会议) of a body: when and where, the topic cut-off, its minutes."""

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("联席会议")
    )
    number = models.PositiveIntegerField(_("届次"))
    held_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("会议地点"), max_length=100)
    topic_deadline = models.DateTimeField(_("议题征集截止"))
    status = models.CharField(
        _("状态"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    minutes_published_at = models.DateTimeField(_("纪要发布时间"), null=True, blank=True)
    created_by = user_fk(_("创建人"))

    objects, all_objects = soft_delete_managers(ThroughMeetingQuerySet)

    class Meta:
        verbose_name = _("联席会议会次")
        verbose_name_plural = _("联席会议会次")
        ordering = ["-held_at", "-pk"]
        indexes = [
            models.Index(fields=["meeting", "held_at"], name="collab_session_meeting"),
            models.Index(fields=["held_at"], name="collab_session_held"),
            models.Index(fields=["status", "topic_deadline"], name="collab_session_cutoff"),
        ]

    def __str__(self):
        return f"{self.meeting} 第{self.number}次"

    def get_absolute_url(self):
        return reverse("collab:session_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return _("第 %(n)d 次会议") % {"n": self.number}

    def topics_open(self, now=None) -> bool:
        return (now or timezone.now()) <= self.topic_deadline


class AgendaTopic(models.Model):
    """A topic a member unit puts on a session's agenda before the cut-off; the convener
    orders them."""

    session = models.ForeignKey(
        JointSession, on_delete=models.CASCADE, related_name="topics", verbose_name=_("会次")
    )
    unit = unit_fk(_("提交单位"))
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("议题说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    submitted_by = user_fk(_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["session", "order"], name="collab_topic_order")]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a member unit's representative came, sent a stand-in (named) or was absent."""

    session = models.ForeignKey(
        JointSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("会次")
    )
    member = models.ForeignKey(
        JointMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("成员单位")
    )
    presence = models.CharField(_("出席情况"), max_length=10, choices=Presence.choices)
    stand_in = models.CharField(_("委托参会人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="collab_one_attendance")
        ]

    def __str__(self):
        return f"{self.session_id} {self.member_id} {self.presence}"


class Resolution(models.Model):
    """A decision (议定事项) of a session; it becomes one or more action items."""

    session = models.ForeignKey(
        JointSession, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("会次")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("议定事项"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["number", "pk"]
        indexes = [models.Index(fields=["session", "number"], name="collab_resolution_num")]

    def __str__(self):
        return self.text[:50]


class ActionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Whoever sees the body, plus the owner unit's subtree and the owner person."""
        if scope_of(user).everything:
            return self
        meetings = JointMeeting.objects.visible_to(user).values("pk")
        return super().visible_to(user) | self.filter(meeting_id__in=meetings)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class ActionItem(LedgerNumber, Deadlined, BaseModel):
    """A supervised action item (督办事项) from a resolution: an owner unit and person, a
    deadline and the expected result; closed only when the convener accepts it."""

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.PROTECT, related_name="+", verbose_name=_("联席会议")
    )
    session = models.ForeignKey(
        JointSession, on_delete=models.PROTECT, related_name="actions", verbose_name=_("会次")
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.PROTECT, related_name="actions", verbose_name=_("议定事项")
    )
    title = models.CharField(_("督办事项"), max_length=200)
    expected_result = models.TextField(_("预期成效"))
    owner_unit = unit_fk(_("责任单位"))
    owner_person = person_fk(_("责任人"))
    due_at = models.DateTimeField(_("办结时限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    requested_at = models.DateTimeField(_("申请办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    created_by = user_fk(_("交办人"))

    objects, all_objects = soft_delete_managers(ActionQuerySet)
    scope_unit_fields = ("owner_unit",)
    scope_owner_field = "owner_person"
    number_prefix = "DB"
    open_statuses = OPEN_STATUSES
    done_field = "closed_at"

    class Meta:
        verbose_name = _("联席会议督办事项")
        verbose_name_plural = _("联席会议督办事项")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="collab_action_status_due"),
            models.Index(fields=["meeting", "status"], name="collab_action_meeting"),
            models.Index(fields=["session", "resolution"], name="collab_action_session"),
            models.Index(fields=["owner_unit", "status"], name="collab_action_owner"),
            models.Index(fields=["created_at"], name="collab_action_created"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("collab:action_detail", args=[self.pk])


class ActionEvent(TimelineEvent):
    """One step of an action item (交办, 进展, 申请办结, 同意 / 退回): its timeline; progress
    reports carry their attachments."""

    item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("督办事项")
    )
    action = models.CharField(_("操作"), max_length=16, choices=ActionEventKind.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=ActionStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=ActionStatus.choices, blank=True
    )
    due_at = models.DateTimeField(_("办结时限"), null=True, blank=True)

    # An event (and the files it carries) is seen by whoever sees its action item. The item's
    # own visible_to (the body's readers besides its owners) is not a field path, so an event
    # asks it rather than declaring scope_via.
    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "item"
    timeline_of = "item"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("督办事项记录")
        verbose_name_plural = _("督办事项记录")
        indexes = [models.Index(fields=["item", "at"], name="collab_event_item_at")]
