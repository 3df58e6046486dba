"""Writes on accounts: role grants and revokes, API tokens, password resets and unlocks,
turning accounts off and on."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_event
from apps.core.errors import CoreError, Forbidden, NotFound
from apps.orgs.models import OrgUnit, Person

from .choices import Role
from .errors import AccountError
from .models import AccountPolicy, ApiToken, DisabledReason, RoleAssignment, User


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
        raise AccountError.ROLE_UNKNOWN(field="role")
    if role == Role.SYSTEM_ADMIN and not actor.has_role(Role.SYSTEM_ADMIN):
        raise Forbidden(_("只有系统管理员可以授予系统管理员角色。"))
    if unit.is_dissolved:
        raise AccountError.UNIT_DISSOLVED(field="unit")
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise AccountError.ROLE_EXISTS(field="role")
    return RoleAssignment.objects.create(user=user, role=role, unit=unit, granted_by=actor)


def _account_for_grant(actor, person: Person | None) -> User:
    from .provisioning import account_for, is_gone

    if person is None or not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise CoreError.USER_UNKNOWN(field="user")
    if is_gone(person):
        raise AccountError.PERSON_INACTIVE(
            field="user", name=person.name, status=person.get_status_display()
        )
    user = account_for(person)
    if user is None:
        raise AccountError.USERNAME_TAKEN(
            field="user",
            username=AccountPolicy.current().username_for(person.employee_no),
            name=person.name,
        )
    if not user.is_active:
        raise AccountError.USER_INACTIVE(field="user")
    return user


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Revoke a role; the auditlog keeps who held it and who took it away."""
    _check_can_grant(actor, assignment.unit)
    if assignment.user_id == actor.pk and assignment.role in RoleAssignment.ORG_ADMIN_ROLES:
        raise AccountError.ROLE_SELF_REVOKE()
    assignment.delete()


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; the raw token is returned once and never stored. The token
    and its audit row are written together or not at all."""
    name = (name or "").strip()
    if not name:
        raise AccountError.TOKEN_NAME_REQUIRED(field="name")
    if len(name) > 100:
        raise AccountError.TOKEN_NAME_TOO_LONG(field="name")
    token, raw = ApiToken.issue(user=user, name=name)
    audit_event(actor=user, instance=user, message=_("创建 API 令牌 %s") % token.prefix)
    return token, raw


@transaction.atomic
def token_revoke(*, user, token_id: int) -> None:
    """Revoke one of the user's own tokens; audited like its creation."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(user=user, pk=token_id, revoked_at__isnull=True)
        .first()
    )
    if token is None:
        raise NotFound()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event(actor=user, instance=user, message=_("吊销 API 令牌 %s") % token.prefix)


# --- helping people with their accounts -------------------------------------------------------


def check_can_manage(actor, target: User, *, admin_only: bool = False) -> None:
    """Whether `actor` may reset, unlock (or, `admin_only`, turn off and on) `target`'s account.

    The org admins and, for resets and unlocks, the cadres of ACCOUNT_HELPER_ROLES, each for the
    accounts of the people they reach (to anyone else the account is not found). Never their own
    account; a helper only an ordinary employee's; nobody an account holding a role on a unit
    they do not reach (a unit's admin cannot take over the company admin's login); a system
    admin's only a system admin; a superuser's only a superuser."""
    from apps.core.scope import reaches

    roles = RoleAssignment.ORG_ADMIN_ROLES if admin_only else RoleAssignment.ACCOUNT_ROLES
    if not actor.has_role(*roles):
        raise NotFound()
    if not User.objects.visible_to(actor).filter(pk=target.pk).exists():
        raise NotFound()
    if target.pk == actor.pk:
        raise AccountError.ACCOUNT_SELF()
    if target.is_superuser and not actor.is_superuser:
        raise Forbidden(_("只有超级管理员可以管理超级管理员的账号。"))
    grants = list(
        RoleAssignment.objects.filter(user=target, unit__dissolved_at__isnull=True).select_related(
            "unit"
        )
    )
    held = {g.role for g in grants}
    if Role.SYSTEM_ADMIN in held and not actor.has_role(Role.SYSTEM_ADMIN):
        raise Forbidden(_("只有系统管理员可以管理系统管理员的账号。"))
    if held - RoleAssignment.SELF_ONLY_ROLES and not actor.has_role(
        *RoleAssignment.ORG_ADMIN_ROLES
    ):
        raise Forbidden(_("该用户担任干部角色,其账号由系统管理员或党群工作部管理员管理。"))
    if not all(reaches(actor, g.unit) for g in grants):
        raise Forbidden(_("该用户在您管辖范围以外的组织担任角色,其账号由上级管理员管理。"))


