"""Who plans and runs meetings: the one place these rules live. Seeing a meeting is
`Meeting.objects.visible_to(user)`."""

from django.db.models import Q

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scope import _minimal, scope_of, subtree_q
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit

PLANNER_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
MEETING_UNIT_KINDS = (
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
    UnitKind.BRANCH,
    UnitKind.PARTY_GROUP,
)


def planner_prefixes(user) -> tuple[str, ...] | None:
    """Paths of the subtrees where the user plans meetings; None means everywhere. Cached on the
    user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    if user.is_superuser:
        return None
    cached = getattr(user, "_meeting_planner", False)
    if cached is not False:
        return cached
    paths = set(
        RoleAssignment.objects.filter(
            user=user, role__in=PLANNER_ROLES, unit__dissolved_at__isnull=True
        ).values_list("unit__path", flat=True)
    )
    prefixes = _minimal(paths)
    roots = set(OrgUnit.objects.filter(depth=1).values_list("path", flat=True))
    result = None if prefixes and roots <= set(prefixes) else prefixes
    user._meeting_planner = result
    return result


def can_plan(user, unit=None) -> bool:
    """Branch secretaries and committee members plan the meetings of their unit and the units
    under it; the party-work department and admins anywhere. `unit=None`: anywhere at all."""
    prefixes = planner_prefixes(user)
    if prefixes is None:
        return True
    if unit is None:
        return bool(prefixes)
    return any(unit.path.startswith(p) for p in prefixes)


def can_manage(user, meeting) -> bool:
    """Who runs a meeting (QR, manual sign-in, leave, closing): its host and recorder, and
    whoever may plan meetings of its unit."""
    person_id = getattr(user, "person_id", None)
    if person_id is not None and person_id in (meeting.host_id, meeting.recorder_id):
        return True
    return can_plan(user, meeting.unit)


def planning_units(user):
    """The party units the user may plan meetings for (for the plan form)."""
    qs = OrgUnit.objects.alive().filter(kind__in=MEETING_UNIT_KINDS)
    prefixes = planner_prefixes(user)
    if prefixes is None:
        return qs
    cond = Q(pk__in=[])
    for prefix in prefixes:
        cond |= subtree_q(prefix)
    return qs.filter(cond)


def is_cadre(user) -> bool:
    """Cadres get the ledgers and figures; employees get their own meetings."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)
