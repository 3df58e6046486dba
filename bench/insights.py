"""驾驶舱 at scale, on the bench database, as `dangwei` (the 党群工作部, who sees every unit),
after `manage.py cockpit_refresh` stored the indicators (run.sh does it first; decision 0020):

1. the whole-company cockpit cold (cache emptied before each request): p95 against 500 ms;
2. the same page warm (cached a minute per scope, unit and period): p95 against 150 ms;
3. the league table of every unit under the company (`depth=all`), cold: p95 against 300 ms;
with the most queries a request made.

    python -m bench.insights [requests]     (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)
"""

import statistics
import sys
import time

import django

from bench.timing import p95

LIMITS = {"cockpit cold": 500, "cockpit warm": 150, "league all units": 300}  # ms, p95


def measure(client, url: str, runs: int, *, cold: bool) -> tuple[list[float], int, set]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, most, status = [], 0, set()
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status.add(client.get(url).status_code)
            times.append((time.perf_counter() - started) * 1000)
        most = max(most, len(queries))
    return times, most, status


def main(runs: int) -> None:
    django.setup()
    from django.test import Client

    from apps.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="dangwei"))
    print(f"bench: 驾驶舱, {runs} requests each")
    client.get("/insights/")  # fill the warm cache once
    for name, url, cold in (
        ("cockpit cold", "/insights/", True),
        ("cockpit warm", "/insights/", False),
        ("league all units", "/insights/league/?depth=all", True),
    ):
        times, most, status = measure(client, url, runs, cold=cold)
        took = p95(times)
        verdict = "ok" if took <= LIMITS[name] else f"OVER {LIMITS[name]} ms"
        print(
            f"  {name:18} p95 {took:6.0f} ms  median {statistics.median(times):6.0f} ms"
            f"  queries ≤ {most}  status {sorted(status)}  {verdict}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
