"""Reads of the 量化考核 setup. Indicators and schemes are the company's rules (no unit scope):
only those who set them up read them here. Manual scores and adjustments go through
visible_to; a period's units are those the assessor's roles reach."""

from django.db.models import Count, Sum

from apps.core.errors import CoreError
from apps.core.selectors import get_or_not_found
from apps.orgs.scope import in_subtree, units_reached

from .models import Adjustment, Indicator, ManualScore, Period, Scheme
from .services import can_set_up


def _require(user) -> None:
    if not can_set_up(user):
        raise CoreError.FORBIDDEN()


def indicator_list(*, user):
    _require(user)
    return Indicator.objects.all()


def indicator_get(*, user, pk: int) -> Indicator:
    return get_or_not_found(indicator_list(user=user), pk)


def scheme_list(*, user):
    """Schemes with their items' count and weight total, and their periods' count."""
    _require(user)
    return Scheme.objects.annotate(
        item_count=Count("items", distinct=True),
        weight_total=Sum("items__weight"),
        period_count=Count("periods", distinct=True),
    )


def scheme_get(*, user, pk: int) -> Scheme:
    _require(user)
    return get_or_not_found(Scheme.objects.all(), pk)


def scheme_items(scheme: Scheme):
    return scheme.items.select_related("indicator").order_by("pk")


def period_get(*, user, pk: int) -> Period:
    _require(user)
    return get_or_not_found(Period.objects.select_related("scheme"), pk)


def period_units(*, user, period: Period, within=None):
    """The units of the scheme's kind the user's roles reach (optionally within one unit's
    subtree), in tree order."""
    units = units_reached(user, [period.scheme.unit_kind]).only("pk", "name", "path", "kind")
    if within is not None:
        units = in_subtree(units, within, field="pk")
    return units.order_by("path")


def manual_scores(*, user, period: Period, item, units) -> dict:
    """{unit id: ManualScore} of the item in the period for these units, with its evidence."""
    rows = ManualScore.objects.visible_to(user).filter(
        period=period, item=item, unit__in=[u.pk for u in units]
    )
    return {m.unit_id: m for m in rows.select_related("evidence", "assessor__person")}


def adjustment_list(*, user, period: Period):
    return (
        Adjustment.objects.visible_to(user)
        .filter(period=period)
        .select_related("unit", "evidence", "assessor__person")
        .order_by("unit__path", "pk")
    )


def manual_score_list(*, user, period: Period, item: int | None = None):
    rows = ManualScore.objects.visible_to(user).filter(period=period)
    if item is not None:
        rows = rows.filter(item_id=item)
    return rows.select_related("unit", "item__indicator", "evidence", "assessor__person").order_by(
        "item_id", "unit__path"
    )
