"""Who is "the safety unit" for a hazard, and who may record its rectification: the one place
these rules live. Seeing a hazard is `Hazard.objects.visible_to(user)`. The safety units are
named on the 隐患管理设置 page (HazardPolicy), not guessed from unit names."""

from dataclasses import dataclass

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scope import _minimal, scope_of
from apps.orgs.models import OrgUnit
from apps.orgs.scope import company_paths, has_role, roles_of

MANAGER_ROLES = (Role.UNION_CADRE, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
POLICY_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
# Heads who record the rectification of a hazard assigned to their unit when no person is named.
HEAD_ROLES = (Role.DEPARTMENT_HEAD, Role.TEAM_LEADER)


@dataclass(frozen=True)
class Reach:
    everything: bool
    prefixes: tuple[str, ...]  # paths of the subtrees whose hazards the user manages

    def covers(self, unit) -> bool:
        if unit is None:
            return False
        return self.everything or any(unit.path.startswith(p) for p in self.prefixes)


def safety_unit_ids() -> set[int]:
    """The units the policy names as safety units (one query: the policy is one row)."""
    from .models import HazardPolicy

    return set(HazardPolicy.safety_units.through.objects.values_list("orgunit_id", flat=True))


def _manages(grant, safety: set[int]) -> bool:
    return grant.role in MANAGER_ROLES or (
        grant.role == Role.DEPARTMENT_HEAD and grant.unit_id in safety
    )


def managing_units(user) -> list[int]:
    """The units on which the user holds a safety-managing role."""
    safety = safety_unit_ids()
    return [g.unit_id for g in roles_of(user) if _manages(g, safety)]


def can_set_policy(user) -> bool:
    """Party and system admins set the deadlines and name the safety units."""
    return has_role(user, *POLICY_ROLES)


def hazard_reach(user) -> Reach:
    """Where the user acts as the safety unit: a head of a unit named 安全…, a union cadre, a
    party admin or a system admin manages the hazards of the whole company their role's unit
    belongs to. Cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach(False, ())
    cached = getattr(user, "_hazard_reach", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        reach = Reach(True, ())
    else:
        safety = safety_unit_ids()
        paths = {g.path for g in roles_of(user) if _manages(g, safety)}
        prefixes = _minimal(set(company_paths(paths).values())) if paths else ()
        everything = bool(prefixes) and set(
            OrgUnit.objects.filter(depth=1).values_list("path", flat=True)
        ) <= set(prefixes)
        reach = Reach(everything, prefixes)
    user._hazard_reach = reach
    return reach


def can_manage_hazards(user, hazard=None) -> bool:
    """The safety unit's rule: confirm, reject, assign, verify and send back a hazard, plan
    inspections. `hazard=None` asks whether the user manages hazards anywhere."""
    reach = hazard_reach(user)
    if hazard is None:
        return reach.everything or bool(reach.prefixes)
    return reach.covers(hazard.unit) or reach.covers(hazard.owner_unit)


def can_manage_unit(user, unit) -> bool:
    """The safety unit's rule applied to a unit (an inspection's scope, an owner unit)."""
    return hazard_reach(user).covers(unit)


def can_rectify(user, hazard) -> bool:
    """The owner records the rectification: the person it is assigned to, or, when no person
    is named, a department head or team leader whose role reaches the owner unit."""
    if not getattr(user, "is_authenticated", False) or hazard.owner_unit_id is None:
        return False
    if hazard.owner_person_id is not None:
        return user.person_id == hazard.owner_person_id
    return has_role(user, *HEAD_ROLES, unit=hazard.owner_unit)


def is_cadre(user) -> bool:
    """Cadres get the ledger; employees get their own reports and assignments."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes) or can_manage_hazards(user)


def safety_users(unit) -> list:
    """Heads of the safety units guarding this unit's company: told of new reports and of
    rectifications awaiting verification."""
    rows = list(
        RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_HEAD,
            unit_id__in=safety_unit_ids(),
            unit__dissolved_at__isnull=True,
            user__is_active=True,
        ).select_related("user", "unit")
    )
    if not rows:
        return []
    companies = company_paths({ra.unit.path for ra in rows})
    users = {ra.user_id: ra.user for ra in rows if unit.path.startswith(companies[ra.unit.path])}
    return list(users.values())
