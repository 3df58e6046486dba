"""Scores given by a panel of judges (竞聘 speech and interview, 技能竞赛 practical rounds): the one
rule for when a judge may see the others' scores and how the panel's score is made."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# From five judges the highest and the lowest score are dropped (去掉一个最高分和一个最低分).
TRIM_FROM = 5


def panel_score(scores: Iterable, *, trim_from: int = TRIM_FROM) -> Decimal | None:
    """The panel's score: the mean of the judges' scores, trimmed of the highest and the lowest
    when there are `trim_from` or more, rounded half up to 0.01; None before anyone has scored."""
    values = sorted(Decimal(str(s)) for s in scores)
    if not values:
        return None
    if len(values) >= trim_from:
        values = values[1:-1]
    return (sum(values) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def scores_open(*, scored: int, panel: int) -> bool:
    """A judge scores alone: the others' scores are shown only once every judge has scored."""
    return panel > 0 and scored >= panel
