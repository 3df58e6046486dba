"""Pearson correlation with a Fisher-z 95% confidence interval (stdlib only)."""

import math
import statistics
from dataclasses import dataclass

MIN_UNITS = 8  # below this a correlation across units says nothing
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Correlation:
    n: int
    r: float | None  # None: too little data (or no variation)
    low: float | None = None
    high: float | None = None


def pearson(xs: list[float], ys: list[float]) -> Correlation:
    n = len(xs)
    if n < MIN_UNITS:
        return Correlation(n, None)
    try:
        r = statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # a constant series has no correlation
        return Correlation(n, None)
    r = max(-1.0, min(1.0, r))
    if abs(r) == 1.0:
        return Correlation(n, r, r, r)
    z, se = math.atanh(r), 1 / math.sqrt(n - 3)
    return Correlation(n, r, math.tanh(z - Z95 * se), math.tanh(z + Z95 * se))
