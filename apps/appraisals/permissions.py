"""Who runs a branch's appraisal (its secretary and committee, the party admins above) and who
records an election (the party admins: the election grants roles, which only they may)."""

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.orgs.scope import has_role

BRANCH_ROLES = (
    Role.BRANCH_SECRETARY,
    Role.BRANCH_COMMITTEE,
    Role.PARTY_ADMIN,
    Role.SYSTEM_ADMIN,
)


def can_run(user, branch=None) -> bool:
    return has_role(user, *BRANCH_ROLES, unit=branch)


def can_record_election(user, unit=None) -> bool:
    return has_role(user, *RoleAssignment.ORG_ADMIN_ROLES, unit=unit)
