"""Who runs 人才队伍: the 党委/党群工作部, the union (技能竞赛 are the union's) and the heads of
departments for their own; awards are approved above the departments."""

from apps.accounts.choices import Role
from apps.orgs.scope import has_role

MANAGE_ROLES = (Role.SYSTEM_ADMIN, Role.PARTY_ADMIN, Role.UNION_CADRE, Role.DEPARTMENT_HEAD)
APPROVE_ROLES = (Role.SYSTEM_ADMIN, Role.PARTY_ADMIN, Role.UNION_CADRE)
HONOUR_ROLES = (Role.SYSTEM_ADMIN, Role.PARTY_ADMIN, Role.BRANCH_SECRETARY, Role.UNION_CADRE)


def can_manage(user, unit=None) -> bool:
    """May the user keep the pool, contests and mentorships of `unit` (of some unit when None)?"""
    return has_role(user, *MANAGE_ROLES, unit=unit)


def can_approve(user, unit=None) -> bool:
    return has_role(user, *APPROVE_ROLES, unit=unit)


def can_honour(user, unit=None) -> bool:
    """May the user register brands and honours of `unit`?"""
    return has_role(user, *HONOUR_ROLES, unit=unit)
