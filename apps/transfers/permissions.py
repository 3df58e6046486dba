"""Who handles party relations: the branch's secretary and committee, and the party admins above."""

from apps.accounts.choices import Role
from apps.orgs.scope import has_role

PARTY_WORK_ROLES = (
    Role.BRANCH_SECRETARY,
    Role.BRANCH_COMMITTEE,
    Role.PARTY_ADMIN,
    Role.SYSTEM_ADMIN,
)
ADMIN_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)


def can_handle(user, branch=None) -> bool:
    """May the user handle transfers and 流动党员 of `branch` (of some branch, when None)?"""
    return has_role(user, *PARTY_WORK_ROLES, unit=branch)


def can_set(user) -> bool:
    return has_role(user, *ADMIN_ROLES)
