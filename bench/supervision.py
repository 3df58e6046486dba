"""The 督办 pass at scale: run `supervision_pass` twice over every open item of the bench database
(on a copy, since the pass moves items along), time each run, and check the second sends nothing.

    python -m bench.supervision var/bench/bench-large.sqlite3
"""

import sys

from bench.copies import run_on_copy

CHILD = """
import time, django
django.setup()
from django.utils import timezone
from apps.core.models import Notification
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervision_pass
open_items = SupervisedItem.objects.filter(closed_at__isnull=True).count()
before = Notification.objects.count()
now = timezone.now()
for run in (1, 2):
    started = time.monotonic()
    counts = supervision_pass(now=now)
    seconds = time.monotonic() - started
    sent = Notification.objects.count() - before
    before += sent
    print(f"  督办 pass {run}: {seconds:5.1f} s over {open_items:,} open items; "
          f"{counts}; notifications sent {sent:,}")
"""


def main(db: str) -> None:
    run_on_copy(db, "supervision-pass", CHILD)


if __name__ == "__main__":
    main(sys.argv[1])
