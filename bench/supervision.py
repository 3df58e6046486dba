"""The 督办 pass at scale: run `supervision_pass` twice over every open item of the bench database
(on a copy, since the pass moves items along), time each run, and check the second sends nothing.

    python -m bench.supervision var/bench/bench-large.sqlite3
"""

import os
import shutil
import subprocess
import sys

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
    copy = os.path.join(os.path.dirname(db), "supervision-pass.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, copy + suffix)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{os.path.abspath(copy)}"}
    try:
        subprocess.run([sys.executable, "-c", CHILD], env=env, check=True)
    finally:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)


if __name__ == "__main__":
    main(sys.argv[1])
