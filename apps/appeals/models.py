"""The 急难愁盼 appeals ledger: appeals, their categories, the deadline policy and the timeline."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import AliveManager, BaseModel, ScopedQuerySet, TimelineEvent

from .choices import EventKind, Status, Urgency


class Category(models.Model):
    """An appeal category (工资待遇, 食堂宿舍 …); admins add, rename, reorder or retire them."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["sort", "pk"]

    def __str__(self):
        return self.name


class AppealPolicy(models.Model):
    """Default deadlines in working days by urgency (one row; the defaults when there is none)."""

    days_normal = models.PositiveSmallIntegerField(_("一般诉求办结时限(工作日)"), default=15)
    days_urgent = models.PositiveSmallIntegerField(_("紧急诉求办结时限(工作日)"), default=7)
    days_critical = models.PositiveSmallIntegerField(_("特急诉求办结时限(工作日)"), default=3)

    class Meta:
        verbose_name = _("诉求办理时限")
        verbose_name_plural = _("诉求办理时限")

    def __str__(self):
        return str(_("诉求办理时限"))

    @classmethod
    def current(cls) -> "AppealPolicy":
        return cls.objects.order_by("pk").first() or cls()

    def days_for(self, urgency: str) -> int:
        return {
            Urgency.NORMAL: self.days_normal,
            Urgency.URGENT: self.days_urgent,
            Urgency.CRITICAL: self.days_critical,
        }[urgency]


class AppealQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The unit scope (owner unit, a named submitter's department) and the submitter, plus:
        the responsible person and the head of the responsible unit, and the company-level intake
        (工会/党群) of the company the appeal was lodged with. One door for pages, API, files."""
        from apps.core.scope import scope_of
        from apps.orgs.models import OrgUnit

        from .permissions import intake_companies

        scope = scope_of(user)
        if scope.everything:
            return self
        extra = Q(pk__in=[])
        if scope.person_id is not None:
            headed = OrgUnit.objects.filter(head_id=scope.person_id).values("pk")
            extra |= Q(owner_person_id=scope.person_id) | Q(owner_unit__in=headed)
        companies = intake_companies(user)
        if companies:
            extra |= Q(intake_unit_id__in=companies)
        return super().visible_to(user) | self.filter(extra)


class AppealManager(AliveManager.from_queryset(AppealQuerySet)):
    pass


class Appeal(BaseModel):
    """One appeal. An anonymous one holds no link to its submitter: no person, no unit, no user;
    only the hash of the receipt code the submitter was shown once."""

    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("类别")
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    anonymous = models.BooleanField(_("匿名"), default=False)
    submitter = models.ForeignKey(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("提交人"),
    )
    submitter_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人部门"),
    )
    intake_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受理单位"),
        help_text=_("诉求提交到的公司,其工会与党群工作部负责受理"),
    )
    receipt_digest = models.CharField(
        _("回执码摘要"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # An anonymous appeal's ledger number is random: one made from the row id would say which
    # named appeals came just before and after it.
    ref = models.CharField(
        _("编号"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任单位"),
    )
    owner_person = models.ForeignKey(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任人"),
    )
    due_at = models.DateTimeField(_("办结时限"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolution = models.TextField(_("办结答复"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    decline_reason = models.CharField(_("不予受理理由"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("并入诉求"),
    )

    objects = AppealManager()
    all_objects = models.Manager.from_queryset(AppealQuerySet)()
    scope_unit_fields = ("owner_unit", "submitter_unit")
    scope_owner_field = "submitter"

    class Meta:
        verbose_name = _("急难愁盼诉求")
        verbose_name_plural = _("急难愁盼诉求")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at"], name="appeal_created"),
            models.Index(fields=["status", "created_at"], name="appeal_status_created"),
            models.Index(fields=["status", "due_at"], name="appeal_status_due"),
            models.Index(fields=["category", "created_at"], name="appeal_category_created"),
            models.Index(fields=["urgency", "created_at"], name="appeal_urgency_created"),
            models.Index(fields=["owner_unit", "status"], name="appeal_owner_unit_status"),
            models.Index(fields=["owner_person", "status"], name="appeal_owner_person_status"),
            models.Index(fields=["submitter_unit", "status"], name="appeal_sub_unit_status"),
            models.Index(fields=["submitter", "created_at"], name="appeal_submitter_created"),
            models.Index(fields=["intake_unit", "status"], name="appeal_intake_status"),
            models.Index(fields=["due_at"], name="appeal_due"),
            models.Index(fields=["resolved_at"], name="appeal_resolved"),
            # Covers the figures' one grouped scan over a period (no table lookups).
            models.Index(
                fields=[
                    "created_at",
                    "owner_unit",
                    "category",
                    "status",
                    "resolved_at",
                    "due_at",
                    "rating",
                ],
                name="appeal_figures",
                condition=Q(deleted_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="appeal_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(submitter__isnull=True, submitter_unit__isnull=True),
                name="appeal_anonymous_has_no_submitter",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """The ledger number (编号): year received and the row id, or an anonymous appeal's
        random one."""
        return self.ref or f"SQ{self.created_at:%Y}-{self.pk or 0:06d}"

    @property
    def is_done(self) -> bool:
        return self.status in (Status.ANSWERED, Status.CLOSED)

    @property
    def on_time(self) -> bool | None:
        if self.resolved_at is None or self.due_at is None:
            return None
        return self.resolved_at <= self.due_at


class AppealEvent(TimelineEvent):
    """One step on an appeal's timeline: who (never the anonymous submitter: no actor, no name,
    and the batch's time as `at`), when, what, from which state to which, the text."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="events", verbose_name=_("诉求")
    )
    action = models.CharField(_("事项"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices, blank=True)
    by_submitter = models.BooleanField(_("提交人本人"), default=False)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    timeline_of = "appeal"
    scope_via = "appeal"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        indexes = [models.Index(fields=["appeal", "at"], name="appeal_event_appeal")]

    def __str__(self):
        return f"{self.appeal_id} {self.get_action_display()}"


class PendingAction(models.TextChoices):
    SUBMIT = "submit", _("提交诉求")
    ADD_INFO = "add_info", _("补充情况")
    RATE = "rate", _("满意度评价")
    REOPEN = "reopen", _("申请重办")


class PendingWrite(models.Model):
    """An anonymous submitter's write (the submit, or a step by receipt code) waiting for the
    next batch, which writes every pending one in random order stamped with the batch time and
    deletes it. It holds no user and no time of its own: only the batch it waits for, which
    every write of that window shares; its id is random."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch_at = models.DateTimeField(_("写入批次"), db_index=True)
    action = models.CharField(_("操作"), max_length=16, choices=PendingAction.choices)
    receipt_digest = models.CharField(_("回执码摘要"), max_length=64, db_index=True)
    # The order of one submitter's own steps (add information, then rate): the batch keeps it,
    # while it shuffles everyone's steps among one another.
    seq = models.PositiveIntegerField(_("顺序"), default=0)
    data = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("待写入的匿名诉求")
        verbose_name_plural = _("待写入的匿名诉求")

    def __str__(self):
        return f"{self.get_action_display()} {self.batch_at:%Y-%m-%d %H:%M}"


class PendingFile(models.Model):
    """A file of a pending anonymous write, already renamed and stripped of its metadata; it
    becomes an attachment when the batch writes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pending = models.ForeignKey(PendingWrite, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("文件名"), max_length=255)
    content = models.BinaryField(_("内容"))

    class Meta:
        verbose_name = _("待写入的附件")
        verbose_name_plural = _("待写入的附件")

    def __str__(self):
        return self.name
