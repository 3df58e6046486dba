"""Full-text search at scale (decision 0011): `?q=食堂` on the appeals ledger page and its API,
and the other searchable lists, as the company-wide 党群工作部 (the widest scope), p50 / p95
against 150 ms, the most queries a request made and how many rows matched. Read-only; if the
database was seeded before the index existed, the index is built first (timed).

    python -m bench.search [requests] [username]   # DATABASE_URL names the bench database

The username defaults to dangwei; bench/pg.py passes `jituan` (the whole group). A 工号 prefix
(people) and a ledger-number prefix (appeals) are measured too.
"""

import statistics
import sys
import time

from bench.timing import p95

LIMIT = 150
URLS = [
    "/appeals/?q=食堂",
    "/api/v1/appeals?q=食堂&limit=20",
    "/appeals/?q=食堂 饭菜",
    "/api/v1/hazards/items?q=配电室&limit=20",
    "/suggestions/?q=节能",
    "/api/v1/orgs/people?q=张&limit=20",
]


def main(runs: int, username: str = "dangwei") -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User
    from apps.appeals.models import Appeal
    from apps.core import search
    from apps.orgs.models import Person

    print(f"bench: search ({Appeal.objects.count():,} appeals, {connection.vendor})")
    if not search.indexed(Appeal):
        started = time.perf_counter()
        counts = search.reindex()
        seconds = time.perf_counter() - started
        print(f"  index built: {sum(counts.values()):,} rows in {seconds:.1f} s")
    user = User.objects.get(username=username)
    person = Person.objects.order_by("-pk").only("employee_no").first()
    number = Appeal.objects.order_by("-pk").first()
    urls = [*URLS, f"/api/v1/orgs/people?q={person.employee_no[:-2]}&limit=20"]
    if number is not None:
        urls.append(f"/appeals/?q={number.number[:-2]}")
    matched = search.apply(Appeal.objects.visible_to(user), "食堂").count()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for url in urls:  # warm: templates, the jieba dictionary
        client.get(url)
    verdict_all = True
    for url in urls:
        times, status, most = [], set(), 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as q:
                started = time.perf_counter()
                status.add(client.get(url).status_code)
                times.append((time.perf_counter() - started) * 1000)
            most = max(most, len(q))
        ok = p95(times) <= LIMIT
        verdict_all &= ok
        print(
            f"  {url:42} p50 {statistics.median(times):5.0f} ms  p95 {p95(times):5.0f} ms "
            f"(target ≤ {LIMIT} ms: {'ok' if ok else 'OVER'})  queries ≤ {most}  "
            f"status {sorted(status)}"
        )
    verdict = "ok" if verdict_all else "OVER"
    print(f"  食堂 matches {matched:,} appeals in the widest scope; {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50, *sys.argv[2:3])
