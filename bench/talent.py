"""人才队伍 at scale, on the bench database: the lists (人才库, 师带徒, 技能竞赛, 岗区队和品牌,
荣誉, the 优先考虑名单), a contest's page and the list endpoints, as the 党群工作部 (`dangwei`,
the whole company) and as a department head: p50 / p95 of N requests each against 150 ms, with
the most queries a request made.

    python -m bench.talent [requests]     (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)
"""

import statistics
import sys
import time

import django

from bench.timing import p95

PAGE_LIMIT = 150  # ms, p95


def main(runs: int) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import RoleAssignment, User
    from apps.talent.models import Contest, TalentEntry

    print(f"bench: 人才队伍 — the lists ({TalentEntry.objects.count():,} pool entries)")
    contests = list(Contest.objects.values_list("pk", flat=True)[:2])
    units = list(TalentEntry.objects.values_list("unit_id", flat=True).distinct()[:5])
    head = (
        RoleAssignment.objects.filter(role="department_head", unit_id__in=units)
        .select_related("user")
        .first()
    )
    runs_for = [("dangwei", User.objects.get(username="dangwei"))]
    if head is not None:
        runs_for.append(("部门负责人", head.user))
    urls = [
        "/talent/",
        "/talent/?page=3",
        "/talent/?valid=true",
        "/talent/mentorships/",
        "/talent/contests/",
        "/talent/brands/",
        "/talent/honours/",
        "/talent/priority/",
        "/api/v1/talent/entries?limit=50",
        "/api/v1/talent/contests",
        "/api/v1/talent/honours?limit=50",
    ]
    urls += [f"/talent/contests/{pk}/" for pk in contests]
    urls += [f"/talent/?unit={pk}" for pk in units]
    for who, user in runs_for:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get(urls[0])  # warm: templates and the session
        times, status, most = [], set(), 0
        slowest = (0.0, "")
        for i in range(runs):
            url = urls[i % len(urls)]
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status.add(client.get(url).status_code)
                ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            slowest = max(slowest, (ms, url))
            most = max(most, len(queries))
        verdict = "ok" if p95(times) <= PAGE_LIMIT else "OVER"
        print(
            f"  lists as {who:8} p50 {statistics.median(times):5.0f} ms  p95 {p95(times):5.0f} ms "
            f"(target ≤ {PAGE_LIMIT} ms: {verdict})  queries ≤ {most}  status {sorted(status)}  "
            f"slowest {slowest[1]} {slowest[0]:.0f} ms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
