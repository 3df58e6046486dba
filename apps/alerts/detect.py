"""Keywords and the spike test of the weekly pass (pure: no database), see decision 0010.

A term counts once per text (how many texts raise it, not how often one text repeats it).
A spike: this week's count is improbable under a Poisson law whose rate is the unit's own mean
over its baseline weeks (the one-sided upper tail P(X ≥ observed)). A new term: absent from
every baseline week, raised in at least `min_count` texts over the recent weeks."""

import math
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import jieba

DATA = Path(__file__).parent / "data"
# A rate of zero would make any count infinitely surprising: a term never seen before is a
# new term, judged on its own rule, and a baseline is never taken below this.
MIN_RATE = 0.5


def _tokenizer() -> jieba.Tokenizer:
    """The shared tokenizer of apps.core.search, which holds this app's dictionary (ready())."""
    from apps.core import search  # the module holds models: imported once apps are ready

    return search.tokenizer()


@cache
def _stopwords() -> frozenset[str]:
    return frozenset((DATA / "stopwords.txt").read_text(encoding="utf-8").split())


def terms(text: str) -> set[str]:
    """The distinct keywords of a text: words of two characters or more, no stop words,
    no numbers."""
    stop = _stopwords()
    return {
        w
        for w in _tokenizer().lcut(text)
        if len(w) >= 2 and w not in stop and not w.isdigit() and not w.isascii()
    }


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def poisson_upper(observed: int, rate: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(rate)."""
    if observed <= 0:
        return 1.0
    term = math.exp(-rate)
    below = term
    for k in range(1, observed):
        term *= rate / k
        below += term
    return max(0.0, 1.0 - below)


def spikes(series: list[int], *, p_value: float, min_count: int):
    """`series` is the weekly count of one term, oldest first, this week last. Returns
    (observed, baseline mean, p) when this week is a spike, else None."""
    *past, observed = series
    if observed < min_count or not past or not any(past):
        return None
    mean = sum(past) / len(past)
    p = poisson_upper(observed, max(mean, MIN_RATE))
    return (observed, mean, p) if p < p_value else None


def is_new(series: list[int], *, recent: int, min_count: int) -> bool:
    past, last = series[:-recent], series[-recent:]
    return bool(past) and not any(past) and sum(last) >= min_count and last[-1] > 0
