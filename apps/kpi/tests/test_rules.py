"""The scoring rules at their edges."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from apps.kpi import rules
from apps.kpi.choices import Direction, Grade, RuleKind


def item(rule=RuleKind.LINEAR, direction=Direction.HIGHER, **kw):
    return SimpleNamespace(
        rule=rule,
        weight=D(20),
        floor=kw.get("floor"),
        target=kw.get("target"),
        steps=kw.get("steps", []),
        indicator=SimpleNamespace(direction=direction),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D(40), D("0.00")), (D(60), D("0.00")), (D(80), D("10.00")), (D(100), D(20)), (D(120), D(20))],
)
def test_linear_higher(value, expected):
    assert rules.points(item(floor=60, target=100), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(D(10), D(0)), (D(5), D("10.00")), (D(0), D(20)), (D(-1), D(20))]
)
def test_linear_lower(value, expected):
    i = item(direction=Direction.LOWER, floor=10, target=0)
    assert rules.points(i, value) == expected


def test_unknown_value_scores_nothing():
    assert rules.points(item(floor=60, target=100), None) == 0


def test_steps_take_the_best_threshold_reached():
    i = item(RuleKind.STEPS, steps=[[60, 50], [80, 80], [95, 100]])
    assert rules.points(i, D("59.9")) == 0
    assert rules.points(i, D(60)) == D("10.00")
    assert rules.points(i, D("94.9")) == D("16.00")
    assert rules.points(i, D(95)) == D(20)
    lower = item(RuleKind.STEPS, Direction.LOWER, steps=[[3, 50], [0, 100]])
    assert (rules.points(lower, D(4)), rules.points(lower, D(3)), rules.points(lower, D(0))) == (
        0,
        D(10),
        D(20),
    )


def test_rank_within_peers():
    i = item(RuleKind.RANK)
    peers = [D(90), D(80), D(80), D(70), None]
    assert rules.points(i, D(90), peers) == D(20)
    assert rules.points(i, D(80), peers) == D("13.33")  # tied second of four
    assert rules.points(i, D(70), peers) == 0
    assert rules.points(i, D(50), [D(50)]) == D(20)  # alone in its group
    low = item(RuleKind.RANK, Direction.LOWER)
    assert rules.points(low, D(70), peers) == D(20)


def test_grades_and_the_veto():
    assert rules.grade(D(90)) == Grade.EXCELLENT
    assert rules.grade(D("89.99")) == Grade.GOOD
    assert rules.grade(D(60)) == Grade.FAIR
    assert rules.grade(D("59.99")) == Grade.POOR
    assert rules.grade(D(99), veto=True) == rules.VETO_CAP
    assert rules.grade(D(10), veto=True) == Grade.POOR
