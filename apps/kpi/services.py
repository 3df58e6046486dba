"""Writes of 量化考核: a scheme opens only with weights summing to 100 and complete rules; a
scheme with a locked period refuses edits; period_compute scores every unit from the registered
calculators, one call per item for all units; a locked period refuses recompute."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.core import indicators
from apps.orgs.models import OrgUnit

from . import rules
from .choices import AdjustmentKind, PeriodStatus, RuleKind, SchemeStatus, Source
from .errors import KpiError
from .models import Adjustment, ManualScore, Period, Scheme, SchemeItem, Scorecard, ScoreLine


def scheme_check(scheme: Scheme) -> None:
    """Weights sum to exactly 100 and each item's rule is complete."""
    items = list(scheme.items.select_related("indicator"))
    if not items:
        raise KpiError.NO_ITEMS()
    total = sum((Decimal(i.weight) for i in items), Decimal(0))
    if total != 100:
        raise KpiError.WEIGHTS_NOT_100(field="weight", total=total.normalize())
    for item in items:
        name = item.indicator.name
        if item.rule == RuleKind.LINEAR and (
            item.floor is None or item.target is None or item.floor == item.target
        ):
            raise KpiError.LINEAR_INCOMPLETE(name=name)
        if item.rule == RuleKind.STEPS and not item.steps:
            raise KpiError.STEPS_EMPTY(name=name)
        source = item.indicator.source
        if source == Source.COMPUTED and indicators.get(item.indicator.calculator) is None:
            raise KpiError.NO_CALCULATOR(name=name)


def scheme_guard(scheme: Scheme) -> None:
    """A scheme with a locked period is a snapshot: its items and weights stay as they were."""
    if (
        scheme.status == SchemeStatus.LOCKED
        or scheme.periods.filter(status=PeriodStatus.LOCKED).exists()
    ):
        raise KpiError.SCHEME_LOCKED()


@transaction.atomic
def scheme_open(*, actor, scheme: Scheme) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    scheme_guard(scheme)
    scheme_check(scheme)
    scheme.status = SchemeStatus.OPEN
    scheme.save()
    return scheme


@transaction.atomic
def item_save(*, actor, item: SchemeItem) -> SchemeItem:
    """Add or change a scheme's item, unless the scheme is locked."""
    scheme_guard(Scheme.objects.select_for_update().get(pk=item.scheme_id))
    item.save()
    return item


def period_units(period: Period) -> list[OrgUnit]:
    """The units a period scores: every live unit of the scheme's kind."""
    return list(
        OrgUnit.objects.alive()
        .filter(kind=period.scheme.unit_kind)
        .only("pk", "path", "kind", "name")
        .order_by("path")
    )


@transaction.atomic
def period_compute(period: Period, *, now=None) -> int:
    """Every unit's scorecard for the period: one calculator call per computed item for all
    units, manual scores as entered, adjustments added, 一票否决 capping the grade. Returns the
    number of scorecards; a locked period refuses."""
    now = now or timezone.now()
    period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
    if period.status == PeriodStatus.LOCKED:
        raise KpiError.PERIOD_LOCKED()
    units = period_units(period)
    items = list(period.scheme.items.select_related("indicator"))
    manual = {(m.item_id, m.unit_id): m.value for m in ManualScore.objects.filter(period=period)}
    values: dict[int, dict[int, indicators.Value]] = {}
    for item in items:
        if item.indicator.source == Source.COMPUTED:
            calc = indicators.get(item.indicator.calculator)
            if calc is None:
                raise KpiError.NO_CALCULATOR(name=item.indicator.name)
            values[item.pk] = calc.fn(units=units, start=period.start, end=period.end)
        else:
            values[item.pk] = {u.pk: indicators.Value(manual.get((item.pk, u.pk))) for u in units}
    bonus: dict[int, Decimal] = {}
    vetoed: set[int] = set()
    for adj in Adjustment.objects.filter(period=period):
        if adj.kind == AdjustmentKind.VETO:
            vetoed.add(adj.unit_id)
        sign = -1 if adj.kind == AdjustmentKind.DEDUCT else 1
        bonus[adj.unit_id] = bonus.get(adj.unit_id, Decimal(0)) + sign * Decimal(adj.points)

    cards = {c.unit_id: c for c in Scorecard.objects.filter(period=period)}
    new = [Scorecard(period=period, unit=u) for u in units if u.pk not in cards]
    for card in Scorecard.objects.bulk_create(new):
        cards[card.unit_id] = card
    ScoreLine.objects.filter(scorecard__period=period).delete()
    lines, totals = [], dict.fromkeys((u.pk for u in units), Decimal(0))
    for item in items:
        by_unit = values[item.pk]
        peers = [v.value for v in by_unit.values()]
        for u in units:
            v = by_unit.get(u.pk) or indicators.Value(None)
            pts = rules.points(item, v.value, peers)
            totals[u.pk] += pts
            lines.append(
                ScoreLine(
                    scorecard=cards[u.pk],
                    item=item,
                    value=v.value,
                    numerator=v.numerator,
                    denominator=v.denominator,
                    points=pts,
                    url=v.url,
                    computed_at=now,
                )
            )
    ScoreLine.objects.bulk_create(lines, batch_size=2000)
    for u in units:
        card = cards[u.pk]
        card.total = totals[u.pk] + bonus.get(u.pk, Decimal(0))
        card.grade = rules.grade(card.total, veto=u.pk in vetoed)
    Scorecard.objects.bulk_update([cards[u.pk] for u in units], ["total", "grade"], batch_size=2000)
    return len(units)
