"""Writes on accounts: role grants and revokes, API tokens."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_event
from apps.core.errors import DomainError, Forbidden, NotFound
from apps.orgs.models import OrgUnit, Person

from .choices import Role
from .models import AccountPolicy, ApiToken, RoleAssignment, User


def _check_can_grant(actor, unit: OrgUnit) -> None:
    if not actor.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        raise Forbidden(_("只有系统管理员或党群工作部管理员可以授予角色。"))
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotFound()


@transaction.atomic
def role_grant(
    *, actor, user: User | None = None, role: str, unit: OrgUnit, person: Person | None = None
) -> RoleAssignment:
    """Grant a role on a unit. Only org admins, only within their scope, only on live units;
    a system-admin grant needs a system admin. Granted to a person on the roster who has no
    account yet (by 工号), it opens their account."""
    _check_can_grant(actor, unit)
    if user is None:
        user = _account_for_grant(actor, person)
    if role not in Role.values:
        raise DomainError("role_unknown", _("未知角色。"), field="role")
    if role == Role.SYSTEM_ADMIN and not actor.has_role(Role.SYSTEM_ADMIN):
        raise Forbidden(_("只有系统管理员可以授予系统管理员角色。"))
    if unit.is_dissolved:
        raise DomainError("unit_dissolved", _("该组织已撤销,不能在其上授予角色。"), field="unit")
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise DomainError("role_exists", _("该用户已在此组织拥有此角色。"), field="role")
    return RoleAssignment.objects.create(user=user, role=role, unit=unit, granted_by=actor)


def _account_for_grant(actor, person: Person | None) -> User:
    from .provisioning import account_for, is_gone

    if person is None or not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise DomainError("user_unknown", _("找不到该用户。"), field="user")
    if is_gone(person):
        raise DomainError(
            "person_inactive",
            _("%(name)s的在职状态为“%(status)s”,不能开通账号和授予角色。")
            % {"name": person.name, "status": person.get_status_display()},
            field="user",
        )
    user = account_for(person)
    if user is None:
        raise DomainError(
            "username_taken",
            _("用户名“%(username)s”已被其他账号占用,无法为%(name)s开通账号。")
            % {
                "username": AccountPolicy.current().username_for(person.employee_no),
                "name": person.name,
            },
            field="user",
        )
    if not user.is_active:
        raise DomainError("user_inactive", _("该账号已停用,不能授予角色。"), field="user")
    return user


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Revoke a role; the auditlog keeps who held it and who took it away."""
    _check_can_grant(actor, assignment.unit)
    if assignment.user_id == actor.pk and assignment.role in RoleAssignment.ORG_ADMIN_ROLES:
        raise DomainError("role_self_revoke", _("不能撤销自己的管理员角色,请由其他管理员操作。"))
    assignment.delete()


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; the raw token is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError("token_name", _("请为令牌填写一个名称,例如“HR 同步”。"), field="name")
    if len(name) > 100:
        raise DomainError("token_name", _("名称不能超过 100 个字。"), field="name")
    token, raw = ApiToken.issue(user=user, name=name)
    audit_event(actor=user, instance=user, message=_("创建 API 令牌 %s") % token.prefix)
    return token, raw


def token_revoke(*, user, token_id: int) -> None:
    """Revoke one of the user's own tokens."""
    updated = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise NotFound()
