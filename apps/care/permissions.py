"""Who handles 关爱帮扶: the union cadres and the 党委/党群工作部 admins, each in the subtrees
their grants reach (a 工会分会 also the department it serves). Nobody else reads a hardship
file, the system administrator included: the data is about people's hardship."""

from apps.accounts.choices import Role
from apps.orgs.scope import has_role, role_prefixes

CARE_ROLES = (Role.UNION_CADRE, Role.PARTY_ADMIN)


def care_prefixes(user) -> tuple[str, ...]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    return role_prefixes(user, *CARE_ROLES)


def can_handle(user, unit=None) -> bool:
    """May the user handle hardship files and aid (of `unit`, when given)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    prefixes = care_prefixes(user)  # no superuser shortcut: hardship is not the admin's business
    if unit is None:
        return bool(prefixes)
    return any(unit.path.startswith(p) for p in prefixes)


def can_set(user) -> bool:
    """The 党委/党群工作部 sets the area's rules."""
    return has_role(user, Role.PARTY_ADMIN)
