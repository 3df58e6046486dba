"""The one percentile every bench reports against its target."""

import statistics


def p95(times: list[float]) -> float:
    """The 95th percentile of `times` (one sample is its own p95)."""
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
