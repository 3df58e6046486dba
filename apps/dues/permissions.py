"""Who handles 党费: a branch's secretary and committee members record for their branch; the
party admins (党委) see every branch, approve reductions and confirm remittances."""

from apps.accounts.choices import Role
from apps.orgs.scope import has_role

BRANCH_ROLES = (
    Role.BRANCH_SECRETARY,
    Role.BRANCH_COMMITTEE,
    Role.PARTY_ADMIN,
    Role.SYSTEM_ADMIN,
)
COMMITTEE_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)


def can_record(user, branch=None) -> bool:
    """May the user record bases, payments and remittances of `branch` (of some branch)?"""
    return has_role(user, *BRANCH_ROLES, unit=branch)


def is_committee(user) -> bool:
    """The 党委: approves reductions, confirms remittances, sees the committee ledger."""
    return has_role(user, *COMMITTEE_ROLES)
