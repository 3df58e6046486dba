"""Who manages learning in a unit: a cadre whose role reaches the unit. Seeing a record is
`Model.objects.visible_to(user)`; this module answers whether the user may change it."""

from django.db.models import Q

from apps.core.errors import Forbidden
from apps.core.scope import scope_of, subtree_q
from apps.orgs.models import OrgUnit


def is_cadre(user) -> bool:
    """Cadres manage courses, banks, quizzes and contests and see unit summaries."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)


def can_manage(user, unit) -> bool:
    scope = scope_of(user)
    if unit is None:
        return False
    return scope.everything or any(unit.path.startswith(p) for p in scope.prefixes)


def check_manage(user, unit) -> None:
    """Refuse a change to a unit's learning records by someone whose role does not reach it."""
    if not can_manage(user, unit):
        raise Forbidden()


def managed_units(user):
    """The alive units a cadre's roles reach (for the unit field of the forms)."""
    scope = scope_of(user)
    qs = OrgUnit.objects.alive().only("pk", "name", "path", "depth", "kind")
    if scope.everything:
        return qs
    cond = Q(pk__in=[])
    for prefix in scope.prefixes:
        cond |= subtree_q(prefix)
    return qs.filter(cond)
