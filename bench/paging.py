"""Deep pages of the API lists (issue 16 §5): the first page, a page at an offset near the end
of the table, and the same depth by `cursor`, as the company-wide 党群工作部, p50 / p95 and the
most queries a request made. The target: a deep page costs what the first page costs (here:
its p95 within 1.5× the first page's, or under 150 ms). Read-only.

    python -m bench.paging [requests]      # DATABASE_URL names the bench database
"""

import statistics
import sys
import time

from bench.timing import p95

LIMIT = 150
LISTS = ["/api/v1/appeals", "/api/v1/hazards/items", "/api/v1/orgs/people"]


def main(runs: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="dangwei"))
    print(f"bench: deep pages of the API lists ({connection.vendor})")
    verdict = True
    for url in LISTS:
        count = client.get(url, {"limit": 1}).json()["count"]
        deep = max(count - 50, 0)
        cursor = client.get(url, {"limit": 25, "offset": deep - 25}).json()["next_cursor"]
        cases = {
            "first page": {"limit": 25},
            f"offset {deep:,}": {"limit": 25, "offset": deep},
            "same depth by cursor": {"limit": 25, "cursor": cursor},
        }
        first = None
        for label, params in cases.items():
            client.get(url, params)  # warm
            times, most = [], 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as q:
                    started = time.perf_counter()
                    status = client.get(url, params).status_code
                    times.append((time.perf_counter() - started) * 1000)
                most = max(most, len(q))
            first = first or p95(times)
            ok = status == 200 and (p95(times) <= 1.5 * first or p95(times) <= LIMIT)
            verdict &= ok
            print(
                f"  {url:<24} {label:<22} p50 {statistics.median(times):6.1f} ms"
                f"  p95 {p95(times):6.1f} ms  queries ≤ {most}  ({count:,} rows)"
                f"  {'ok' if ok else 'OVER'}"
            )
    print("  verdict:", "ok" if verdict else "OVER")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
