"""党风廉政: sealed 信访举报 that only the 纪委 reads, its hash-chained access log, key posts with
their 廉政风险点, and the yearly 廉洁承诺 (issue 14 §1, §3)."""

import hashlib
import secrets
from datetime import UTC, date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.choices import Role
from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import BaseModel, ParentScopedQuerySet, ScopedQuerySet, SettingsRow
from apps.orgs.models import OrgUnit
from apps.orgs.scope import role_prefixes, subtrees_q

from .choices import (
    AccessAction,
    Disposition,
    EntryKind,
    ReportAction,
    ReportStatus,
    RiskLevel,
    TalkKind,
)

GENESIS = "0" * 64


def random_id() -> int:
    """A report's row id: random 62 bits, so ids never say which report came after which."""
    return secrets.randbelow(2**62 - 1) + 1


class DisciplineQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Only the 纪委, in the subtrees its grants reach: no other role, not the system
        administrator, not a superuser (decision 0016)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        prefixes = role_prefixes(user, Role.DISCIPLINE)
        if not prefixes:
            return self.none()
        units = OrgUnit.objects.filter(subtrees_q(prefixes)).values("pk")
        fields = self.model.discipline_unit_field
        q = Q()
        for name in (fields,) if isinstance(fields, str) else fields:
            q |= Q(**{f"{name}__in": units})
        return self.filter(q)


class HandlerKey(models.Model):
    """A 纪委 handler's key pair: the public half seals reports to them; the private half is
    stored only encrypted under their passphrase (Argon2id), never the passphrase itself."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="integrity_key",
        verbose_name=_("受理人"),
    )
    public_key = models.BinaryField(_("公钥"), max_length=32)
    private_box = models.BinaryField(_("加密的私钥"), max_length=128, editable=False)
    salt = models.BinaryField(_("盐"), max_length=16, editable=False)
    kdf_iterations = models.PositiveSmallIntegerField(_("KDF 迭代次数"), editable=False)
    kdf_memory_kib = models.PositiveIntegerField(_("KDF 内存(KiB)"), editable=False)
    failures = models.PositiveSmallIntegerField(_("连续口令错误"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("纪委受理密钥")
        verbose_name_plural = _("纪委受理密钥")

    def __str__(self):
        return f"{self.user} {self.fingerprint}"

    @property
    def rid(self) -> str:
        """Its name among a sealed text's recipients."""
        return f"h{self.pk}"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(bytes(self.public_key)).hexdigest()[:16]


class Sealed(models.Model):
    """What every sealed record keeps: a random id (no order to read a sender from), the
    ciphertext, and its content key sealed to each reader (`keys`: reader → envelope)."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    body = models.BinaryField(_("密文"), editable=False)
    keys = models.JSONField(_("密钥信封"), default=dict, editable=False)

    class Meta:
        abstract = True


class Report(Sealed):
    """One 信访举报 / 问题线索. The text, the reporter's name if given, and every later text are
    sealed (`body`, `keys`); the row keeps only what handling needs in clear: unit, status,
    disposition and dates (days, not times). No reporter link of any kind, named or not: a
    named reporter's name is inside the sealed text."""

    ref = models.CharField(_("编号"), max_length=20, unique=True)
    unit = unit_fk(_("受理单位"))
    receipt_digest = models.CharField(_("查询码摘要"), max_length=64, unique=True, editable=False)
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    disposition = models.CharField(
        _("处置方式"), max_length=8, choices=Disposition.choices, blank=True
    )
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = models.Manager.from_queryset(DisciplineQuerySet)()
    discipline_unit_field = "unit"

    class Meta:
        verbose_name = _("信访举报")
        verbose_name_plural = _("信访举报")
        ordering = ["-received_on", "ref"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="ig_rep_unit_day"),
            models.Index(fields=["status", "due_on"], name="ig_rep_status_due"),
        ]

    def __str__(self):
        return self.ref

    def get_absolute_url(self):
        return reverse("integrity:report_detail", args=[self.pk])

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != ReportStatus.CLOSED and self.due_on is not None and self.due_on < today
        )


