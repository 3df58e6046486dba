"""Where a page's time goes, in figures that do not depend on the machine's load: Python
function calls, SQL queries and bytes per request, for the bare view and the list pages, as the
党委 (issue 16 §5, docs/bench.md "Profile of the pages"). With `--top N` it adds each page's N
heaviest packages by own time (that share does depend on the machine, the call counts do not).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=sqlite:///var/bench/bench-large.sqlite3 \
        python -m bench.profile [--top N] [path ...]
"""

import collections
import cProfile
import io
import pstats
import sys

import django

from bench.throughput import BARE, PAGES

RUNS = 5


def _package(filename: str) -> str:
    tail = filename.split("site-packages/")[-1].split("/work/main/")[-1]
    parts = tail.split("/")
    return "/".join(parts[:3] if tail.startswith("django/") else parts[:2])


def main(paths: list[str], top: int) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="dangwei"))
    print(f"  {'page':30s} {'status':>6s} {'calls':>9s} {'queries':>7s} {'bytes':>8s}")
    for path in paths:
        client.get(path)  # warm: templates, caches of the process
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(RUNS):
            client.get(path)
        profile.disable()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        stats = pstats.Stats(profile, stream=io.StringIO())
        print(
            f"  {path:30s} {response.status_code:6d} {stats.total_calls // RUNS:9,d} "
            f"{len(queries):7d} {len(response.content):8,d}"
        )
        if top:
            own = collections.Counter()
            for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
                own[_package(filename)] += tottime
            total = sum(own.values())
            for package, seconds in own.most_common(top):
                print(f"      {seconds / total:6.1%}  {package}")


if __name__ == "__main__":
    args = sys.argv[1:]
    top = 0
    if args[:1] == ["--top"]:
        top, args = int(args[1]), args[2:]
    main(args or [BARE, *PAGES], top)
