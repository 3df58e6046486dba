"""The scope module app code uses: who reaches which org units, and which roles a user holds.

Everything here reads the user's grants once per request (cached on the user object) and the
scope computed from them (`apps.core.scope`, which this module plugs into: see OrgsConfig.ready).
Rows are still read through `Model.objects.visible_to(user)`; these answer the questions a rule
asks about a unit ("may this user act on it?") without a query of their own.
"""

from dataclasses import dataclass

from django.db.models import Q

from apps.accounts.models import RoleAssignment
from apps.core.scope import (
    Scope,
    _minimal,
    reaches,
    scope_of,
    subtree_q,
    subtrees_q,
)

from .choices import UnitKind
from .models import OrgUnit

__all__ = [
    "Grant",
    "ancestor_paths",
    "cadres_of",
    "company_of",
    "company_paths",
    "has_role",
    "held_paths",
    "in_subtree",
    "in_units",
    "nearest_cadres",
    "reaches",
    "role_prefixes",
    "roles_of",
    "scope_of",
    "subtree_q",
    "subtrees_q",
    "units_reached",
]


@dataclass(frozen=True)
class Grant:
    """One role the user holds on one alive org unit."""

    role: str
    unit_id: int
    path: str
    kind: str


def roles_of(user) -> tuple[Grant, ...]:
    """The user's grants on alive units: one query per request, shared by every app."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_tongxin_grants", None)
    if cached is None:
        cached = user._tongxin_grants = tuple(Grant(*row) for row in user.grant_rows())
    return cached


def has_role(user, *roles: str, unit=None) -> bool:
    """The user holds one of `roles` (on a unit whose subtree holds `unit`, when given). A
    superuser holds every role everywhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        g.role in roles and (unit is None or unit.path.startswith(g.path)) for g in roles_of(user)
    )


def held_paths(user, *roles: str) -> list[str]:
    """Paths of the units on which the user holds one of `roles`."""
    return [g.path for g in roles_of(user) if g.role in roles]


def units_reached(user, kinds=None):
    """The alive org units the user's roles reach, optionally of these kinds only."""
    scope = scope_of(user)
    qs = OrgUnit.objects.alive()
    if not scope.everything:
        qs = qs.filter(subtrees_q(scope.prefixes))
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs


def in_units(rows, units, field: str = "unit"):
    """The `rows` (already read through visible_to) whose `field` org unit matches the Q
    `units`: one IN subquery, as visible_to builds, so a page narrows without an access join."""
    return rows.filter(**{f"{field}__in": OrgUnit.objects.filter(units).values("pk")})


def in_subtree(rows, unit, field: str = "unit"):
    """The `rows` whose `field` org unit lies in `unit`'s subtree: the unit a page narrows to."""
    return in_units(rows, subtree_q(unit.path), field)


def _reached(paths: set[str]) -> tuple[str, ...]:
    """The minimal prefixes of the subtrees at these paths, each branch's bound department
    added (支部建在部门上)."""
    if paths:
        paths |= set(
            OrgUnit.objects.filter(subtrees_q(paths), serves__isnull=False).values_list(
                "serves__path", flat=True
            )
        )
    return _minimal(paths)


def role_prefixes(user, *roles: str) -> tuple[str, ...]:
    """The subtrees only the user's grants of `roles` reach, for a rule narrower than the scope
    (a talk's content is read by the political roles alone, decision 0008). Cached per user."""
    cache = user.__dict__.setdefault("_tongxin_role_prefixes", {})
    key = frozenset(roles)
    if key not in cache:
        cache[key] = _reached({g.path for g in roles_of(user) if g.role in roles})
    return cache[key]


def compute_scope(user) -> Scope:
    """Every cadre grant reaches its unit's subtree, and a branch its bound department's."""
    person_id = user.person_id
    if user.is_superuser:
        return Scope(True, (), person_id)
    prefixes = _reached(
        {g.path for g in roles_of(user) if g.role not in RoleAssignment.SELF_ONLY_ROLES}
    )
    # Roles on every root reach the whole forest: skip the filter altogether.
    everything = bool(prefixes) and set(
        OrgUnit.objects.filter(depth=1).values_list("path", flat=True)
    ) <= set(prefixes)
    return Scope(everything, prefixes, person_id)


class OrgScope:
    """The provider `apps.core.scope` calls."""

    compute = staticmethod(compute_scope)

    @staticmethod
    def units_in(prefixes):
        return OrgUnit.objects.filter(subtrees_q(prefixes))


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    """The paths of the units above the unit at `path`, root first (and its own, last)."""
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + (step if include_self else 0), step)]


def _cadre_grants(unit_filter):
    return (
        RoleAssignment.objects.filter(unit_filter, user__is_active=True)
        .exclude(role__in=RoleAssignment.SELF_ONLY_ROLES)
        .select_related("user", "unit")
        .order_by("pk")
    )


def cadres_of(unit_ids) -> dict[int, list]:
    """The active users holding a cadre role on each of these units (not below them), each
    once, in the order of their grants: one query."""
    found: dict[int, dict] = {}
    for ra in _cadre_grants(Q(unit_id__in=set(unit_ids))):
        found.setdefault(ra.unit_id, {}).setdefault(ra.user_id, ra.user)
    return {k: list(v.values()) for k, v in found.items()}


def nearest_cadres(units) -> dict[int, list]:
    """For each unit, the cadres of the unit itself or, where it has none, of the nearest unit
    above that has some (a team's news goes to its workshop's head): one query."""
    paths = {u.pk: u.path for u in units}
    wanted = {p for path in paths.values() for p in ancestor_paths(path)}
    by_path: dict[str, dict] = {}
    for ra in _cadre_grants(Q(unit__path__in=wanted)):
        by_path.setdefault(ra.unit.path, {}).setdefault(ra.user_id, ra.user)
    out = {}
    for pk, path in paths.items():
        holders = next((by_path[p] for p in reversed(ancestor_paths(path)) if p in by_path), {})
        out[pk] = list(holders.values())
    return out


def company_paths(paths) -> dict[str, str]:
    """For each unit path, the path of its company: the nearest company (itself or above), else
    the root of its tree. One query for them all."""
    paths = set(paths)
    wanted = {a for p in paths for a in ancestor_paths(p)}
    companies = set(
        OrgUnit.objects.filter(path__in=wanted, kind=UnitKind.COMPANY).values_list(
            "path", flat=True
        )
    )
    return {
        p: next((a for a in reversed(ancestor_paths(p)) if a in companies), p[: OrgUnit.steplen])
        for p in paths
    }


def company_of(unit: OrgUnit | None) -> OrgUnit | None:
    """The company a unit belongs to (see `company_paths`), in one query."""
    if unit is None:
        return None
    rows = {u.path: u for u in OrgUnit.objects.filter(path__in=ancestor_paths(unit.path))}
    root = rows.get(unit.path[: OrgUnit.steplen])
    return next(
        (
            rows[p]
            for p in reversed(ancestor_paths(unit.path))
            if p in rows and rows[p].kind == UnitKind.COMPANY
        ),
        root,
    )