class ReportEntry(Sealed):
    """A later sealed text of a report: the reporter's added information (no author), or a
    handler's note or result (its author is the handler)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="entries", verbose_name=_("举报")
    )
    kind = models.CharField(_("类别"), max_length=8, choices=EntryKind.choices)
    author = user_fk(_("办理人"))
    on = models.DateField(_("日期"))

    objects = models.Manager.from_queryset(DisciplineQuerySet)()
    discipline_unit_field = "report__unit"

    class Meta:
        verbose_name = _("举报补充与办理记录")
        verbose_name_plural = _("举报补充与办理记录")
        ordering = ["on", "kind"]

    def __str__(self):
        return f"{self.report_id} {self.get_kind_display()}"


class ReportEvent(models.Model):
    """A handling step in clear (no content): who of the 纪委 did what, when. The reporter's
    own steps carry no actor and only the day."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("举报")
    )
    action = models.CharField(_("操作"), max_length=10, choices=ReportAction.choices)
    actor = user_fk(_("操作人"))
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = models.Manager.from_queryset(DisciplineQuerySet)()
    discipline_unit_field = "report__unit"

    class Meta:
        verbose_name = _("举报办理步骤")
        verbose_name_plural = _("举报办理步骤")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.report_id} {self.get_action_display()}"


class AppendOnlyQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("the access log is append-only")

    def delete(self):
        raise PermissionError("the access log is append-only")

    def visible_to(self, user):
        return DisciplineQuerySet.visible_to(self, user)


class ReportFile(Sealed):
    """A file sent with a report or with the reporter's added information, sealed like the
    text: its bytes (`body`) and its name and type (`meta`) are encrypted under one content key
    sealed to the readers (`keys`). Only the size is in clear."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("举报")
    )
    entry = models.ForeignKey(
        ReportEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("随补充材料"),
    )
    on = models.DateField(_("日期"))
    size = models.PositiveIntegerField(_("大小(字节)"))
    meta = models.BinaryField(_("加密的文件名"), editable=False)

    objects = models.Manager.from_queryset(DisciplineQuerySet)()
    discipline_unit_field = "report__unit"

    class Meta:
        verbose_name = _("举报附件")
        verbose_name_plural = _("举报附件")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.report_id} {self.pk}"


class Talk(Sealed):
    """A 谈话提醒 or 诫勉谈话 of the 纪委. Who was talked to, when and by whom are kept in
    clear for the 纪委's register; what was said (the content, the person's statement, the
    follow-up) is sealed to the handlers who reach the person's unit, like a report."""

    kind = models.CharField(_("类别"), max_length=10, choices=TalkKind.choices)
    person = person_fk(_("谈话对象"))
    unit = unit_fk(_("谈话对象单位"))
    on = models.DateField(_("谈话日期"))
    talkers = models.CharField(_("谈话人"), max_length=100)
    created_by = user_fk(_("登记人"))
    created_on = models.DateField(_("登记日期"))

    objects = models.Manager.from_queryset(DisciplineQuerySet)()
    discipline_unit_field = "unit"

    class Meta:
        verbose_name = _("谈话记录")
        verbose_name_plural = _("谈话记录")
        ordering = ["-on", "pk"]
        indexes = [models.Index(fields=["unit", "on"], name="ig_talk_unit_day")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on}"

    def get_absolute_url(self):
        return reverse("integrity:talk_detail", args=[self.pk])


class AccessEntry(models.Model):
    """One opening of a report (or of one of its files, or of a talk record) by a handler.
    Append-only and hash-chained: each row's `digest` is sha256 over the previous row's digest
    and its own fields, so an altered or removed row breaks the chain at that point
    (selectors.access_verify)."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("查阅人"),
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("举报"),
    )
    talk = models.ForeignKey(
        Talk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("谈话记录"),
    )
    action = models.CharField(_("操作"), max_length=10, choices=AccessAction.choices)
    prev_digest = models.CharField(_("前一条摘要"), max_length=64)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()
    discipline_unit_field = ("report__unit", "talk__unit")

    class Meta:
        verbose_name = _("举报查阅日志")
        verbose_name_plural = _("举报查阅日志")
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False) | Q(talk__isnull=False),
                name="ig_access_has_record",
            )
        ]

    def __str__(self):
        return f"#{self.seq} {self.user_id} {self.report_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the access log is append-only")

    def compute_digest(self) -> str:
        fields = "|".join(
            [
                self.prev_digest,
                str(self.seq),
                self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                str(self.user_id),
                # a report's row hashes as it always did; a talk's names the talk
                str(self.report_id) if self.report_id else f"talk:{self.talk_id}",
                self.action,
            ]
        )
        return hashlib.sha256(fields.encode()).hexdigest()


# --- key posts and 廉政风险点 (§1) -------------------------------------------------------------


class PostCategory(models.Model):
    """A kind of key post (采购, 财务, 物资, 招投标, 工程, 人事 …): the 纪委 adds or retires."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("关键岗位类别")
        verbose_name_plural = _("关键岗位类别")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class IntegritySettings(SettingsRow):
    """The 纪委's settings: after how many years in a key post rotation is due, and the year's
    廉洁承诺 text."""

    rotation_years = models.PositiveSmallIntegerField(_("轮岗年限(年)"), default=5)
    pledge_year = models.PositiveSmallIntegerField(_("承诺书年度"), null=True, blank=True)
    pledge_text = models.TextField(_("廉洁承诺书"), blank=True)

    class Meta:
        verbose_name = _("党风廉政设置")
        verbose_name_plural = _("党风廉政设置")


