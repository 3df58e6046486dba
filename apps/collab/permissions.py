"""Who convenes a body, who may speak for a member unit, who reports on an action item: the
one place these rules live. Seeing a record is `Model.objects.visible_to(user)`."""

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scope import scope_of
from apps.orgs.choices import UnitKind

# Roles that run a party unit's joint meeting: its admin, secretary and committee members.
CONVENER_ROLES = (
    Role.SYSTEM_ADMIN,
    Role.PARTY_ADMIN,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_COMMITTEE,
)
CONVENER_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH)
# Heads who report on an item assigned to their unit, beside the named owner.
HEAD_ROLES = (Role.DEPARTMENT_HEAD, Role.TEAM_LEADER)


def _role_paths(user, roles) -> tuple[str, ...]:
    cache_key = f"_collab_paths_{'-'.join(roles)}"
    cached = getattr(user, cache_key, None)
    if cached is None:
        cached = tuple(
            RoleAssignment.objects.filter(
                user=user, role__in=roles, unit__dissolved_at__isnull=True
            ).values_list("unit__path", flat=True)
        )
        setattr(user, cache_key, cached)
    return cached


def convener_paths(user) -> tuple[str, ...]:
    """The subtrees in which the user convenes joint meetings."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    return _role_paths(user, CONVENER_ROLES)


def can_convene_unit(user, unit) -> bool:
    if not getattr(user, "is_authenticated", False) or unit is None:
        return False
    return user.is_superuser or any(unit.path.startswith(p) for p in convener_paths(user))


def can_convene(user, meeting) -> bool:
    """The convener's rule: schedule sessions, order the agenda, record attendance, minutes,
    resolutions and action items, accept or return closure requests."""
    return can_convene_unit(user, meeting.convener)


def may_convene_anywhere(user) -> bool:
    return getattr(user, "is_superuser", False) or bool(convener_paths(user))


def can_speak_for(user, member) -> bool:
    """A topic for a member unit comes from its representative, a cadre whose role reaches the
    unit, or the convener."""
    if not getattr(user, "is_authenticated", False):
        return False
    if member.person_id is not None and member.person_id == user.person_id:
        return True
    scope = scope_of(user)
    if scope.everything or any(member.unit.path.startswith(p) for p in scope.prefixes):
        return True
    return can_convene(user, member.meeting)


def can_report(user, item) -> bool:
    """The owner reports progress and asks for closure: the named owner, or a head whose role
    reaches the owner unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.person_id is not None and user.person_id == item.owner_person_id:
        return True
    if user.is_superuser:
        return True
    return any(item.owner_unit.path.startswith(p) for p in _role_paths(user, HEAD_ROLES))


def is_cadre(user) -> bool:
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)
