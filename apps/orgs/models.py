"""The organization forest and the people in it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from apps.core.models import BaseModel, ScopedQuerySet

from .choices import (
    EmploymentStatus,
    Gender,
    MemberKind,
    PoliticalStatus,
    SkillLevel,
    UnitKind,
)


class OrgUnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def alive(self):
        return self.filter(dissolved_at__isnull=True)


class OrgUnitManager(MP_NodeManager):
    """Treebeard's manager (add_root, add_child, move) over our queryset (visible_to, alive)."""

    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)

    def alive(self):
        return self.get_queryset().alive()


class OrgUnit(MP_Node):
    """A unit of the forest (company, department, team, party, union, league). Never deleted:
    dissolving keeps it for history. A subtree is one indexed `path LIKE 'prefix%'` query."""

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    node_order_by = None

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=32, choices=UnitKind.choices, db_index=True)
    code = models.CharField(_("编码"), max_length=50, unique=True, null=True, blank=True)
    serves = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_by",
        verbose_name=_("对应部门"),
        help_text=_("支部建在部门上:该组织服务的行政部门"),
    )
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责人"),
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    dissolved_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, db_index=True)

    objects = OrgUnitManager()
    scope_unit_fields = ("",)  # the unit itself

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")

    def __str__(self):
        return self.name

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_at is not None


class Person(BaseModel):
    """An employee (职工): the one record every ledger and figure reads about a person."""

    employee_no = models.CharField(_("工号"), max_length=32, unique=True)
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    name_initials = models.CharField(_("拼音首字母"), max_length=20, db_index=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = models.CharField(_("手机"), max_length=11, blank=True, db_index=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    department = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="people", verbose_name=_("部门")
    )
    team = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_people",
        verbose_name=_("班组"),
    )
    position = models.CharField(_("岗位"), max_length=50, blank=True)
    political_status = models.CharField(
        _("政治面貌"),
        max_length=20,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
        db_index=True,
    )
    skill_level = models.CharField(
        _("技能等级"), max_length=2, choices=SkillLevel.choices, blank=True, default=""
    )
    hired_on = models.DateField(_("入职日期"), null=True, blank=True)
    status = models.CharField(
        _("在职状态"),
        max_length=20,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
        db_index=True,
    )

    # A person is reached through their department or team, and through their party, union and
    # league units: a branch secretary sees the members of the branch.
    scope_unit_fields = (
        "department",
        "team",
        "party_membership__branch",
        "union_membership__unit",
        "league_membership__unit",
    )
    scope_owner_field = "pk"

    class Meta:
        verbose_name = _("职工")
        verbose_name_plural = _("职工")
        ordering = ["employee_no"]

    def __str__(self):
        return f"{self.name}({self.employee_no})"

    def save(self, *args, **kwargs):
        from .pinyin import initials

        self.name_initials = initials(self.name)
        super().save(*args, **kwargs)


class PartyMembership(BaseModel):
    """A person's party membership: their branch, dates and standing."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="party_membership", verbose_name=_("职工")
    )
    branch = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="party_members", verbose_name=_("所在支部")
    )
    kind = models.CharField(
        _("党员类别"),
        max_length=20,
        choices=MemberKind.choices,
        default=MemberKind.FULL,
        db_index=True,
    )
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("转正日期"), null=True, blank=True)
    party_post = models.CharField(_("党内职务"), max_length=50, blank=True)

    scope_unit_fields = ("branch", "person__department")
    scope_owner_field = "person_id"

    class Meta:
        verbose_name = _("党员信息")
        verbose_name_plural = _("党员信息")

    def __str__(self):
        return f"{self.person.name} · {self.branch.name}"


class UnionMembership(BaseModel):
    """A person's union membership."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="union_membership", verbose_name=_("职工")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="union_members",
        verbose_name=_("所在工会组织"),
    )
    joined_on = models.DateField(_("入会日期"), null=True, blank=True)
    union_post = models.CharField(_("工会职务"), max_length=50, blank=True)

    scope_unit_fields = ("unit", "person__department")
    scope_owner_field = "person_id"

    class Meta:
        verbose_name = _("工会会员")
        verbose_name_plural = _("工会会员")

    def __str__(self):
        return f"{self.person.name} · {self.unit.name}"


class LeagueMembership(BaseModel):
    """A person's youth-league membership."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="league_membership", verbose_name=_("职工")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="league_members",
        verbose_name=_("所在团组织"),
    )
    joined_on = models.DateField(_("入团日期"), null=True, blank=True)
    league_post = models.CharField(_("团内职务"), max_length=50, blank=True)

    scope_unit_fields = ("unit", "person__department")
    scope_owner_field = "person_id"

    class Meta:
        verbose_name = _("团员")
        verbose_name_plural = _("团员")

    def __str__(self):
        return f"{self.person.name} · {self.unit.name}"
