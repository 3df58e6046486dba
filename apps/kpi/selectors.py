"""Reads of 量化考核: always through visible_to(user); out of scope is 404."""

from apps.core.selectors import get_or_not_found

from .models import Scorecard, ScoreLine


def scorecard_list(*, user):
    return Scorecard.objects.visible_to(user).select_related("unit", "period__scheme")


def scorecard_get(*, user, pk: int) -> Scorecard:
    return get_or_not_found(scorecard_list(user=user), pk)


def scorecard_lines(card: Scorecard):
    """Its lines in the scheme's order, each with the link to the records behind its value."""
    return ScoreLine.objects.filter(scorecard=card).select_related("item__indicator")
