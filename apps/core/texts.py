"""Free text the platform hears (苗头性问题): areas register sources, alerts imports no area.

An area registers a source in its AppConfig.ready() (through its texts.py):

    from apps.core import texts
    texts.register("appeals", _("诉求"), fn=appeal_texts, link=appeal_link)

A source answers for a period in one query and never says who wrote a text:

    def appeal_texts(*, start: date, end: date) -> Iterable[texts.Row]

`link(unit_id, start, end, term)` is the area's own list filtered to that unit, those dates and
the term: a warning links there instead of listing the texts, so an anonymous writer stays hidden
behind the area's own rules.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode


@dataclass(frozen=True)
class Row:
    unit_id: int
    day: date
    text: str


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    fn: Callable[..., Iterable[Row]]
    link: Callable[..., str]


_sources: dict[str, Source] = {}


def register(code: str, label, *, fn, link) -> None:
    _sources[code] = Source(code, label, fn, link)


def sources() -> list[Source]:
    return list(_sources.values())


def list_url(url_name: str, **params) -> str:
    """An area's list page with the given filters (empty ones left out)."""
    return f"{reverse(url_name)}?{urlencode({k: v for k, v in params.items() if v})}"


def get(code: str) -> Source | None:
    return _sources.get(code)
