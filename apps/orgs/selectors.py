"""Reads on the organization: always through visible_to(user)."""

from apps.core.errors import NotFound

from .models import OrgUnit, Person


def unit_list(*, user, include_dissolved: bool = False):
    qs = OrgUnit.objects.visible_to(user).select_related("head", "serves")
    return qs if include_dissolved else qs.alive()


def unit_get(*, user, pk: int) -> OrgUnit:
    unit = unit_list(user=user, include_dissolved=True).filter(pk=pk).first()
    if unit is None:
        raise NotFound()
    return unit


def person_list(*, user):
    return Person.objects.visible_to(user).select_related(
        "department", "team", "party_membership__branch"
    )


def person_get(*, user, pk: int) -> Person:
    person = (
        person_list(user=user)
        .select_related("union_membership__unit", "league_membership__unit", "user")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise NotFound()
    return person
