"""Setting up 量化考核 (the 党群工作部's side): the indicator library, schemes and their items,
the periods of a scheme, manual scores with evidence and 加分/扣分/一票否决. Only the party
admin writes; a scheme with a locked period stays as it was (services.scheme_guard); each write
is one transaction, stored whole or refused (a grid of scores with one bad row stores none)."""

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.errors import CoreError, DomainError
from apps.core.rules import clean_text
from apps.core.services import attachment_create
from apps.core.uploads import check_upload
from apps.orgs.choices import UnitKind
from apps.orgs.scope import has_role

from . import services
from .choices import (
    AdjustmentKind,
    Direction,
    PeriodKind,
    PeriodStatus,
    RuleKind,
    SchemeStatus,
    Source,
)
from .errors import KpiSetupError
from .models import Adjustment, Indicator, ManualScore, Period, Scheme, SchemeItem, ScoreLine

EVIDENCE_KINDS = {"image", "pdf", "office"}
NOTE_MAX = 1000
CODE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Months each period kind spans: a year's periods are cut from January on.
SPAN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
# A manual value of a measure in points or percent lies in 0..100; any other measure only ≥ 0.
BOUNDED = {"", "%", "分"}
LIMIT, PLACES = Decimal(10) ** 8, Decimal("0.0001")


def can_assess(user, unit) -> bool:
    """A party admin whose role reaches the unit scores it and adjusts its points."""
    return has_role(user, *services.SETUP_ROLES, unit=unit)


def _require_setup(actor) -> None:
    if not services.can_set_up(actor):
        raise CoreError.FORBIDDEN()


def _decimal(value) -> Decimal | None:
    """A number as typed, or None when it is none or more than the score columns hold
    (12 digits, 4 after the point)."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= LIMIT or number != number.quantize(PLACES):
        return None
    return number


def _bound(value, *, field: str, label) -> Decimal | None:
    """A rule's floor or target: blank, or a number the column holds."""
    number = _decimal(value)
    if number is None and value not in (None, ""):
        raise KpiSetupError.BAD_NUMBER(field=field, label=label)
    return number


# --- the indicator library -------------------------------------------------------------------


@transaction.atomic
def indicator_save(
    *,
    actor,
    indicator: Indicator | None = None,
    code: str,
    name: str,
    measure: str = "",
    direction: str = Direction.HIGHER,
    unit_kinds: list[str] = (),
    source: str = Source.COMPUTED,
    calculator: str = "",
    min_value=None,
    max_value=None,
) -> Indicator:
    """Add or change an indicator: a unique code; a computed one names a registered calculator
    (a manual one none); the unit kinds it applies to are org unit kinds; a manual score's
    range, each end blank for the default."""
    _require_setup(actor)
    code = (code or "").strip()
    if not CODE.match(code):
        raise KpiSetupError.BAD_CODE(field="code")
    taken = Indicator.objects.filter(code=code)
    if indicator is not None:
        taken = taken.exclude(pk=indicator.pk)
    if taken.exists():
        raise KpiSetupError.CODE_TAKEN(field="code", code=code)
    if direction not in Direction.values:
        raise CoreError.BAD_CHOICE(field="direction", label=_("方向"))
    if source not in Source.values:
        raise CoreError.BAD_CHOICE(field="source", label=_("来源"))
    kinds = list(dict.fromkeys(unit_kinds or ()))
    if any(k not in UnitKind.values for k in kinds):
        raise KpiSetupError.BAD_UNIT_KIND(field="unit_kinds")
    calculator = (calculator or "").strip() if source == Source.COMPUTED else ""
    if source == Source.COMPUTED and indicators.get(calculator) is None:
        raise KpiSetupError.NO_CALCULATOR(field="calculator")
    low = _bound(min_value, field="min_value", label=_("最小值"))
    high = _bound(max_value, field="max_value", label=_("最大值"))
    if low is not None and high is not None and high <= low:
        raise KpiSetupError.BAD_RANGE(field="max_value")
    indicator = indicator or Indicator()
    indicator.min_value, indicator.max_value = low, high
    indicator.code = code
    indicator.name = clean_text(name, field="name", label=_("名称"), limit=100)
    indicator.measure = clean_text(
        measure, field="measure", label=_("计量单位"), limit=16, required=False
    )
    indicator.direction, indicator.unit_kinds = direction, kinds
    indicator.source, indicator.calculator = source, calculator
    indicator.save()
    return indicator


