"""Small checks every learning service shares."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.orgs.choices import UnitKind

from ..choices import Audience


def decimal(value, *, field: str, label, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise DomainError(
            "bad_number", _("%(label)s须是数字。") % {"label": label}, field=field
        ) from None
    if not low <= number <= high:
        raise DomainError(
            "out_of_range",
            _("%(label)s须在 %(low)s 到 %(high)s 之间。")
            % {"label": label, "low": low, "high": high},
            field=field,
        )
    return number


def audience(value: str, unit) -> str:
    """ "All employees" is a company's call: its unit must be a company."""
    if value not in Audience.values:
        raise DomainError("bad_audience", _("请选择参加范围。"), field="audience")
    if value == Audience.ALL and unit.kind != UnitKind.COMPANY:
        raise DomainError(
            "bad_audience", _("“全体职工”须由公司发布,请选择公司作为所属单位。"), field="unit"
        )
    if unit.dissolved_at is not None:
        raise DomainError("bad_unit", _("该单位已撤销。"), field="unit")
    return value


def window(opens_at, closes_at) -> None:
    if closes_at <= opens_at:
        raise DomainError("bad_window", _("截止时间须晚于开始时间。"), field="closes_at")
