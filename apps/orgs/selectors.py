"""Reads on the organization: always through visible_to(user)."""

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Q

from apps.core.scope import scope_of, subtree_q
from apps.core.selectors import get_or_not_found

from .choices import ADMIN_KINDS, EmploymentStatus, UnitKind
from .models import OrgUnit, PartyMembership, Person
from .scope import ancestor_paths

# People who still count as on the roll of their unit (retired and departed ones do not).
OFF_ROLL = (EmploymentStatus.RETIRED, EmploymentStatus.LEFT)


def unit_list(*, user, include_dissolved: bool = False):
    qs = OrgUnit.objects.visible_to(user).select_related("head", "serves")
    return qs if include_dissolved else qs.alive()


def unit_get(*, user, pk: int) -> OrgUnit:
    return get_or_not_found(unit_list(user=user, include_dissolved=True), pk)


def unit_roots(*, user, include_dissolved: bool = False):
    """The tops of the user's forest: the units their roles reach, or the real roots for those
    who reach everything."""
    scope = scope_of(user)
    qs = unit_list(user=user, include_dissolved=include_dissolved)
    if scope.everything:
        return qs.filter(depth=1)
    return qs.filter(path__in=scope.prefixes)


def unit_children(*, user, unit: OrgUnit, include_dissolved: bool = False):
    """The direct sub-units of a unit, in tree order."""
    return unit_list(user=user, include_dissolved=include_dissolved).filter(
        subtree_q(unit.path), depth=unit.depth + 1
    )


def unit_ancestors(*, user, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors the user may see, from the top down (for breadcrumbs)."""
    paths = ancestor_paths(unit.path, include_self=False)
    if not paths:
        return []
    return list(
        unit_list(user=user, include_dissolved=True)
        .filter(path__in=paths)
        .select_related(None)
        .only("pk", "name", "path")
    )


def ancestor_names(*, user, units) -> dict[int, list[str]]:
    """For each unit, the names of its visible ancestors top-down, in one query for all of them."""
    wanted = {p for u in units for p in ancestor_paths(u.path, include_self=False)}
    names = dict(
        unit_list(user=user, include_dissolved=True)
        .filter(path__in=wanted)
        .values_list("path", "name")
    )
    return {
        u.pk: [names[p] for p in ancestor_paths(u.path, include_self=False) if p in names]
        for u in units
    }


COUNTS_CACHE_SECONDS = 60


def _counts_by_path() -> tuple[dict[str, int], dict[str, int]]:
    """People on the roll (by team, else department) and party members (by branch), per unit
    path: three grouped queries over the whole company, cached for a minute because the tree and
    unit pages ask for them on every view and a minute-old count is good enough there."""

    def compute():
        path_of = dict(OrgUnit.objects.order_by().values_list("pk", "path"))
        people: dict[str, int] = defaultdict(int)
        rows = (
            Person.objects.exclude(status__in=OFF_ROLL)
            .order_by()
            .values("team_id", "department_id")
            .annotate(n=Count("pk"))
            .values_list("team_id", "department_id", "n")
        )
        for team_id, department_id, n in rows:
            path = path_of.get(team_id) or path_of.get(department_id)
            if path:
                people[path] += n
        members: dict[str, int] = defaultdict(int)
        rows = (
            PartyMembership.objects.filter(person__deleted_at__isnull=True)
            .order_by()
            .values("branch_id")
            .annotate(n=Count("pk"))
            .values_list("branch_id", "n")
        )
        for branch_id, n in rows:
            if branch_id in path_of:
                members[path_of[branch_id]] += n
        return dict(people), dict(members)

    return cache.get_or_set("orgs:counts_by_path", compute, COUNTS_CACHE_SECONDS)


def unit_counts(units) -> dict[int, dict[str, int]]:
    """People and party members in each unit's whole subtree. The units come from visible_to and
    scope is closed under subtrees, so every row counted here is one the user may see."""
    units = list(units)
    if not units:
        return {}
    people, members = _counts_by_path()
    return {
        u.pk: {"people": _subtree_sum(people, u.path), "members": _subtree_sum(members, u.path)}
        for u in units
    }


def _subtree_sum(by_path: dict[str, int], prefix: str) -> int:
    return sum(n for path, n in by_path.items() if path.startswith(prefix))


def unit_search(*, user, q: str, include_dissolved: bool = False, limit: int = 50):
    """Units whose name or code contains q, for the tree's search box."""
    q = (q or "").strip()
    if not q:
        return OrgUnit.objects.none()
    return unit_list(user=user, include_dissolved=include_dissolved).filter(
        Q(name__contains=q) | Q(code__istartswith=q)
    )[:limit]


def unit_people(*, user, unit: OrgUnit):
    """People whose department (or, for a team, whose team) lies in the unit's subtree. Teams sit
    under departments, so one indexed prefix test is enough."""
    if unit.kind == UnitKind.TEAM:
        return person_list(user=user).filter(subtree_q(unit.path, "team__path"))
    return person_list(user=user).filter(subtree_q(unit.path, "department__path"))


def unit_members(*, user, unit: OrgUnit):
    """Members of the party, union or league organization in the unit's subtree."""
    if unit.kind in (UnitKind.UNION_COMMITTEE, UnitKind.UNION_BRANCH):
        return (
            person_list(user=user)
            .filter(subtree_q(unit.path, "union_membership__unit__path"))
            .select_related("union_membership")
        )
    if unit.kind in (UnitKind.LEAGUE_COMMITTEE, UnitKind.LEAGUE_BRANCH):
        return (
            person_list(user=user)
            .filter(subtree_q(unit.path, "league_membership__unit__path"))
            .select_related("league_membership")
        )
    return person_list(user=user).filter(subtree_q(unit.path, "party_membership__branch__path"))


def department_choices(*, user):
    """Company and department units the user reaches, for filters and forms."""
    return (
        unit_list(user=user)
        .filter(kind__in=[UnitKind.COMPANY, UnitKind.DEPARTMENT])
        .select_related(None)
        .only("pk", "name", "depth", "path")
    )


def team_choices(*, user):
    return (
        unit_list(user=user)
        .filter(kind=UnitKind.TEAM)
        .select_related(None)
        .only("pk", "name", "depth", "path")
    )


def branch_choices(*, user):
    return (
        unit_list(user=user)
        .filter(kind__in=[UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH])
        .select_related(None)
        .only("pk", "name", "depth", "path")
    )


def is_admin_kind(unit: OrgUnit) -> bool:
    return unit.kind in ADMIN_KINDS


def person_list(*, user):
    return Person.objects.visible_to(user).select_related(
        "department", "team", "party_membership__branch"
    )


def person_get(*, user, pk: int) -> Person:
    return get_or_not_found(
        person_list(user=user).select_related(
            "union_membership__unit", "league_membership__unit", "user"
        ),
        pk,
    )
