"""谈心谈话 and 思想动态 (decision 0008): a cadre's talks with the people of their scope, the
concerns raised in them, and each unit's quarterly 思想动态调研报告 scored by the 党群工作部.

A talk's content is read only by its talker and by the political roles above the person's unit;
line managers (部门负责人, 班组长) reach its counts through `Talk.objects.counted_by`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
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
from apps.orgs.models import OrgUnit
from apps.orgs.scope import role_prefixes, subtrees_q

from .choices import PersonState, ReportStatus, TalkAction, TalkKind, TalkPlace

# The roles that record talks and read their content in the subtrees they reach (a 党支部 also
# its bound department): 党委/党群工作部, 党总支/党支部 书记 and 支部委员 (the 政工 line).
POLITICAL_ROLES = (Role.PARTY_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE)


class TalkQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Content: the talker's own talks, and those whose unit lies under a political role
        of the user (but not the talks with the user). Any other role reaching the unit sees
        only `counted_by`."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        condition = Q(talker=user.pk)
        prefixes = role_prefixes(user, *POLITICAL_ROLES)
        if prefixes:
            above = Q(unit__in=OrgUnit.objects.filter(subtrees_q(prefixes)).values("pk"))
            # A secretary talked with by the party office does not read the notes on himself.
            condition |= above & ~Q(person_id=user.person_id)
        return self.filter(condition)

    def counted_by(self, user):
        """The talks whose numbers (never their content) the user may see: every cadre whose
        roles reach the unit, line managers included."""
        return ScopedQuerySet.visible_to(self, user)


class ConcernTag(models.Model):
    """A kind of concern raised in talks (薪酬待遇, 食堂住宿 …); admins add, rename or retire."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    appeal_category = models.ForeignKey(
        "appeals.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转为诉求时的类别"),
        help_text=_("这类问题转为急难愁盼诉求时使用的诉求类别;留空则用“其他”。"),
    )

    class Meta:
        verbose_name = _("关注问题标签")
        verbose_name_plural = _("关注问题标签")
        ordering = ["sort", "pk"]

    def __str__(self):
        return self.name


class TalkPolicy(SettingsRow):
    """How often every employee is to be talked with: the coverage cycle, in months from
    January (3: quarters)."""

    months_per_cycle = models.PositiveSmallIntegerField(
        _("覆盖周期(月)"),
        default=3,
        choices=[
            (1, _("每月")),
            (2, _("每两个月")),
            (3, _("每季度")),
            (6, _("每半年")),
            (12, _("每年")),
        ],
        help_text=_("每名在职职工在一个周期内至少谈话一次。"),
    )

    class Meta:
        verbose_name = _("谈心谈话设置")
        verbose_name_plural = _("谈心谈话设置")


