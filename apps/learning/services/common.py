"""Small checks every learning service shares."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from apps.core.errors import CoreError
from apps.orgs.choices import UnitKind

from ..choices import Audience
from ..errors import LearningError


def decimal(value, *, field: str, label, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise LearningError.BAD_NUMBER(field=field, label=label) from None
    if not low <= number <= high:
        raise LearningError.OUT_OF_RANGE(field=field, label=label, low=low, high=high)
    return number


def required_unit(unit, label):
    if unit is None:
        raise CoreError.REQUIRED(field="unit", message=_("请选择%(label)s。") % {"label": label})
    return unit


def person_of(actor):
    """The learner's own employee record: study, answers and entries are a person's."""
    person = getattr(actor, "person", None)
    if person is None:
        raise LearningError.NO_PERSON()
    return person


def audience(value: str, unit) -> str:
    """ "All employees" is a company's call: its unit must be a company."""
    if value not in Audience.values:
        raise LearningError.BAD_AUDIENCE(field="audience")
    if value == Audience.ALL and unit.kind != UnitKind.COMPANY:
        raise LearningError.BAD_AUDIENCE(
            field="unit", message=_("“全体职工”须由公司发布,请选择公司作为所属单位。")
        )
    if unit.dissolved_at is not None:
        raise CoreError.UNIT_UNKNOWN(field="unit", message=_("该单位已撤销。"))
    return value


def window(opens_at, closes_at) -> None:
    if closes_at <= opens_at:
        raise LearningError.BAD_WINDOW(field="closes_at")
