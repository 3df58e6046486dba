"""The 党务 reminder passes at scale: the late-receipt pass of 组织关系转接 and the term pass of
换届, each run twice over the bench database (on a copy, since the passes write), timed; the
second run must send nothing (each reminder is sent once, each late record joins 督办 once).

    python -m bench.transfers var/bench/bench-large.sqlite3
"""

import sys

from bench.copies import run_on_copy

CHILD = """
import time, django
django.setup()
from django.utils import timezone
from apps.appraisals.services import terms_remind
from apps.core.models import Notification
from apps.transfers.services import receipts_remind
now = timezone.now()
for name, fn in (("介绍信回执", receipts_remind), ("换届提醒", terms_remind)):
    for run in (1, 2):
        before = Notification.objects.count()
        started = time.monotonic()
        result = fn(now=now)
        seconds = time.monotonic() - started
        sent = Notification.objects.count() - before
        print(f"  {name} pass {run}: {seconds:5.2f} s; {result}; notifications sent {sent:,}")
        assert run == 1 or sent == 0, "the second pass sent reminders again"
"""


def main(db: str) -> None:
    run_on_copy(db, "transfers-pass", CHILD)


if __name__ == "__main__":
    main(sys.argv[1])
