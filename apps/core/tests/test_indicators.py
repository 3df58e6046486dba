"""The calculator registry: areas register, kpi reads by code."""

from datetime import date

import pytest

from apps.core import indicators


def test_registered_areas_answer_by_code():
    codes = dict(indicators.choices())
    for code in (
        "suggestions.adoption_rate",
        "suggestions.verified_benefit",
        "appeals.on_time_rate",
        "appeals.satisfaction",
        "hazards.on_time_rate",
    ):
        assert code in codes
    calc = indicators.get("hazards.on_time_rate")
    assert (calc.measure, calc.direction) == ("%", indicators.HIGHER)
    assert indicators.get("nope") is None


def test_direction_is_checked():
    with pytest.raises(ValueError):
        indicators.register("x.y", "x", measure="%", direction="up", fn=lambda **kw: {})
    assert indicators.get("x.y") is None


def test_rate_of_nothing_is_unknown():
    assert indicators.rate(0, 0).value is None
    assert str(indicators.rate(1, 3).value) == "33.3"


def test_bounds_end_is_inclusive():
    lo, hi = indicators.bounds(date(2026, 1, 1), date(2026, 1, 31))
    assert (hi - lo).days == 31
