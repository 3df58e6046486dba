"""Whole-company figures, cold: each figures page and endpoint requested as `dangwei` (the
党群工作部, who sees all 50,000 people) with the cache emptied before every request, so the time
is the full computation over the records, not a cached answer. The locust run measures the same
pages mostly warm (their figures are cached a minute per scope); this is the worst case.

    python -m bench.figures [runs] [username]   (DJANGO_SETTINGS_MODULE, DATABASE_URL as in run.sh)

The username defaults to dangwei; on the group (bench/pg.py) `jituan`, the 集团党委, sees all
200,000 people of the four companies.
"""

import statistics
import sys
import time

import django

PAGES = (
    "/meetings/compliance/",
    "/meetings/figures/",
    "/api/v1/meetings/coverage",
    "/standards/",
    "/api/v1/standards/figures",
    "/appeals/figures/",
    "/api/v1/appeals/figures",
    "/suggestions/figures/",
    "/hazards/figures/",
    "/projects/",
    "/feed/figures/",
    "/learning/summary/",
)


def main(runs: int, username: str = "dangwei") -> None:
    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from apps.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    print(
        f"bench: whole-company figures as {username}, cold (cache emptied before each of "
        f"{runs} requests)"
    )
    for url in PAGES:
        times, status = [], set()
        for _ in range(runs):
            cache.clear()
            started = time.perf_counter()
            status.add(client.get(url).status_code)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"  {url:32} median {statistics.median(times):6.0f} ms   max {max(times):6.0f} ms"
            f"   status {sorted(status)}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, *sys.argv[2:3])