# --- schemes and their items -----------------------------------------------------------------


@transaction.atomic
def scheme_save(
    *,
    actor,
    scheme: Scheme | None = None,
    year: int,
    unit_kind: str,
    name: str,
    period_kind: str = PeriodKind.QUARTER,
) -> Scheme:
    """Add a draft scheme or change one that no locked period holds; a scheme with periods
    keeps its year and period kind (the periods were cut from them)."""
    _require_setup(actor)
    if scheme is not None:
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        services.scheme_guard(scheme)
    if not year or not 2000 <= int(year) <= 2100:
        raise KpiSetupError.BAD_YEAR(field="year")
    if unit_kind not in UnitKind.values:
        raise KpiSetupError.BAD_UNIT_KIND(field="unit_kind")
    if period_kind not in PeriodKind.values:
        raise CoreError.BAD_CHOICE(field="period_kind", label=_("考核周期"))
    if scheme is not None and scheme.periods.exists():
        if (int(year), period_kind) != (scheme.year, scheme.period_kind):
            raise CoreError.LOCKED(
                field="period_kind",
                message=_("方案已生成考核期,年度和考核周期不能再改。"),
            )
    scheme = scheme or Scheme()
    scheme.year, scheme.unit_kind, scheme.period_kind = int(year), unit_kind, period_kind
    scheme.name = clean_text(name, field="name", label=_("名称"), limit=100)
    scheme.save()
    return scheme


def _steps(steps) -> list[list[float]]:
    """[[threshold, share %], …] as numbers (kept as JSON), the best threshold first."""
    out = []
    for row in steps or ():
        if not isinstance(row, list | tuple) or len(row) != 2:
            raise KpiSetupError.BAD_STEPS(field="steps")
        threshold, share = _decimal(row[0]), _decimal(row[1])
        if threshold is None or share is None or not 0 <= share <= 100:
            raise KpiSetupError.BAD_STEPS(field="steps")
        out.append([float(threshold), float(share)])
    return sorted(out, key=lambda r: -r[1])


@transaction.atomic
def scheme_item_save(
    *,
    actor,
    scheme: Scheme,
    item: SchemeItem | None = None,
    indicator: Indicator,
    weight,
    rule: str = RuleKind.LINEAR,
    floor=None,
    target=None,
    steps=(),
) -> SchemeItem:
    """Add or change an item: an indicator for the scheme's kind of unit, once; a weight in
    (0, 100]; the rule's parameters (services.scheme_check completes the check when the scheme
    opens). Changing an open scheme sends it back to draft, to be checked and opened again."""
    _require_setup(actor)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    services.scheme_guard(scheme)
    if indicator.unit_kinds and scheme.unit_kind not in indicator.unit_kinds:
        kind = UnitKind(scheme.unit_kind).label if scheme.unit_kind in UnitKind.values else ""
        raise KpiSetupError.WRONG_KIND(field="indicator", name=indicator.name, kind=kind)
    twice = scheme.items.filter(indicator=indicator)
    if item is not None:
        twice = twice.exclude(pk=item.pk)
    if twice.exists():
        raise KpiSetupError.ITEM_TWICE(field="indicator", name=indicator.name)
    weight = _decimal(weight)
    if weight is None or not 0 < weight <= 100 or weight != weight.quantize(Decimal("0.01")):
        raise KpiSetupError.BAD_WEIGHT(field="weight")
    if rule not in RuleKind.values:
        raise CoreError.BAD_CHOICE(field="rule", label=_("计分规则"))
    item = item or SchemeItem(scheme=scheme)
    item.indicator, item.weight, item.rule = indicator, weight, rule
    linear = rule == RuleKind.LINEAR
    item.floor = _bound(floor, field="floor", label=_("底线值")) if linear else None
    item.target = _bound(target, field="target", label=_("目标值")) if linear else None
    item.steps = _steps(steps) if rule == RuleKind.STEPS else []
    services.item_save(actor=actor, item=item)
    _back_to_draft(scheme)
    return item


