"""The 党费 standard: how much a member pays a month, and the one rounding rule for money.

The default is the 2008 《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号):
- 第二条: 在职党员以每月工资收入(税后)为计算基数: 3000 元以下(含 3000 元) 0.5%;
  3000 元以上至 5000 元(含 5000 元) 1%; 5000 元以上至 10000 元(含 10000 元) 1.5%;
  10000 元以上 2%.
- 第四条: 离退休党员以实际领取的离退休费为基数: 5000 元以下(含 5000 元) 0.5%; 5000 元以上 1%.
- 第五条: 学生党员、下岗失业党员、依靠抚恤或救济生活的党员等每月交纳 0.2 元.
An admin edits the table (`DuesRate`, each row with the day it starts); a kind without rows in
force falls back to these defaults, so a half-edited table never leaves a member without a rate.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .choices import IncomeKind

FEN = Decimal("0.01")


def to_fen(amount) -> Decimal:
    """Money in yuan rounded to the fen, half up: the one rounding rule of 党费 (a base of
    3,001 yuan at 1% is 30.01; 1,001 at 0.5% is 5.005 → 5.01)."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def parse_yuan(value) -> Decimal | None:
    """A typed or imported amount as Decimal yuan, or None when it is not a number ≥ 0 with at
    most two decimal places (negative, text, NaN, too large all alike)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace(",", "").replace(",", "")
    if text.endswith("元"):
        text = text[:-1].strip()
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0 or number >= Decimal("10000000"):
        return None
    if isinstance(value, float):  # an Excel cell: 5000.0 or 4321.5 → its shortest text
        number = to_fen(number)
    if number != number.quantize(FEN, rounding=ROUND_HALF_UP):
        return None
    return number.quantize(FEN)


@dataclass(frozen=True)
class Bracket:
    """One row of the standard: bases up to `upper` (inclusive; None: no limit) pay `percent`
    of the base, or the fixed `amount` a month."""

    kind: str
    upper: Decimal | None
    percent: Decimal | None = None
    amount: Decimal | None = None


# 中组发〔2008〕3号 第二、四、五条 (see the module's docstring).
DEFAULT_START = date(2008, 4, 1)
DEFAULT = (
    Bracket(IncomeKind.SALARY, Decimal("3000"), Decimal("0.5")),
    Bracket(IncomeKind.SALARY, Decimal("5000"), Decimal("1")),
    Bracket(IncomeKind.SALARY, Decimal("10000"), Decimal("1.5")),
    Bracket(IncomeKind.SALARY, None, Decimal("2")),
    Bracket(IncomeKind.RETIRED, Decimal("5000"), Decimal("0.5")),
    Bracket(IncomeKind.RETIRED, None, Decimal("1")),
    Bracket(IncomeKind.NO_INCOME, None, amount=Decimal("0.20")),
)


def standard_on(day: date) -> tuple[Bracket, ...]:
    """The standard in force on `day`: per kind, the admin's rows with the latest start not
    after `day`; a kind with none takes the 2008 defaults. Two queries at most."""
    from .models import DuesRate

    rows = DuesRate.objects.filter(start_on__lte=day)
    latest = {
        r["kind"]: r["start_on"]
        for r in rows.order_by("kind", "start_on").values("kind", "start_on")
    }
    brackets: list[Bracket] = []
    if latest:
        for r in rows.filter(kind__in=latest).values(
            "kind", "start_on", "upper", "percent", "amount"
        ):
            if r["start_on"] == latest[r["kind"]]:
                brackets.append(Bracket(r["kind"], r["upper"], r["percent"], r["amount"]))
    brackets += [b for b in DEFAULT if b.kind not in latest]
    return tuple(brackets)


def bracket_for(base: Decimal, kind: str, standard: tuple[Bracket, ...]) -> Bracket:
    """The row a base falls in: the lowest `upper` the base does not exceed (3000 exactly is
    still the first bracket: 含 3000 元)."""
    rows = sorted(
        (b for b in standard if b.kind == kind),
        key=lambda b: (b.upper is None, b.upper or Decimal(0)),
    )
    if not rows:
        rows = [b for b in DEFAULT if b.kind == kind]
    for b in rows:
        if b.upper is None or base <= b.upper:
            return b
    return rows[-1]  # an edited table without an open top row: the highest bracket


def monthly_due(base: Decimal, kind: str, standard: tuple[Bracket, ...]) -> Decimal:
    """A month's dues for a monthly income base, by the standard (rounded by `to_fen`)."""
    b = bracket_for(base, kind, standard)
    if b.amount is not None:
        return to_fen(b.amount)
    return to_fen(base * (b.percent or 0) / 100)
