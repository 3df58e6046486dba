"""关爱帮扶 (issue 14 §4, decision 0014): the union's hardship files (困难职工档案), the aid
given (慰问, 金秋助学, 医疗互助, 送温暖) and the 送温暖 campaigns whose lists are drawn from the
files.

Hardship data is read only by the care roles (工会干部, 党委/党群工作部) above the person's
unit; an employee reads the aid given to them, never the file."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk, yuan_field
from apps.core.models import (
    BaseModel,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    TimelineEvent,
    soft_delete_managers,
)
from apps.orgs.models import OrgUnit
from apps.orgs.scope import subtrees_q

from .choices import (
    AidForm,
    AidKind,
    AidStatus,
    CampaignStatus,
    FileAction,
    FileStatus,
    HardshipCategory,
    HardshipLevel,
)
from .permissions import care_prefixes


def _care_units(user) -> Q | None:
    """Rows whose unit lies under a care role of the user (a superuser included: no shortcut)."""
    prefixes = care_prefixes(user)
    if not prefixes:
        return Q(pk__in=[])
    return Q(unit__in=OrgUnit.objects.filter(subtrees_q(prefixes)).values("pk"))


class CareQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The care roles above the row's unit; nobody else (no other cadre, no owner)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        cond = _care_units(user)
        return self if cond is None else self.filter(cond)


class AidQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The care roles above the row's unit, and the person the aid was given to."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        cond = _care_units(user)
        if cond is None:
            return self
        if user.person_id is not None:
            cond |= Q(person_id=user.person_id, status=AidStatus.DELIVERED)
        return self.filter(cond)


class CareSettings(SettingsRow):
    """关爱帮扶设置: which appeal category reveals a family in difficulty (default: the one named
    家庭困难) and how long a file goes before its yearly review."""

    appeal_category = models.ForeignKey(
        "appeals.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("家庭困难诉求类别"),
        help_text=_("这一类别的诉求可一键建立困难职工档案;留空则用名为“家庭困难”的类别。"),
    )
    review_days = models.PositiveSmallIntegerField(_("复核周期(天)"), default=365)

    class Meta:
        verbose_name = _("关爱帮扶设置")
        verbose_name_plural = _("关爱帮扶设置")


class HardshipFile(BaseModel):
    """One employee's 困难职工档案: why (category), how hard (level), the family's situation;
    reviewed every year until closed. One active file per person. `unit` is the person's
    department when the file was opened: the scope it is read in."""

    person = person_fk(_("职工"))
    unit = unit_fk(_("所在单位"))
    category = models.CharField(_("困难类别"), max_length=16, choices=HardshipCategory.choices)
    level = models.CharField(_("困难程度"), max_length=16, choices=HardshipLevel.choices)
    status = models.CharField(
        _("状态"), max_length=8, choices=FileStatus.choices, default=FileStatus.ACTIVE
    )
    family_size = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    monthly_income = yuan_field(_("家庭人均月收入(元)"))
    family_situation = models.TextField(_("家庭情况"))
    opened_on = models.DateField(_("建档日期"))
    review_due = models.DateField(_("下次复核日期"))
    reviewed_on = models.DateField(_("上次复核日期"), null=True, blank=True)
    closed_on = models.DateField(_("销档日期"), null=True, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源诉求"),
    )
    concern = models.ForeignKey(
        "talks.Concern",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源谈话问题"),
    )
    opened_by = user_fk(_("建档人"))

    objects, all_objects = soft_delete_managers(CareQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="care_file_unit_status"),
            models.Index(fields=["status", "review_due"], name="care_file_review"),
            models.Index(fields=["person", "status"], name="care_file_person"),
            models.Index(fields=["opened_on"], name="care_file_opened"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="active", deleted_at__isnull=True),
                name="care_one_active_file",
            )
        ]

    def __str__(self):
        return f"{self.person.name} · {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("care:file_detail", args=[self.pk])


class FileEvent(TimelineEvent):
    file = models.ForeignKey(
        HardshipFile, models.CASCADE, related_name="events", verbose_name=_("困难职工档案")
    )
    action = models.CharField(_("操作"), max_length=16, choices=FileAction.choices)

    objects = models.Manager.from_queryset(ParentScopedQuerySet)()
    scope_parent = "file"
    timeline_of = "file"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("档案记录")
        verbose_name_plural = _("档案记录")
        indexes = [models.Index(fields=["file", "at"], name="care_event_at")]


class Campaign(BaseModel):
    """A 送温暖 campaign (春节慰问 …): its list is drawn from the active files of `unit`'s
    subtree at the chosen levels, each entry a planned aid of up to `standard` yuan, delivered
    one by one."""

    title = models.CharField(_("活动名称"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年度"))
    unit = unit_fk(_("范围"))
    levels = models.JSONField(_("困难程度"), default=list)
    standard = yuan_field(_("慰问标准(元/户)"), null=False)
    status = models.CharField(
        _("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    created_by = user_fk(_("发起人"))

    objects, all_objects = soft_delete_managers(CareQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("送温暖活动")
        verbose_name_plural = _("送温暖活动")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("care:campaign_detail", args=[self.pk])


class Aid(BaseModel):
    """One aid given to a person (from a file, or not: 金秋助学 and 医疗互助 reach others too):
    money within the approved amount, or goods. A campaign's entry is planned until delivered."""

    person = person_fk(_("职工"))
    unit = unit_fk(_("所在单位"))
    file = models.ForeignKey(
        HardshipFile,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="aids",
        verbose_name=_("困难职工档案"),
    )
    campaign = models.ForeignKey(
        Campaign,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="aids",
        verbose_name=_("送温暖活动"),
    )
    kind = models.CharField(_("帮扶类型"), max_length=12, choices=AidKind.choices)
    form = models.CharField(_("形式"), max_length=8, choices=AidForm.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=AidStatus.choices, default=AidStatus.DELIVERED
    )
    amount = yuan_field(_("发放金额(元)"))
    approved_amount = yuan_field(_("批准金额(元)"))
    approval_no = models.CharField(_("审批单号"), max_length=30, blank=True)
    goods = models.CharField(_("慰问品"), max_length=100, blank=True)
    day = models.DateField(_("发放日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = user_fk(_("经办人"))

    objects, all_objects = soft_delete_managers(AidQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-day", "-pk"]
        indexes = [
            models.Index(fields=["unit", "year"], name="care_aid_unit_year"),
            models.Index(fields=["year", "kind"], name="care_aid_year_kind"),
            models.Index(fields=["person", "day"], name="care_aid_person"),
            models.Index(fields=["campaign", "status"], name="care_aid_campaign"),
            models.Index(fields=["day"], name="care_aid_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.person.name}"

    def get_absolute_url(self):
        return reverse("care:aid_detail", args=[self.pk])
