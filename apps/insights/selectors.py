"""Reads of the cockpit: which units the user may look at (their scope; any other is a 404),
the period from the query string, and the units of the league table."""

from django.db.models import Q

from apps.core.errors import NotFound
from apps.core.params import query_id
from apps.core.scope import scope_of, subtree_q
from apps.orgs.menu import COCKPIT
from apps.orgs.scope import ancestor_paths, has_role, units_reached

from .errors import InsightsError
from .periods import Period

MAP_DEPTH = 2  # levels under the chosen unit drawn on the map


def allowed(user) -> None:
    """The cockpit is for the 党委/党群工作部 and unit heads (the menu's roles): 403 otherwise."""
    if not has_role(user, *COCKPIT):
        raise InsightsError.NO_ACCESS()


def unit_choices(*, user):
    return units_reached(user).order_by("path")


def unit_picks(*, user, unit):
    """The unit picker's choices: the tops of the user's reach, the way down from them to the
    chosen unit, the unit and its children. One drills down a level at a time rather than
    scrolling every unit of the company (about 3,000 options at 50,000 people)."""
    scope = scope_of(user)
    tops = Q(depth=1) if scope.everything else Q(path__in=scope.prefixes)
    way = Q(path__in=ancestor_paths(unit.path))
    children = subtree_q(unit.path) & Q(depth=unit.depth + 1)
    return unit_choices(user=user).filter(tops | way | children)


def unit_get(*, user, value):
    """The unit asked for (a subtree the user reaches), else their top unit; an unknown, bad or
    out-of-scope id is a 404."""
    units = unit_choices(user=user)
    if value in (None, ""):
        unit = units.first()
    else:
        pk = query_id({"unit": value}, "unit")
        unit = units.filter(pk=pk).first() if pk else None
    if unit is None:
        raise NotFound()
    return unit


def period_get(params) -> Period:
    return Period.parse(params.get("period"), params.get("at"))


def league_units(*, user, unit, depth: str):
    """The units ranked: the chosen unit's children, or its whole subtree ("all")."""
    units = unit_choices(user=user).filter(subtree_q(unit.path)).exclude(pk=unit.pk)
    if depth != "all":
        units = units.filter(depth=unit.depth + 1)
    return list(units.only("pk", "name", "path", "depth", "kind"))


def map_units(*, user, unit):
    return list(
        unit_choices(user=user)
        .filter(subtree_q(unit.path), depth__lte=unit.depth + MAP_DEPTH)
        .only("pk", "name", "path", "depth")
    )