class KeyPost(BaseModel):
    """A key post of a unit (采购员, 财务主管 …) and its category."""

    name = models.CharField(_("岗位名称"), max_length=50)
    category = models.ForeignKey(
        PostCategory, on_delete=models.PROTECT, related_name="posts", verbose_name=_("类别")
    )
    unit = unit_fk(_("所属单位"))
    duties = models.CharField(_("主要职责"), max_length=300, blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("关键岗位")
        verbose_name_plural = _("关键岗位")
        ordering = ["unit__path", "name"]
        indexes = [models.Index(fields=["unit", "name"], name="ig_post_unit")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("integrity:post_detail", args=[self.pk])


class PostHolding(models.Model):
    """A person on a key post since a day (until a day when they leave it): years in post and
    the rotation reminder come from here."""

    post = models.ForeignKey(
        KeyPost, on_delete=models.CASCADE, related_name="holdings", verbose_name=_("岗位")
    )
    person = person_fk(_("在岗人员"))
    since = models.DateField(_("到岗日期"))
    until = models.DateField(_("离岗日期"), null=True, blank=True)
    rotation_reminded_on = models.DateField(_("轮岗提醒日期"), null=True, blank=True)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "post"

    class Meta:
        verbose_name = _("关键岗位在岗人员")
        verbose_name_plural = _("关键岗位在岗人员")
        ordering = ["since"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "person"], condition=Q(until=None), name="ig_one_open_holding"
            )
        ]

    def __str__(self):
        return f"{self.post} {self.person_id}"

    def years(self, today: date | None = None) -> float:
        end = self.until or today or timezone.localdate()
        return round((end - self.since).days / 365.25, 1)


class RiskPoint(BaseModel):
    """A 廉政风险点 of a key post: its level, the controls against it, who owns it and how often
    it is reviewed; past `next_review_on` it is due."""

    post = models.ForeignKey(
        KeyPost, on_delete=models.CASCADE, related_name="risks", verbose_name=_("关键岗位")
    )
    title = models.CharField(_("风险点"), max_length=100)
    level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices)
    controls = models.TextField(_("防控措施"))
    owner = person_fk(_("责任人"))
    review_months = models.PositiveSmallIntegerField(_("复核周期(月)"), default=12)
    last_review_on = models.DateField(_("上次复核"), null=True, blank=True)
    next_review_on = models.DateField(_("下次复核"))
    reminded_on = models.DateField(_("提醒日期"), null=True, blank=True)
    created_by = user_fk(_("登记人"))

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("post__unit",)
    scope_owner_field = "owner"

    class Meta:
        verbose_name = _("廉政风险点")
        verbose_name_plural = _("廉政风险点")
        ordering = ["next_review_on", "pk"]
        indexes = [
            models.Index(fields=["next_review_on"], name="ig_risk_next"),
            models.Index(fields=["post", "level"], name="ig_risk_post_level"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("integrity:risk_detail", args=[self.pk])

    def is_due(self, today: date | None = None) -> bool:
        return self.next_review_on < (today or timezone.localdate())


class Pledge(models.Model):
    """One person's 廉洁承诺 for one year: the text they signed, who, when."""

    person = person_fk(_("承诺人"))
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.TextField(_("承诺内容"))
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    unit = unit_fk(_("单位"), null=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("廉洁承诺")
        verbose_name_plural = _("廉洁承诺")
        ordering = ["-year", "-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="ig_one_pledge_a_year")
        ]

    def __str__(self):
        return f"{self.year} {self.person_id}"


OPEN_REPORT = ~Q(status=ReportStatus.CLOSED)
