"""The one percentile every bench reports against its target."""

import statistics


def p95(times: list[float]) -> float:
    """The 95th percentile of `times` (one sample is its own p95)."""
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def page_p95(client, name: str, urls: list[str], runs: int, limit: float) -> float:
    """GET `urls` in turn `runs` times (after one warm-up request), print p50, p95 against
    `limit` ms, the most queries a request made and the statuses; return the p95."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(urls[0])  # warm: templates and the session
    times, status, most = [], set(), 0
    for i in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status.add(client.get(urls[i % len(urls)]).status_code)
            times.append((time.perf_counter() - started) * 1000)
        most = max(most, len(queries))
    verdict = "ok" if p95(times) <= limit else "OVER"
    print(
        f"  {name:24} p50 {statistics.median(times):5.0f} ms  p95 {p95(times):5.0f} ms "
        f"(target ≤ {limit:.0f} ms: {verdict})  queries ≤ {most}  status {sorted(status)}"
    )
    return p95(times)


def as_users(label: str, role: str, units=None) -> list[tuple[str, object]]:
    """Whom a page bench runs as: `dangwei` (the committee, every unit) and, when the database
    has one, the first holder of `role` (on one of `units`), named `label`."""
    from apps.accounts.models import RoleAssignment, User

    holders = RoleAssignment.objects.filter(role=role)
    if units is not None:
        holders = holders.filter(unit_id__in=units)
    holder = holders.select_related("user").first()
    users = [("dangwei", User.objects.get(username="dangwei"))]
    if holder is not None:
        users.append((label, holder.user))
    return users


def client_as(user):
    """A test client signed in as `user`."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client