class Talk(BaseModel):
    """One 谈心谈话: who talked (the cadre's account), with whom, where, of what kind, how the
    person is, what was said and what follows. `unit` is the person's unit at the time."""

    talker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("谈话人"),
    )
    talker_name = models.CharField(_("谈话人姓名"), max_length=50)
    person = person_fk(_("谈话对象"))
    unit = unit_fk(_("所在单位"))
    day = models.DateField(_("谈话日期"))
    place = models.CharField(_("谈话地点"), max_length=16, choices=TalkPlace.choices)
    kind = models.CharField(_("谈话类型"), max_length=16, choices=TalkKind.choices)
    state = models.CharField(_("思想状态"), max_length=16, choices=PersonState.choices)
    summary = models.TextField(_("谈话要点"))
    follow_up = models.TextField(_("后续跟进"), blank=True)

    scope_unit_fields = ("unit",)
    scope_user_field = "talker"

    objects, all_objects = soft_delete_managers(TalkQuerySet)

    class Meta:
        verbose_name = _("谈心谈话")
        verbose_name_plural = _("谈心谈话")
        ordering = ["-day", "-pk"]
        indexes = [
            models.Index(fields=["unit", "day"], name="tk_unit_day"),
            models.Index(fields=["talker", "day"], name="tk_talker_day"),
            models.Index(fields=["person", "day"], name="tk_person_day"),
            models.Index(fields=["kind", "day"], name="tk_kind_day"),
            models.Index(fields=["state", "day"], name="tk_state_day"),
            models.Index(fields=["day"], name="tk_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.talker_name} · {self.person_id}"


class Concern(models.Model):
    """A concern raised in a talk, by its tag, with a note; it may become an 急难愁盼 appeal or
    a supervised follow-up (督办, the concern is the supervised record), once."""

    talk = models.ForeignKey(
        Talk, models.CASCADE, related_name="concerns", verbose_name=_("谈心谈话")
    )
    tag = models.ForeignKey(
        ConcernTag, models.PROTECT, related_name="concerns", verbose_name=_("问题类别")
    )
    note = models.CharField(_("问题说明"), max_length=200, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转为诉求"),
    )
    follow_up_due = models.DateTimeField(_("督办期限"), null=True, blank=True)
    follow_up_closed_at = models.DateTimeField(_("督办办结时间"), null=True, blank=True)

    scope_parent = "talk"
    objects = models.Manager.from_queryset(ParentScopedQuerySet)()

    class Meta:
        verbose_name = _("关注问题")
        verbose_name_plural = _("关注问题")
        ordering = ["talk", "tag__sort", "pk"]
        indexes = [models.Index(fields=["tag", "talk"], name="tk_concern_tag")]
        constraints = [
            models.UniqueConstraint(fields=["talk", "tag"], name="tk_concern_once_per_tag")
        ]

    def __str__(self):
        return str(self.tag_id)

    @property
    def described(self) -> str:
        """The tag and the note, as a timeline step names the concern."""
        return f"{self.tag.name}:{self.note}" if self.note else self.tag.name

    @property
    def linked(self) -> bool:
        return self.appeal_id is not None or self.follow_up_due is not None


class TalkEventQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A step is read by whoever reads the talk's content."""
        return self.filter(talk__in=Talk.objects.visible_to(user).values("pk"))


class TalkEvent(TimelineEvent):
    """One step on a talk's timeline: recorded, a concern raised, turned into an appeal or a
    督办 follow-up (`data`: the concern's tag, the appeal's number), the follow-up closed."""

    talk = models.ForeignKey(
        Talk, on_delete=models.CASCADE, related_name="events", verbose_name=_("谈心谈话")
    )
    action = models.CharField(_("操作"), max_length=16, choices=TalkAction.choices)

    objects = models.Manager.from_queryset(TalkEventQuerySet)()
    timeline_of = "talk"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("谈话记录")
        verbose_name_plural = _("谈话记录")
        indexes = [models.Index(fields=["talk", "at"], name="tk_event_talk_at")]


RUBRIC = (
    ("score_data", _("数据翔实")),
    ("score_analysis", _("分析深入")),
    ("score_problems", _("问题精准")),
    ("score_measures", _("措施可行")),
)
RUBRIC_MAX = 25


def _score(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(RUBRIC_MAX)],
    )


class MoodReport(BaseModel):
    """A unit's quarterly 思想动态调研报告: the figures the platform knows (frozen when it is
    submitted), the unit's analysis and measures, and the 党群工作部's score on the rubric."""

    unit = unit_fk(_("报送单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    analysis = models.TextField(_("思想动态分析"))
    measures = models.TextField(_("工作措施"), blank=True)
    submitted_by = user_fk(_("报送人"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    score_data = _score(_("数据翔实"))
    score_analysis = _score(_("分析深入"))
    score_problems = _score(_("问题精准"))
    score_measures = _score(_("措施可行"))
    score = models.PositiveSmallIntegerField(_("总分"), null=True, blank=True)
    score_note = models.TextField(_("评语"), blank=True)
    scored_by = user_fk(_("评分人"))
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)

    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("思想动态调研报告")
        verbose_name_plural = _("思想动态调研报告")
        ordering = ["-year", "-quarter", "unit__path"]
        indexes = [
            models.Index(fields=["year", "quarter", "status"], name="tk_report_period"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"],
                condition=Q(deleted_at__isnull=True),
                name="tk_report_once",
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}Q{self.quarter}"
