"""Who may do what to a project: the one place these rules live. Seeing a project is
`Project.objects.visible_to(user)`."""

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scope import scope_of

# 党委 / 党群工作部: approve, send back, accept, evaluate, terminate.
APPROVER_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
# Heads who act for the unit owning a milestone when no person is named (or beside them).
HEAD_ROLES = (Role.DEPARTMENT_HEAD, Role.TEAM_LEADER)


def held_paths(user, roles) -> list[str]:
    """Paths of the units on which the user holds one of `roles` (cached for the request)."""
    cache = getattr(user, "_project_roles", None)
    if cache is None:
        cache = user._project_roles = list(
            RoleAssignment.objects.filter(user=user, unit__dissolved_at__isnull=True).values_list(
                "role", "unit__path"
            )
        )
    return [path for role, path in cache if role in roles]


def reaches(user, unit) -> bool:
    """A cadre role of the user reaches the unit (its subtree holds it)."""
    if unit is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    return scope.everything or any(unit.path.startswith(p) for p in scope.prefixes)


def can_propose(user) -> bool:
    """Cadres propose projects for the units they reach."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)


def can_approve(user, project=None) -> bool:
    """The 党委 / 党群工作部 (party admin, system admin) whose role reaches the lead unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    paths = held_paths(user, APPROVER_ROLES)
    if project is None:
        return bool(paths)
    return any(project.lead_unit.path.startswith(p) for p in paths)


def can_manage(user, project) -> bool:
    """The lead side runs the project: a cadre reaching the lead unit, the project leader, the
    proposer, or an approver. They edit the plan, report progress, ask for acceptance."""
    if not getattr(user, "is_authenticated", False):
        return False
    if project.leader_id is not None and user.person_id == project.leader_id:
        return True
    if project.created_by_id == user.pk:
        return True
    return reaches(user, project.lead_unit) or can_approve(user, project)


def can_update_milestone(user, milestone, project) -> bool:
    """The milestone's owner reports on it: the person named, a department head or team leader
    whose role reaches the owner unit, or whoever manages the project."""
    if not getattr(user, "is_authenticated", False):
        return False
    if milestone.owner_person_id is not None and user.person_id == milestone.owner_person_id:
        return True
    path = milestone.owner_unit.path
    if any(path.startswith(p) for p in held_paths(user, HEAD_ROLES)):
        return True
    return can_manage(user, project)


def is_cadre(user) -> bool:
    return can_propose(user)
