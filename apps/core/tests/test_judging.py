from decimal import Decimal

from apps.core.judging import panel_score, scores_open


def test_four_judges_are_averaged_untrimmed():
    assert panel_score([80, 90, 70, 100]) == Decimal("85.00")


def test_five_judges_drop_the_highest_and_the_lowest():
    assert panel_score([60, 80, 85, 90, 100]) == Decimal("85.00")


def test_the_mean_is_rounded_half_up_to_the_cent():
    assert panel_score(["80.5", 90, "90.01"]) == Decimal("86.84")


def test_no_score_yet_is_unknown_not_zero():
    assert panel_score([]) is None


def test_scores_open_only_when_the_whole_panel_has_scored():
    assert not scores_open(scored=4, panel=5)
    assert scores_open(scored=5, panel=5)
    assert not scores_open(scored=0, panel=0)
