"""Who may do what on a selection. The organisers are the org admins whose roles reach the team:
the appointment grants a role, which only they may (apps.accounts.services.role_grant)."""

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scope import reaches

from .choices import TRANSITIONS


def is_organiser(user) -> bool:
    return user.has_role(*RoleAssignment.ORG_ADMIN_ROLES)


def can_manage(user, selection) -> bool:
    return is_organiser(user) and reaches(user, selection.team)


def may(action: str, selection) -> bool:
    """The state machine admits `action` in the selection's present state."""
    return selection.status in TRANSITIONS[action][0]


def is_judge(user, selection) -> bool:
    return user.person_id is not None and any(
        j.pk == user.person_id for j in selection.judges.all()
    )


TEAM_LEADER = Role.TEAM_LEADER
