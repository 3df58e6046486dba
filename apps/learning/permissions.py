"""Who manages learning in a unit: a cadre whose role reaches the unit. Seeing a record is
`Model.objects.visible_to(user)`; this module answers whether the user may change it, through
the scope module (apps.orgs.scope)."""

from apps.core.errors import Forbidden
from apps.orgs.scope import reaches, scope_of, units_reached


def is_cadre(user) -> bool:
    """Cadres manage courses, banks, quizzes and contests and see unit summaries."""
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)


def can_manage(user, unit) -> bool:
    return reaches(user, unit)


def check_manage(user, unit) -> None:
    """Refuse a change to a unit's learning records by someone whose role does not reach it."""
    if not can_manage(user, unit):
        raise Forbidden()


def managed_units(user):
    """The alive units a cadre's roles reach (for the unit field of the forms)."""
    return units_reached(user).only("pk", "name", "path", "depth", "kind")
