"""Who is in the 高技能人才库, asked by the areas that give them priority (竞聘 bonus, 晋升 and
薪酬 lists, the person's page) without importing the talent area: it registers the lookup in its
AppConfig.ready()."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PoolMark:
    level: str  # the entry's level as shown, e.g. "技师"
    source: str  # why the person is in the pool, e.g. "2025年职工职业技能竞赛 电工 二等奖"


Lookup = Callable[..., dict[int, PoolMark]]
_lookup: Lookup | None = None


def register(fn: Lookup) -> None:
    """fn(person_ids: list[int], *, on: date) -> {person_id: PoolMark} for the entries valid on
    that day, in one query."""
    global _lookup
    _lookup = fn


def marks(person_ids: Iterable[int], *, on: date) -> dict[int, PoolMark]:
    """The pool entries of these people valid on `on`; nobody is in the pool while no area has
    registered one."""
    ids = list(person_ids)
    if _lookup is None or not ids:
        return {}
    return _lookup(ids, on=on)