@transaction.atomic
def scheme_item_delete(*, actor, item: SchemeItem) -> None:
    """Take an item out of a scheme no locked period holds (an open scheme goes back to draft);
    one whose lines a period already computed stays."""
    _require_setup(actor)
    scheme = Scheme.objects.select_for_update().get(pk=item.scheme_id)
    services.scheme_guard(scheme)
    if (
        ScoreLine.objects.filter(item=item).exists()
        or ManualScore.objects.filter(item=item).exists()
    ):
        raise CoreError.LOCKED(message=_("该指标已有得分,不能从方案中删除,可将权重调小。"))
    item.delete()
    _back_to_draft(scheme)


def _back_to_draft(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.OPEN:
        scheme.status = SchemeStatus.DRAFT
        scheme.save(update_fields=["status", "updated_at"])


def scheme_open(*, actor, scheme: Scheme) -> Scheme:
    """Open a scheme: services.scheme_open checks the weights sum to 100 and the rules."""
    _require_setup(actor)
    return services.scheme_open(actor=actor, scheme=scheme)


def period_ranges(year: int, kind: str) -> list[tuple[date, date]]:
    """The periods of a year for a period kind: months, quarters, halves or the whole year."""
    months = SPAN[kind]
    out = []
    for first in range(1, 13, months):
        last = first + months - 1
        out.append((date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])))
    return out


@transaction.atomic
def periods_create(*, actor, scheme: Scheme) -> list[Period]:
    """Cut an open scheme's year into its periods; the ones already there stay as they are."""
    _require_setup(actor)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != SchemeStatus.OPEN:
        raise KpiSetupError.SCHEME_NOT_OPEN()
    have = set(scheme.periods.values_list("start", flat=True))
    new = [
        Period(scheme=scheme, start=start, end=end)
        for start, end in period_ranges(scheme.year, scheme.period_kind)
        if start not in have
    ]
    if not new:
        raise KpiSetupError.PERIODS_DONE(year=scheme.year)
    return Period.objects.bulk_create(new)


# --- manual scores and adjustments -----------------------------------------------------------


def value_range(indicator: Indicator) -> tuple[Decimal, Decimal | None]:
    """The values a manual score may take: the indicator's own range, each end by default 0
    and 100 for points and percentages (else no top)."""
    low = indicator.min_value if indicator.min_value is not None else Decimal(0)
    high = indicator.max_value
    if high is None and indicator.measure in BOUNDED:
        high = Decimal(100)
    return _plain(low), (_plain(high) if high is not None else None)


def _plain(number: Decimal) -> Decimal:
    """60, not 60.0000, in a message or an input's min/max."""
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


def _open_period(period: Period) -> Period:
    period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
    if period.status != PeriodStatus.OPEN:
        raise KpiSetupError.PERIOD_NOT_OPEN()
    return period


def _check_evidence(upload, *, field: str) -> None:
    """The file's type, size and content checked before anything is stored, the refusal on
    its own field."""
    try:
        check_upload(upload, kinds=EVIDENCE_KINDS)
    except DomainError as e:
        e.field = field
        raise


def _assessed_unit(actor, period: Period, unit, *, field: str):
    if (
        unit is None
        or unit.kind != period.scheme.unit_kind
        or unit.dissolved_at is not None
        or not can_assess(actor, unit)
    ):
        raise KpiSetupError.UNIT_OUTSIDE(field=field, unit=getattr(unit, "name", ""))
    return unit


