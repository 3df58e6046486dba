"""The one percentage rule every figure uses."""

from decimal import ROUND_HALF_UP, Decimal


def percent(part, whole) -> float | None:
    """part ÷ whole as a percentage, rounded half up to one decimal place; None when there is
    nothing to divide by (a rate of an empty set is unknown, not zero)."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)
