"""Throughput of the list pages against the bare view, in the same run (issue 16 §5).

Each page is driven at saturation — `concurrency` clients in a closed loop, no think time — for
`seconds`, and so is `/healthz` (the bare view: the same middleware, session and user, no work of
its own) right before it, so a page and its reference share the machine's state. The ratio is the
page's requests per second over the bare view's; the target is ≥ 40 %. The 党委 login is used:
the whole company, the largest lists.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.throughput HOST PLAN [seconds]
"""

import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

PAGES = (
    "/appeals/",
    "/appeals/figures/",
    "/orgs/people/",
    "/hazards/",
    "/suggestions/",
    "/supervision/",
    "/meetings/",
    "/api/v1/appeals",
    "/api/v1/orgs/people?limit=50",
)
BARE = "/healthz"
TARGET = 0.40


def drive(host: str, cookie: str, path: str, seconds: float, concurrency: int) -> dict:
    """`concurrency` clients request `path` back to back for `seconds`."""
    where = urlsplit(host)
    stop = time.monotonic() + seconds
    times: list[float] = []
    bad: list[int] = []
    lock = threading.Lock()

    def client():
        mine, mine_bad = [], []
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            conn.close()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                mine_bad.append(response.status)
        with lock:
            times.extend(mine)
            bad.extend(mine_bad)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {"rps": len(times) / elapsed, "p50": statistics.median(times), "bad": bad}


def main(host: str, plan_path: str, seconds: float, concurrency: int) -> None:
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    cookie = f"{plan['cookie']}={plan['users']['dangwei']['session']}"
    print(
        f"throughput at saturation ({concurrency} clients, {seconds:.0f} s each, 党委), "
        f"each page right after the bare view {BARE}:"
    )
    print(f"  {'page':30s} {'req/s':>7s} {'bare':>7s} {'ratio':>6s} {'p50 ms':>7s}")
    for path in PAGES:
        bare = drive(host, cookie, BARE, seconds, concurrency)
        page = drive(host, cookie, path, seconds, concurrency)
        ratio = page["rps"] / bare["rps"]
        verdict = "ok" if ratio >= TARGET and not page["bad"] else "UNDER"
        errors = f"  non-200: {sorted(set(page['bad']))}" if page["bad"] else ""
        print(
            f"  {path:30s} {page['rps']:7.1f} {bare['rps']:7.1f} {ratio:6.0%} "
            f"{page['p50']:7.1f}  (target ≥ {TARGET:.0%}: {verdict}){errors}"
        )


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2],
        float(sys.argv[3]) if len(sys.argv) > 3 else 8,
        int(sys.argv[4]) if len(sys.argv) > 4 else 4,
    )
