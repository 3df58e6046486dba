"""Standard items the platform judges from its own records (减负: no self-report of known facts).

An area registers a judge in its AppConfig.ready():

    from apps.standards import judges
    judges.register("meetings.required_held", _("三会一课按规定频次召开"), required_meetings_held)

A judge answers for many branches in a few queries:

    def required_meetings_held(*, branches: list[OrgUnit], start: date, end: date)
            -> dict[int, judges.Verdict]   # keyed by branch id

A checklist item names its judge by code; the branch review fills that item from the verdict
(full points when passed), and the branch page shows the note and links to the records behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    passed: bool
    note: str = ""  # what was found, in words ("缺 3 月支委会")
    url: str = ""  # the records behind the verdict


@dataclass(frozen=True)
class Judge:
    code: str
    label: str
    fn: Callable[..., dict[int, Verdict]]


_judges: dict[str, Judge] = {}


def register(code: str, label, fn: Callable[..., dict[int, Verdict]]) -> None:
    _judges[code] = Judge(code, label, fn)


def get(code: str) -> Judge | None:
    return _judges.get(code)


def choices() -> list[tuple[str, str]]:
    return [(j.code, j.label) for j in _judges.values()]


def is_auto(code: str) -> bool:
    """An item is judged by the platform only when its judge is registered; else it is manual."""
    return bool(code) and code in _judges