@transaction.atomic
def password_reset(*, actor, user: User) -> str:
    """A forgotten (or leaked) password: the account gets a one-time activation code and no
    usable password (every session of it ends), and its lockout is lifted. Returns the code,
    to be shown once; audited on the account."""
    from axes.utils import reset as axes_reset

    from . import activation

    check_can_manage(actor, user)
    if not user.is_active:
        raise AccountError.ACCOUNT_DISABLED()
    code = activation.issue(user, days=AccountPolicy.current().code_valid_days)
    user.must_change_password = True
    user.save(
        update_fields=[
            "password",
            "must_change_password",
            "activation_digest",
            "activation_expires_at",
        ]
    )
    axes_reset(username=user.username)
    audit_event(actor=actor, instance=user, message=_("重置密码(发放一次性激活码)"))
    return code


@transaction.atomic
def account_unlock(*, actor, user: User) -> int:
    """Lift the lockout django-axes put on an account after too many failed logins, at once
    rather than after the cool-off. Audited on the account."""
    from axes.utils import reset as axes_reset

    from .selectors import locked_usernames

    check_can_manage(actor, user)
    if user.username not in locked_usernames([user.username]):
        raise AccountError.ACCOUNT_NOT_LOCKED()
    removed = axes_reset(username=user.username)
    audit_event(actor=actor, instance=user, message=_("解除登录锁定"))
    return removed


@transaction.atomic
def account_set_active(*, actor, user: User, active: bool) -> User:
    """Turn an account off or on by hand (org admins, in scope). Off ends its sessions and API
    tokens at once; the roster will not turn it back on (reason "admin"). Audited by auditlog."""
    check_can_manage(actor, user, admin_only=True)
    if active == user.is_active:
        raise (AccountError.ALREADY_ACTIVE if active else AccountError.ALREADY_INACTIVE)()
    if active and user.person_id and user.person.deleted_at is not None:
        raise AccountError.PERSON_DELETED()
    user.is_active = active
    user.disabled_reason = DisabledReason.NONE if active else DisabledReason.ADMIN
    user.save(update_fields=["is_active", "disabled_reason"])
    return user


@transaction.atomic
def policy_update(*, actor, **fields) -> AccountPolicy:
    """Change how the roster makes accounts: the system administrator's decision, audited."""
    if not actor.has_role(Role.SYSTEM_ADMIN):
        raise Forbidden(_("只有系统管理员可以修改账号开通规则。"))
    policy = AccountPolicy.current()
    prefix = (fields.get("username_prefix") or "").strip()
    if prefix and not all(ch.isalnum() or ch in "._-" for ch in prefix):
        raise AccountError.POLICY_PREFIX(field="username_prefix")
    statuses = list(fields.get("inactive_statuses") or [])
    valid = {value for value, _label in Person._meta.get_field("status").choices}
    if set(statuses) - valid:
        raise AccountError.POLICY_STATUS_UNKNOWN(field="inactive_statuses")
    if "active" in statuses:
        raise AccountError.POLICY_STATUS_ACTIVE(field="inactive_statuses")
    policy.auto_create = bool(fields.get("auto_create"))
    policy.username_prefix = prefix
    policy.inactive_statuses = statuses
    policy.code_valid_days = fields.get("code_valid_days") or policy.code_valid_days
    policy.save()
    return policy


