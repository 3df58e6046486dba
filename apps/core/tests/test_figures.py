"""The one percentage rule: half up to one decimal place, unknown when nothing to divide by."""

from apps.core.figures import percent


def test_percent_rounds_half_up_and_knows_empty_sets():
    assert percent(0, 0) is None
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(1, 16) == 6.3  # 6.25: half up, where float rounding would give 6.2
    assert percent(3, 3) == 100.0