@transaction.atomic
def manual_scores_save(*, actor, period: Period, item: SchemeItem, entries: dict) -> int:
    """A manual indicator's scores for a period: `entries` maps a unit to {"value", "note",
    "evidence"}. A unit left blank is not scored now and a scored one cleared is withdrawn; a
    value out of range, or a new score without evidence (a changed one keeps its file unless a
    new one comes), refuses the whole grid, naming the row. Returns how many rows changed."""
    _require_setup(actor)
    period = _open_period(period)
    if item.scheme_id != period.scheme_id:
        raise CoreError.NOT_FOUND()
    indicator = item.indicator
    if indicator.source != Source.MANUAL:
        raise KpiSetupError.NOT_MANUAL(name=indicator.name)
    low, high = value_range(indicator)
    existing = {
        m.unit_id: m for m in ManualScore.objects.filter(period=period, item=item, unit__in=entries)
    }
    rows, cleared = [], []
    for unit, entry in entries.items():
        raw = entry.get("value")
        if raw is None:
            continue
        if str(raw).strip() == "":
            # A value cleared on the grid withdraws the unit's score; a blank row stays unscored.
            if unit.pk in existing:
                _assessed_unit(actor, period, unit, field=f"value_{unit.pk}")
                cleared.append(existing[unit.pk])
            continue
        _assessed_unit(actor, period, unit, field=f"value_{unit.pk}")
        value = _decimal(raw)
        if value is None:
            raise KpiSetupError.BAD_VALUE(field=f"value_{unit.pk}", unit=unit.name)
        if high is not None and not low <= value <= high:
            raise KpiSetupError.OUT_OF_RANGE(
                field=f"value_{unit.pk}", unit=unit.name, low=low, high=high
            )
        if value < low:
            raise KpiSetupError.NEGATIVE(field=f"value_{unit.pk}", unit=unit.name, low=low)
        score = existing.get(unit.pk) or ManualScore(period=period, item=item, unit=unit)
        upload = entry.get("evidence")
        if not upload and score.evidence_id is None:
            raise KpiSetupError.EVIDENCE_REQUIRED(field=f"evidence_{unit.pk}", unit=unit.name)
        if upload:
            _check_evidence(upload, field=f"evidence_{unit.pk}")
        note = clean_text(
            entry.get("note"),
            field=f"note_{unit.pk}",
            label=_("说明"),
            limit=NOTE_MAX,
            required=False,
        )
        rows.append((score, value, note, upload))
    for score in cleared:
        services.manual_score_delete(actor=actor, score=score)
    for score, value, note, upload in rows:
        score.value, score.note = value, note
        services.manual_score_save(actor=actor, score=score)
        if upload:
            score.evidence = attachment_create(
                actor=actor, upload=upload, owner=score, kinds=EVIDENCE_KINDS
            )
            score.save(update_fields=["evidence", "updated_at"])
    return len(rows) + len(cleared)


@transaction.atomic
def adjustment_create(
    *, actor, period: Period, unit, kind: str, points, reason: str, evidence
) -> Adjustment:
    """加分 or 扣分 (0 < points ≤ 100) or 一票否决 (capping the grade, points optional) for a
    unit of the period, with its reason and an evidence file."""
    _require_setup(actor)
    period = _open_period(period)
    _assessed_unit(actor, period, unit, field="unit")
    if kind not in AdjustmentKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("类型"))
    value = _decimal(points) if points not in (None, "") else Decimal(0)
    if kind == AdjustmentKind.VETO:
        if value is None or not 0 <= value <= 100:
            raise KpiSetupError.VETO_POINTS(field="points")
    elif value is None or not 0 < value <= 100:
        raise KpiSetupError.BAD_POINTS(field="points")
    reason = clean_text(reason, field="reason", label=_("事由"), limit=NOTE_MAX)
    if not evidence:
        raise KpiSetupError.EVIDENCE_REQUIRED(field="evidence", unit=unit.name)
    _check_evidence(evidence, field="evidence")
    adjustment = services.adjustment_save(
        actor=actor,
        adjustment=Adjustment(period=period, unit=unit, kind=kind, points=value, reason=reason),
    )
    adjustment.evidence = attachment_create(
        actor=actor, upload=evidence, owner=adjustment, kinds=EVIDENCE_KINDS
    )
    adjustment.save(update_fields=["evidence", "updated_at"])
    return adjustment


@transaction.atomic
def manual_score_remove(*, actor, score: ManualScore) -> None:
    """Withdraw a manual score of an open period's unit the actor assesses."""
    _require_setup(actor)
    _assessed_unit(actor, _open_period(score.period), score.unit, field="unit")
    services.manual_score_delete(actor=actor, score=score)


@transaction.atomic
def adjustment_remove(*, actor, adjustment: Adjustment) -> None:
    """Withdraw a 加分/扣分/一票否决 of an open period's unit the actor assesses."""
    _require_setup(actor)
    _assessed_unit(actor, _open_period(adjustment.period), adjustment.unit, field="unit")
    services.adjustment_delete(actor=actor, adjustment=adjustment)
