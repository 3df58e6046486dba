"""The scoring rules: a value to points out of the item's weight (linear between a floor and a
target, a step table, or rank within the peer group), a total to a grade, and the peer group's
ranking with the 优秀 quota."""

from decimal import ROUND_HALF_UP, Decimal

from .choices import Direction, Grade, RuleKind, Vote

POINTS = Decimal("0.01")
# Lower bound of each grade's total; 一票否决 caps the grade at VETO_CAP.
GRADES = ((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.FAIR))
VETO_CAP = Grade.FAIR
ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR]


def _share(item, value: Decimal, peers: list[Decimal]) -> Decimal:
    higher = item.indicator.direction == Direction.HIGHER
    if item.rule == RuleKind.LINEAR:
        floor, target = Decimal(item.floor), Decimal(item.target)
        if (value >= target) if higher else (value <= target):
            return Decimal(1)
        if (value <= floor) if higher else (value >= floor):
            return Decimal(0)
        return (value - floor) / (target - floor)
    if item.rule == RuleKind.STEPS:
        # [[threshold, share %], …]: the best threshold the value reaches gives its share.
        reached = [
            Decimal(str(share))
            for threshold, share in item.steps
            if (value >= Decimal(str(threshold)) if higher else value <= Decimal(str(threshold)))
        ]
        return max(reached, default=Decimal(0)) / 100
    # RANK: the best of the peers gets all, the last none, evenly between; ties share a rank.
    if len(peers) < 2:
        return Decimal(1)
    better = sum(1 for p in peers if (p > value if higher else p < value))
    return Decimal(len(peers) - 1 - better) / (len(peers) - 1)


def points(item, value: Decimal | None, peers: list[Decimal] = ()) -> Decimal:
    """The item's points for a value; a value the platform could not measure (None) scores 0."""
    if value is None:
        return Decimal(0)
    share = _share(item, Decimal(value), [Decimal(p) for p in peers if p is not None])
    return (Decimal(item.weight) * share).quantize(POINTS, rounding=ROUND_HALF_UP)


def grade(total: Decimal, *, veto: bool = False) -> str:
    found = next((g for bound, g in GRADES if total >= bound), Grade.POOR)
    if veto and ORDER.index(found) < ORDER.index(VETO_CAP):
        return VETO_CAP
    return found


def place(
    totals: dict[int, Decimal], vetoed: set[int], *, quota: int | None = None
) -> dict[int, tuple[int, str]]:
    """Each unit's (rank, grade) within its peer group. The rank is the competition rank (equal
    totals share it: 1, 2, 2, 4). 一票否决 caps the grade. With a quota (percent of the units),
    at most floor(quota × units / 100) units are 优秀: the lowest-ranked beyond it drop to 良好,
    and units tied at the limit drop together (a tie is never broken by the order of rows)."""
    ordered = sorted(totals.values(), reverse=True)
    rank = {t: ordered.index(t) + 1 for t in ordered}
    placed = {pk: (rank[t], grade(t, veto=pk in vetoed)) for pk, t in totals.items()}
    if quota is None:
        return placed
    most = len(totals) * quota // 100
    excellent = [totals[pk] for pk, (_r, g) in placed.items() if g == Grade.EXCELLENT]
    for pk, (r, g) in placed.items():
        if g == Grade.EXCELLENT and sum(1 for t in excellent if t >= totals[pk]) > most:
            placed[pk] = (r, Grade.GOOD)
    return placed


# 民主评议: each answer's mark out of 100.
VOTE_MARKS = {Vote.GOOD: 100, Vote.FAIRLY_GOOD: 80, Vote.FAIR: 60, Vote.POOR: 0}


def vote_score(counts: dict[str, int]) -> Decimal | None:
    """The mean mark of the votes; None with no vote."""
    total = sum(counts.values())
    if not total:
        return None
    marks = sum(VOTE_MARKS[choice] * n for choice, n in counts.items())
    return (Decimal(marks) / total).quantize(POINTS, rounding=ROUND_HALF_UP)


def cadre_score(report: Decimal | None, votes: Decimal | None, report_weight: int):
    """述职 and 民主评议 combined by the 述职's weight (percent); None until both are known."""
    if report is None or votes is None:
        return None
    combined = (Decimal(report) * report_weight + votes * (100 - report_weight)) / 100
    return combined.quantize(POINTS, rounding=ROUND_HALF_UP)
