"""The organization forest and the people in it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from apps.core.fields import person_fk, unit_fk
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
    serves = unit_fk(
        _("对应部门"),
        models.SET_NULL,
        null=True,
        related_name="served_by",
        help_text=_("支部建在部门上:该组织服务的行政部门"),
    )
    head = person_fk(_("负责人"), models.SET_NULL, null=True)
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
    department = unit_fk(_("部门"), related_name="people")
    team = unit_fk(_("班组"), models.SET_NULL, null=True, related_name="team_people")
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


class Membership(BaseModel):
    """A person's membership of a party, union or league unit (the field `unit_field`): seen by
    those who reach that unit or the person's department, and by the person."""

    unit_field = "unit"
    scope_unit_fields = ("unit", "person__department")
    scope_owner_field = "person_id"

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.person.name} · {getattr(self, self.unit_field).name}"


def member(related_name: str) -> models.OneToOneField:
    """The person a membership is of: one of each kind at most, gone with the person."""
    return models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("职工")
    )


class PartyMembership(Membership):
    """A person's party membership: their branch, dates and standing."""

    person = member("party_membership")
    branch = unit_fk(_("所在支部"), related_name="party_members")
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

    unit_field = "branch"
    scope_unit_fields = ("branch", "person__department")

    class Meta:
        verbose_name = _("党员信息")
        verbose_name_plural = _("党员信息")


class UnionMembership(Membership):
    """A person's union membership."""

    person = member("union_membership")
    unit = unit_fk(_("所在工会组织"), related_name="union_members")
    joined_on = models.DateField(_("入会日期"), null=True, blank=True)
    union_post = models.CharField(_("工会职务"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("工会会员")
        verbose_name_plural = _("工会会员")


class LeagueMembership(Membership):
    """A person's youth-league membership."""

    person = member("league_membership")
    unit = unit_fk(_("所在团组织"), related_name="league_members")
    joined_on = models.DateField(_("入团日期"), null=True, blank=True)
    league_post = models.CharField(_("团内职务"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("团员")
        verbose_name_plural = _("团员")


def roster_file_path(instance, filename):
    from django.utils import timezone

    return f"roster/{timezone.now():%Y/%m}/{instance.token}.xlsx"


class RosterImport(models.Model):
    """One roster import job: upload → parse and validate (preview) → confirm → apply, all or
    nothing. Seen only by the admin who started it."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("正在校验")
        PARSED = "parsed", _("待确认")
        APPLYING = "applying", _("正在导入")
        APPLIED = "applied", _("已导入")
        FAILED = "failed", _("失败")

    token = models.CharField(_("标识"), max_length=32, unique=True, editable=False)
    file = models.FileField(_("文件"), upload_to=roster_file_path)
    file_name = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PARSING
    )
    total = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    message = models.TextField(_("说明"), blank=True)
    columns = models.JSONField(_("文件中的列"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("导入人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    parsed_at = models.DateTimeField(_("校验完成"), null=True, blank=True)
    applied_at = models.DateTimeField(_("导入完成"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_user_field = "created_by"  # an upload is its uploader's alone

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PARSING, self.Status.APPLYING)


class RosterImportRow(models.Model):
    """One row of an import's preview: what it will create or change, or why it cannot."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("更新")
        UNCHANGED = "unchanged", _("无变化")
        ERROR = "error", _("错误")

    job = models.ForeignKey(
        RosterImport, on_delete=models.CASCADE, related_name="rows", verbose_name=_("导入")
    )
    row_no = models.PositiveIntegerField(_("行号"))
    employee_no = models.CharField(_("工号"), max_length=64, blank=True)
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    action = models.CharField(_("处理"), max_length=16, choices=Action.choices)
    changes = models.JSONField(_("变更"), default=list, blank=True)  # [[label, old, new], ...]
    errors = models.JSONField(_("错误"), default=list, blank=True)  # [{column, message}, ...]

    class Meta:
        verbose_name = _("导入预览行")
        verbose_name_plural = _("导入预览行")
        ordering = ["row_no"]
        indexes = [models.Index(fields=["job", "action", "row_no"])]

    def __str__(self):
        return f"{self.job_id}:{self.row_no}"


def export_file_path(instance, filename):
    from django.utils import timezone

    return f"exports/{timezone.now():%Y/%m}/{instance.token}.xlsx"


class ListExport(models.Model):
    """A large list export run in the background; only the user who asked may download it."""

    class Kind(models.TextChoices):
        PEOPLE = "people", _("人员名册")
        UNITS = "units", _("组织列表")

    class Status(models.TextChoices):
        RUNNING = "running", _("正在导出")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    token = models.CharField(_("标识"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    params = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    total = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    file = models.FileField(_("文件"), upload_to=export_file_path, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("导出人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_user_field = "created_by"  # an export is its requester's alone

    class Meta:
        verbose_name = _("列表导出")
        verbose_name_plural = _("列表导出")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