@transaction.atomic
def accounts_provision(*, actor) -> dict:
    """Apply the policy to everyone on the roster the admin reaches: open the missing accounts,
    turn off those of people who left (the first rollout, or after the policy changed)."""
    from .provisioning import summary, sync_accounts

    if not actor.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        raise NotFound()
    ids = list(Person.all_objects.visible_to(actor).values_list("pk", flat=True))
    counts = sync_accounts(ids, actor=actor)
    result = {
        "accounts_created": counts["created"],
        "accounts_disabled": counts["disabled"],
        "accounts_enabled": counts["enabled"],
        "account_conflicts": counts["conflicts"],
    }
    text = summary(result)
    if text:
        audit_event(actor=actor, instance=actor, message=_("按账号开通规则同步账号:") + text)
    return {**result, "summary": text}


SHEET_LIMIT = 2000
SHEET_UNIT_KINDS = ("company", "department", "team")  # the administrative tree: where people work


def sheet_units(actor):
    """The units an admin may print a sheet for: administrative units they reach."""
    if not actor.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        return OrgUnit.objects.none()
    return OrgUnit.objects.visible_to(actor).alive().filter(kind__in=SHEET_UNIT_KINDS)


def sheet_people(unit: OrgUnit):
    """The people who work in the unit's subtree (by department or team)."""
    from apps.core.scope import subtree_q

    return Person.objects.filter(
        subtree_q(unit.path, "department__path") | subtree_q(unit.path, "team__path")
    )


def sheet_pending(unit: OrgUnit):
    """The accounts of the unit's people that were never used: the sheet's rows."""
    return User.objects.filter(
        person__in=sheet_people(unit).values("pk"), is_active=True, last_login__isnull=True
    )


def sheet_pending_all(actor):
    """Every never-used account of the people the admin reaches."""
    if not actor.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        return User.objects.none()
    return User.objects.visible_to(actor).filter(
        person__isnull=False,
        person__deleted_at__isnull=True,
        is_active=True,
        last_login__isnull=True,
    )


@transaction.atomic
def activation_sheet(*, actor, unit: OrgUnit) -> dict:
    """The printable per-unit sheet of first-login codes. Everyone working in the unit who has
    never logged in gets a fresh one-time code (a sheet printed before stops working for them);
    people of the unit without an account get one first. The codes are on this answer only:
    the accounts keep their HMACs. Audited per account and once on the unit."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from . import activation
    from .provisioning import sync_accounts

    if not sheet_units(actor).filter(pk=unit.pk).exists():
        raise NotFound()
    people = sheet_people(unit)
    sync_accounts(list(people.values_list("pk", flat=True)), actor=actor, create=True)
    users = list(
        sheet_pending(unit)
        .select_related("person__department", "person__team")
        # a department's own people before its teams', on SQLite and PostgreSQL alike
        .order_by(
            "person__department__path",
            F("person__team__path").asc(nulls_first=True),
            "person__employee_no",
        )[: SHEET_LIMIT + 1]
    )
    if len(users) > SHEET_LIMIT:
        raise AccountError.SHEET_TOO_LARGE(field="unit", n=SHEET_LIMIT)
    now = timezone.now()
    days = AccountPolicy.current().code_valid_days
    rows = []
    for user in users:
        code = activation.issue(user, days=days, now=now)
        user.must_change_password = True
        rows.append({"user": user, "person": user.person, "code": code})
    User.objects.bulk_update(
        users,
        ["password", "activation_digest", "activation_expires_at", "must_change_password"],
        batch_size=200,
    )
    content_type = ContentType.objects.get_for_model(User)
    message = _("随“%(unit)s”初始密码单发放一次性激活码") % {"unit": unit.name}
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(u.pk),
                object_id=u.pk,
                object_repr=u.username,
                action=LogEntry.Action.ACCESS,
                changes={"event": [message, ""]},
                actor=actor,
                timestamp=now,
            )
            for u in users
        ],
        batch_size=500,
    )
    audit_event(
        actor=actor,
        instance=unit,
        message=_("打印初始密码单:%(n)d 人") % {"n": len(rows)},
    )
    return {
        "unit": unit,
        "rows": rows,
        "expires_at": now + timedelta(days=days),
        "printed_at": now,
    }
