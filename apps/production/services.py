"""Checking and storing production figures: an Excel import (preview, then confirm) and an API
batch share one check, and both store all figures or none."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.choices import Role
from apps.core.errors import CoreError
from apps.orgs.models import OrgUnit
from apps.orgs.scope import has_role

from . import errors
from .errors import ProductionError
from .models import Figure, FigureImport, Measure

SENDERS = tuple(r for r in Role.values if r != Role.EMPLOYEE)
MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})?\s*日?)?\s*$")


def parse_month(raw) -> date | None:
    """A month as its first day: a date cell, "2026-03", "2026/3", "2026年3月"."""
    if isinstance(raw, date):  # a date or datetime cell
        return date(raw.year, raw.month, 1)
    m = MONTH_RE.match(str(raw or ""))
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    return date(int(m[1]), int(m[2]), 1)


def _units_by_key(user, keys: set[str]) -> dict[str, OrgUnit]:
    """The user's visible units named by code or by name (a code wins; an ambiguous name
    matches nothing)."""
    found = OrgUnit.objects.visible_to(user).filter(Q(code__in=keys) | Q(name__in=keys))
    by_code, by_name = {}, {}
    for unit in found:
        if unit.code:
            by_code[unit.code] = unit
        by_name.setdefault(unit.name, []).append(unit)
    out = {k: v[0] for k, v in by_name.items() if len(v) == 1}
    out.update(by_code)
    return out


def check(user, rows: list[tuple[int, str, object, dict]]) -> tuple[list[dict], list[dict]]:
    """Check rows of (row number, unit name or code, month, {measure code or name: value}).
    Returns the clean figures [{unit, month, measure, value}] and the row errors
    [{row, message}] in Chinese. Only cadres send figures (an employee sees a team's rows but
    does not report its production)."""
    if not has_role(user, *SENDERS):
        raise CoreError.FORBIDDEN()
    measures = {m.code: m for m in Measure.objects.all()}
    measures.update({m.name: m for m in measures.copy().values()})
    units = _units_by_key(user, {str(r[1]).strip() for r in rows if r[1] is not None})
    figures, problems, seen = [], [], {}

    def err(row, message):
        problems.append({"row": row, "message": str(message)})

    for row_no, unit_key, raw_month, values in rows:
        unit_key = str(unit_key or "").strip()
        unit = units.get(unit_key)
        month = parse_month(raw_month)
        if unit is None:
            err(row_no, errors.UNKNOWN_UNIT.format(unit=unit_key))
        if month is None:
            err(row_no, errors.BAD_MONTH.format(month=raw_month or ""))
        for key, raw in values.items():
            measure = measures.get(str(key).strip())
            if measure is None:
                err(row_no, errors.UNKNOWN_MEASURE.format(measure=key))
                continue
            if raw is None or str(raw).strip() == "":
                continue  # a measure the unit does not report
            try:
                value = Decimal(str(raw).strip().replace(",", ""))
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                err(row_no, errors.NOT_NUMBER.format(measure=measure.name, value=raw))
                continue
            if value < 0 and measure.non_negative:
                err(row_no, errors.NEGATIVE.format(measure=measure.name))
                continue
            if unit is None or month is None:
                continue
            key3 = (unit.pk, month, measure.pk)
            if key3 in seen:
                err(
                    row_no,
                    errors.DUPLICATE.format(
                        unit=unit.name,
                        month=f"{month:%Y-%m}",
                        measure=measure.name,
                        first=seen[key3],
                    ),
                )
                continue
            seen[key3] = row_no
            figures.append(
                {
                    "unit": unit.pk,
                    "month": month.isoformat(),
                    "measure": measure.pk,
                    "value": str(value),
                }
            )
    return figures, problems


@transaction.atomic
def store(figures: list[dict]) -> int:
    """Write checked figures, replacing the value of an existing unit+month+measure (so a
    batch sent twice stores the same rows once)."""
    objs = [
        Figure(
            unit_id=f["unit"],
            month=date.fromisoformat(f["month"]),
            measure_id=f["measure"],
            value=Decimal(f["value"]),
        )
        for f in figures
    ]
    Figure.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["unit", "month", "measure"],
        update_fields=["value", "updated_at"],
        batch_size=500,
    )
    return len(objs)


def read_xlsx(fileobj) -> list[tuple[int, str, object, dict]]:
    """The workbook's rows: a 单位 column (name or code), a 月份 column, one column per measure."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, None) or ()]
        body = list(enumerate(rows, start=2))
    except Exception as exc:  # a broken file fails in zip, XML or openpyxl: all mean the same
        raise ProductionError.BAD_FILE() from exc
    if "单位" not in header or "月份" not in header:
        raise ProductionError.NO_HEADER()
    iu, im = header.index("单位"), header.index("月份")
    out = []
    for row_no, values in body:
        if not any(v not in (None, "") for v in values):
            continue
        cells = dict(zip(header, values, strict=False))
        rest = {h: cells[h] for h in header if h and h not in ("单位", "月份")}
        out.append((row_no, values[iu] if iu < len(values) else "", values[im], rest))
    if not out:
        raise ProductionError.EMPTY()
    return out


def import_start(*, actor, upload) -> FigureImport:
    figures, problems = check(actor, read_xlsx(upload))
    return FigureImport.objects.create(
        created_by=actor, file_name=upload.name[:200], figures=figures, errors=problems
    )


@transaction.atomic
def import_confirm(*, job: FigureImport) -> int:
    job = FigureImport.objects.select_for_update().get(pk=job.pk)
    if job.errors:
        raise ProductionError.HAS_ERRORS()
    if job.applied_at:
        raise ProductionError.APPLIED()
    count = store(job.figures)
    job.applied_at = timezone.now()
    job.save(update_fields=["applied_at"])
    return count
