"""Demo activity: each area registers how it fills a year of records into the demo company.

`seed_demo` builds the org forest and people, then runs every registered seeder with the same
random source, so the whole demo is deterministic from one seed. An area registers in its
AppConfig.ready():

    from apps.core import demo
    demo.register("appeals", seed, per_1000_people=2000)

`per_1000_people` sizes the year: the large company (50,000 people) at 2,000 per thousand gets
100,000 appeals, the small one (500 people) 1,000.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Seeder:
    name: str
    fn: Callable[..., dict]
    per_1000_people: int


_seeders: dict[str, Seeder] = {}


def register(name: str, fn: Callable[..., dict], *, per_1000_people: int) -> None:
    _seeders[name] = Seeder(name, fn, per_1000_people)


def seeders() -> list[Seeder]:
    return list(_seeders.values())


# Seeders whose records span the whole forest (量化考核's schemes score every unit of a kind;
# 苗头预警's weekly pass reads every area): in a group of companies (seed_demo --size group) they
# run once, over the group, after the companies' own seeders.
WHOLE_FOREST = frozenset({"kpi", "alerts"})


def seed_activity(
    *, seed: int, company_root, people: list, units: list, now, log=None, names=None
) -> dict:
    """Run every registered seeder (or those in `names`); returns what each made and how long
    it took."""
    results = {}
    for s in seeders():
        if names is not None and s.name not in names:
            continue
        count = max(1, len(people) * s.per_1000_people // 1000)
        started = time.monotonic()
        made = s.fn(
            rng=random.Random(f"{seed}:{s.name}"),
            company_root=company_root,
            people=people,
            units=units,
            now=now,
            count=count,
        )
        results[s.name] = {**made, "seconds": round(time.monotonic() - started, 1)}
        if log:
            log(s.name, results[s.name])
    return results
