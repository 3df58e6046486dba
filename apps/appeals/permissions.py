"""Who may do what to an appeal: intake (工会 / 党群工作部 / 系统管理员), the owner, the submitter.

Seeing an appeal is `Appeal.objects.visible_to(user)`; these answer the narrower questions."""

from apps.accounts.choices import Role
from apps.core.scope import scope_of
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import ancestor_paths

INTAKE_ROLES = (Role.UNION_CADRE, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
# A role held on one of these reaches the appeals of its whole company (受理 at company level).
COMPANY_LEVEL_KINDS = (UnitKind.COMPANY, UnitKind.UNION_COMMITTEE, UnitKind.PARTY_COMMITTEE)


def intake_companies(user) -> tuple[int, ...]:
    """Ids of the companies whose appeals this user takes in, from intake roles held at company
    level (on the company, its union or its party committee). Cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_appeal_intake", None)
    if cached is not None:
        return cached
    units = list(
        OrgUnit.objects.filter(
            role_assignments__user=user,
            role_assignments__role__in=INTAKE_ROLES,
            kind__in=COMPANY_LEVEL_KINDS,
            dissolved_at__isnull=True,
        ).only("pk", "path", "depth", "kind")
    )
    wanted = {p for u in units for p in ancestor_paths(u.path)}
    companies = {
        path: pk
        for path, pk in OrgUnit.objects.filter(path__in=wanted, kind=UnitKind.COMPANY)
        .order_by()
        .values_list("path", "pk")
    }
    result = set()
    for u in units:
        pk = next((companies[p] for p in reversed(ancestor_paths(u.path)) if p in companies), None)
        if pk is not None:
            result.add(pk)
    user._appeal_intake = tuple(sorted(result))
    return user._appeal_intake


def is_intake(user) -> bool:
    """Holds an intake role anywhere (decides whether the ledger and intake buttons show)."""
    return getattr(user, "is_authenticated", False) and user.has_role(*INTAKE_ROLES)


def can_intake(user, appeal) -> bool:
    """May accept, decline, merge or reassign this appeal: an intake role that reaches it — at
    company level, or through the unit scope of the role (a union branch over its departments)."""
    if not is_intake(user):
        return False
    scope = scope_of(user)
    if scope.everything or appeal.intake_unit_id in intake_companies(user):
        return True
    paths = [u.path for u in (appeal.owner_unit, appeal.submitter_unit) if u is not None]
    return any(p.startswith(prefix) for p in paths for prefix in scope.prefixes)


def is_owner(user, appeal) -> bool:
    """The responsible person, or the head of the responsible unit."""
    person_id = getattr(user, "person_id", None)
    if not person_id or appeal.owner_unit_id is None:
        return False
    return person_id == appeal.owner_person_id or person_id == appeal.owner_unit.head_id


def is_submitter(user, appeal) -> bool:
    """The named submitter (an anonymous appeal has none: its submitter acts by receipt code)."""
    person_id = getattr(user, "person_id", None)
    return bool(person_id) and not appeal.anonymous and appeal.submitter_id == person_id


def sees_ledger(user) -> bool:
    """Cadres whose scope reaches units see the ledger (台账); everyone else sees their own."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes) or bool(intake_companies(user))
