"""Writes of the stored indicator values: the refresh that computes every registered indicator
for every unit over a period and replaces what was stored, one period per transaction (a
reader sees a period's old values or its new ones, never half)."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from apps.core import indicators
from apps.orgs.models import OrgUnit

from .models import StoredValue

BATCH = 2000


def _text(number) -> str:
    return "" if number is None else str(number)


def period_store(period, *, units: list, now, codes=None) -> int:
    """Every registered indicator (or `codes`) for the units over the period, stored. Returns
    the rows stored."""
    rows = []
    for code in codes if codes is not None else [c for c, _label in indicators.choices()]:
        got = indicators.get(code).fn(units=units, start=period.start, end=period.end)
        rows += [
            StoredValue(
                code=code,
                kind=period.kind,
                start=period.start,
                unit_id=pk,
                value=_text(v.value),
                numerator=_text(v.numerator),
                denominator=_text(v.denominator),
                url=v.url,
                computed_at=now,
            )
            for pk, v in got.items()
        ]
    with transaction.atomic():
        StoredValue.objects.bulk_create(
            rows,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["unit", "kind", "start", "code"],
            update_fields=["value", "numerator", "denominator", "url", "computed_at"],
        )
    return len(rows)


def refresh(periods, *, codes=None, progress: Callable[[int, int], None] | None = None) -> int:
    """Store every indicator (or `codes`) of every unit over each period (called by the
    cockpit's tasks; a calculator answers for all units in a few grouped queries). Returns the
    rows stored."""
    units = list(OrgUnit.objects.all())
    stored = 0
    for done, period in enumerate(periods, 1):
        stored += period_store(period, units=units, now=timezone.now(), codes=codes)
        if progress:
            progress(done, len(periods))
    return stored
