"""Who plans and runs meetings, who reviews their records and who sets the kinds: the one place
these rules live. Seeing a meeting is `Meeting.objects.visible_to(user)`."""

from apps.accounts.choices import Role
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import has_role, held_paths, roles_of, scope_of, subtrees_q

PLANNER_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
ADMIN_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
MEETING_UNIT_KINDS = (
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
    UnitKind.BRANCH,
    UnitKind.PARTY_GROUP,
)
# Meetings whose record (三会一课台账) the level above reviews.
REVIEWED_UNIT_KINDS = (UnitKind.BRANCH, UnitKind.PARTY_GROUP)


def can_plan(user, unit=None) -> bool:
    """Branch secretaries and committee members plan the meetings of their unit and the units
    under it; the party-work department and admins anywhere. `unit=None`: anywhere at all."""
    return has_role(user, *PLANNER_ROLES, unit=unit)


def can_manage(user, meeting) -> bool:
    """Who runs a meeting (QR, manual sign-in, leave, closing): its host and recorder, and
    whoever may plan meetings of its unit."""
    person_id = getattr(user, "person_id", None)
    if person_id is not None and person_id in (meeting.host_id, meeting.recorder_id):
        return True
    return can_plan(user, meeting.unit)


def can_set_kinds(user) -> bool:
    """The party-work department and system admins set the kinds and their frequencies."""
    return has_role(user, *ADMIN_ROLES)


def can_review_record(user, meeting) -> bool:
    """A branch's (or party group's) meeting record is reviewed from above: a cadre holding a
    planning role on a unit strictly above it (a 党总支 or the 党委), never the unit itself."""
    if meeting.unit.kind not in REVIEWED_UNIT_KINDS:
        return False
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    path = meeting.unit.path
    return any(p != path and path.startswith(p) for p in held_paths(user, *PLANNER_ROLES))


def may_review_records(user) -> bool:
    """Whoever plans meetings above the branches (党委, 党总支, the company's party-work
    department) gets the review ledger; a branch reviews its party groups from their pages."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(
        g.role in PLANNER_ROLES and g.kind not in REVIEWED_UNIT_KINDS for g in roles_of(user)
    )


def review_prefixes(user) -> list[str] | None:
    """Paths under which the user reviews records (None: everywhere)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return held_paths(user, *PLANNER_ROLES)


def planning_units(user):
    """The party units the user may plan meetings for (for the plan form)."""
    qs = OrgUnit.objects.alive().filter(kind__in=MEETING_UNIT_KINDS)
    if getattr(user, "is_superuser", False) and user.is_active:
        return qs
    return qs.filter(subtrees_q(held_paths(user, *PLANNER_ROLES)))


def is_cadre(user) -> bool:
    """Cadres get the ledgers and figures; employees get their own meetings."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)
