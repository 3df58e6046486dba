"""Print the bench results (var/bench/results.json) as tables: per endpoint, then p95 per role."""

import json
import sys

TARGET_P95_MS = 150


def fmt(value, spec=""):
    return "-" if value is None else format(value, spec)


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    endpoints = r["endpoints"]
    print(f"\n同心 bench · {r['people']:,} people · {r['users']} users · {r['seconds']} s", end="")
    print(f" · {r['host']} · gunicorn {r.get('workers')} workers")
    head = f"{'endpoint':32s} {'reqs':>6s} {'fail':>5s} {'p50':>7s} {'p95':>7s} {'p99':>7s}"
    head += f" {'req/s':>7s} {'queries':>9s} {'srv p95':>8s}  target"
    print(head)
    print("-" * len(head))
    misses = 0
    for name, e in endpoints.items():
        lo, hi = e["queries_min"], e["queries_max"]
        queries = "-" if lo is None else (f"{lo}" if lo == hi else f"{lo}–{hi}")
        verdict = ""
        if e["list"]:
            ok = e["p95_ms"] is not None and e["p95_ms"] <= TARGET_P95_MS and not e["failures"]
            verdict = "ok" if ok else "MISS"
            misses += not ok
        print(
            f"{name:32s} {e['requests']:>6d} {e['failures']:>5d} {fmt(e['p50_ms'], '.0f'):>7s}"
            f" {fmt(e['p95_ms'], '.0f'):>7s} {fmt(e['p99_ms'], '.0f'):>7s}"
            f" {fmt(e['rps'], '.1f'):>7s}"
            f" {queries:>9s} {fmt(e.get('server_p95_ms'), '.0f'):>8s}  {verdict}"
        )
    roles = list(r["visible"])
    print(
        "\np95 ms by role (people the role sees: "
        + ", ".join(f"{role} {v['people']:,}" for role, v in r["visible"].items())
        + ")"
    )
    print(f"{'endpoint':32s} " + " ".join(f"{role:>8s}" for role in roles))
    for name, e in endpoints.items():
        cells = []
        for role in roles:
            s = e["by_role"].get(role)
            cells.append(f"{fmt(s and s['p95_ms'], '.0f'):>8s}")
        print(f"{name:32s} " + " ".join(cells))
    load = r.get("loadavg_start"), r.get("loadavg_end")
    if all(load):
        print(f"\nload average (1 min) at start {load[0][0]:.2f}, at end {load[1][0]:.2f}", end="")
        print(" (2 cores: above 2 the machine was busy with more than this run)")
    print("queries: min–max per request (X-Query-Count); srv p95: time inside Django", end=". ")
    print(f"Target: list pages p95 ≤ {TARGET_P95_MS} ms.")
    failed = {n: e["status"] for n, e in endpoints.items() if e["failures"]}
    if failed:
        print("non-200 answers: " + "; ".join(f"{n} {s}" for n, s in failed.items()))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "var/bench/results.json"))
