"""Ranking within the peer group and the 优秀 quota: ties share a rank, a tie at the quota's
limit drops together, the veto caps the grade and takes no 优秀 place."""

from decimal import Decimal as D

from apps.kpi.rules import place


def test_ties_share_the_competition_rank():
    placed = place({1: D(95), 2: D(91), 3: D(91), 4: D(70)}, set())
    assert [placed[k][0] for k in (1, 2, 3, 4)] == [1, 2, 2, 4]


def test_the_quota_drops_the_lowest_ranked_excellent_to_good():
    totals = {k: D(99 - k) for k in range(10)}  # ten units, all ≥ 90: 优秀 without a quota
    placed = place(totals, set(), quota=20)
    assert [placed[k][1] for k in range(10)] == ["excellent"] * 2 + ["good"] * 8


def test_a_tie_at_the_limit_drops_together():
    """Ten units, 20 %: two places; the 2nd and 3rd tie, so neither takes the 2nd place."""
    totals = {1: D(98), 2: D(95), 3: D(95)} | {k: D(50) for k in range(4, 11)}
    placed = place(totals, set(), quota=20)
    assert placed[1] == (1, "excellent")
    assert placed[2] == (2, "good") and placed[3] == (2, "good")


def test_the_veto_caps_and_takes_no_place():
    totals = {1: D(99), 2: D(95)} | {k: D(50) for k in range(3, 11)}
    placed = place(totals, {1}, quota=10)
    assert placed[1] == (1, "fair")
    assert placed[2] == (2, "excellent")  # the one 优秀 place is not used by the vetoed unit


def test_a_quota_smaller_than_one_unit_leaves_no_excellent():
    placed = place({1: D(99), 2: D(60)}, set(), quota=20)
    assert placed[1] == (1, "good")
