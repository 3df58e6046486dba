"""The early-warning pass at scale (issue 15: "the early-warning pass over a year of text for
every unit ≤ 60 s"): the weekly pass — text keywords of every source and the numeric signals
(overdue items, satisfaction, 三会一课) — for the last complete week, run twice on a copy of
the bench database (the pass writes); the second run must store nothing new, and the numeric
signals must each take a constant number of queries, whatever the number of units.

    python -m bench.alerts var/bench/bench-large.sqlite3
"""

import sys

from bench.copies import run_on_copy

CHILD = """
import time, django
django.setup()
from datetime import timedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from apps.alerts import detect, services
from apps.alerts.models import Warning
from apps.orgs.models import OrgUnit

LIMIT = 60.0
from django.urls import reverse
reverse("alerts:list")  # load the URL conf first: the signals' links would time it otherwise
week = detect.monday(timezone.localdate()) - timedelta(weeks=1)
units = OrgUnit.objects.count()
print(f"  {units:,} units; week of {week}")
for name, fn in (
    ("逾期事项", services._overdue_warnings),
    ("满意度", services._satisfaction_warnings),
    ("三会一课", services._meeting_warnings),
):
    started = time.monotonic()
    with CaptureQueriesContext(connection) as ctx:
        found = fn(week)
    seconds = time.monotonic() - started
    print(f"  {name}: {seconds:5.2f} s, {len(ctx.captured_queries)} queries, {len(found)} warnings")
for run in (1, 2):
    before = Warning.objects.count()
    started = time.monotonic()
    services.weekly_pass(week=week)
    seconds = time.monotonic() - started
    added = Warning.objects.count() - before
    verdict = "ok" if seconds <= LIMIT else f"SLOW (target {LIMIT:.0f} s)"
    print(f"  pass {run} (text + numeric): {seconds:6.2f} s; warnings added {added:,}; {verdict}")
    assert run == 1 or added == 0, "the second pass added warnings again"
"""


def main(db: str) -> None:
    run_on_copy(db, "alerts-pass", CHILD)


if __name__ == "__main__":
    main(sys.argv[1])
