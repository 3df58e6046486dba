"""Logins, the roles they hold on org units, and personal API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import unit_fk, user_fk
from apps.core.models import ScopedQuerySet, SettingsRow

from .choices import Role


class DisabledReason(models.TextChoices):
    """Why an account is off: the roster (the person left) turns it back on when they return;
    an administrator's decision stays until an administrator reverses it."""

    NONE = "", _("—")
    ROSTER = "roster", _("人员离职或退休")
    ADMIN = "admin", _("管理员停用")


class UserQuerySet(ScopedQuerySet):
    pass


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user …) with `visible_to`."""


class User(AbstractUser):
    """A login. Linked to at most one employee record (Person); its roles decide what it reaches.

    An account is seen (on the user pages) by those who reach its person: `scope_via` the
    person. An account with no person is seen only by those who reach everything."""

    person = models.OneToOneField(
        "orgs.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("职工档案"),
    )
    disabled_reason = models.CharField(
        _("停用原因"), max_length=16, choices=DisabledReason.choices, blank=True, default=""
    )
    # First login and resets: a one-time activation code (only its keyed hash is kept) logs in
    # once with the password box, then the person must set a password of their own.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    activation_digest = models.CharField(_("激活码摘要"), max_length=64, blank=True, default="")
    activation_expires_at = models.DateTimeField(_("激活码有效期至"), null=True, blank=True)

    objects = AccountManager()
    scope_via = "person"

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.name
        return self.get_full_name() or self.username

    def grant_rows(self) -> tuple[tuple[str, int, str, str], ...]:
        """(role, unit id, unit path, unit kind) of every role held on an alive unit, cached for
        the request: the one query behind both `role_set` and the scope module's grants."""
        if not hasattr(self, "_tongxin_grant_rows"):
            self._tongxin_grant_rows = tuple(
                self.role_assignments.filter(unit__dissolved_at__isnull=True).values_list(
                    "role", "unit_id", "unit__path", "unit__kind"
                )
            )
        return self._tongxin_grant_rows

    def role_set(self) -> set[str]:
        """The roles this user holds anywhere, cached for the request."""
        if not hasattr(self, "_tongxin_roles"):
            self._tongxin_roles = {row[0] for row in self.grant_rows()}
        return self._tongxin_roles

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.role_set() & set(roles))


class RoleAssignment(models.Model):
    """One role held on one org unit; it reaches that unit's subtree (apps.core.scope)."""

    # Roles that see phone and ID numbers unmasked (their work needs them).
    UNMASKED_ROLES = {Role.SYSTEM_ADMIN, Role.PARTY_ADMIN}
    # Roles that run the organization: units, roster, role grants.
    ORG_ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.PARTY_ADMIN}
    # Roles that keep the roster of their own scope up to date (Excel import, API upsert): a
    # branch secretary maintains the people of the department the branch is built on.
    ROSTER_ROLES = ORG_ADMIN_ROLES | {Role.BRANCH_SECRETARY}
    # Cadres who help the people of their scope with their accounts: reset a forgotten password,
    # unlock a locked account (only for ordinary employees: a cadre's account is the admins').
    ACCOUNT_HELPER_ROLES = {Role.BRANCH_SECRETARY, Role.DEPARTMENT_HEAD}
    # Who manages accounts at all: the org admins, and the helpers within their scope.
    ACCOUNT_ROLES = ORG_ADMIN_ROLES | ACCOUNT_HELPER_ROLES
    # An ordinary employee's role adds no subtree: they reach their own records only.
    SELF_ONLY_ROLES = {Role.EMPLOYEE}

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, db_index=True)
    unit = unit_fk(_("所在组织"), related_name="role_assignments")
    granted_by = user_fk(_("授予人"))
    granted_at = models.DateTimeField(_("授予时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit",)  # a grant is seen by those who reach its unit

    class Meta:
        verbose_name = _("角色授予")
        verbose_name_plural = _("角色授予")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_once_per_unit")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the token itself is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        raw = "tx_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:10], digest=cls.hash(raw))
        return token, raw


def default_inactive_statuses() -> list[str]:
    return ["left"]  # 离职; 退休 is the admin's choice (retired members may still take part)


class AccountPolicy(SettingsRow):
    """How the roster makes accounts; one row, set by the system administrator.

    A person written by the roster import or the HR upsert gets an account when `auto_create`
    is on (username = `username_prefix` + 工号; their mobile and 工号 log in too). The account
    is turned off when their 在职状态 becomes one of `inactive_statuses` (or they are deleted
    from the roster) and on again when they return."""

    auto_create = models.BooleanField(
        _("名册导入和 HR 同步时为人员开通账号"),
        default=True,
        help_text=_("关闭后只在授予角色或目录(LDAP / 统一认证)首次登录时开通。"),
    )
    username_prefix = models.CharField(
        _("用户名前缀"),
        max_length=16,
        blank=True,
        default="",
        help_text=_("用户名 = 前缀 + 工号;留空即用户名就是工号。已开通的账号不受影响。"),
    )
    inactive_statuses = models.JSONField(
        _("停用账号的在职状态"),
        default=default_inactive_statuses,
        blank=True,
        help_text=_("人员的在职状态变为这些状态时停用其账号,恢复时重新启用。"),
    )
    code_valid_days = models.PositiveSmallIntegerField(
        _("激活码有效天数"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "初始密码单和重置密码给出的激活码在这些天内有效,用过一次(设置了新密码)即失效。"
        ),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("账号开通规则")
        verbose_name_plural = _("账号开通规则")

    @classmethod
    def current(cls) -> "AccountPolicy":
        # Row 1 always: saving the defaults shown creates that row, never a second one.
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def username_for(self, employee_no: str) -> str:
        return f"{self.username_prefix}{employee_no}"
