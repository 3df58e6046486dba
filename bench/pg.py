"""`make bench-pg`: the group (`seed_demo --size group`: 4 companies, 200,000 people, ~400,000
appeals) on the many-machine stack of ops/stack.py — PostgreSQL, Redis, two gunicorn app servers
(2 workers each) behind nginx — and the same locust run and report as `make bench`, then the
whole-group figures cold, the 督办 reminder pass over every open item and full-text search at
400,000 appeals. Issue 16 §3/§4; docs/bench.md.

The cluster's folder is var/bench/pg-group/ (data, socket, log) and a stamp beside it records the
seed and the demo generators: a second run reuses the seeded cluster, as bench/run.sh reuses its
SQLite file. `BENCH_PG_RESEED=1` seeds afresh.

    python -m bench.pg            (BENCH_USERS, BENCH_RUN_TIME, BENCH_SEED as in bench/run.sh;
                                   BENCH_GROUP_PEOPLE for a smaller group than 200,000)
    python -m bench.pg --seed-only   seed (afresh) and stop: the seed's time by area, its CPU
                                   time and the machine's load before and after
"""

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import time

from ops.stack import BASE, PY, Stack, ensure_packages

OUT = BASE / "var" / "bench"
DIR = OUT / "pg-group"
SEED = os.environ.get("BENCH_SEED", "2025")
# The group's headcount: 200,000 by default; smaller for a quicker run (the figures then say so).
PEOPLE = os.environ.get("BENCH_GROUP_PEOPLE", "200000")
USERS = os.environ.get("BENCH_USERS", "10")
RUN_TIME = min(int(os.environ.get("BENCH_RUN_TIME", "60")), 60)  # never more than a minute
# Bulk loading: no fsync while seeding a throw-away cluster (as scripts/with_postgres.sh runs).
LOAD = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
# Serving: durable defaults, with memory for a 200,000-person database on a small machine.
SERVE = (
    "-c shared_buffers=1GB",
    "-c effective_cache_size=4GB",
    "-c work_mem=16MB",
    "-c maintenance_work_mem=512MB",
    "-c random_page_cost=1.1",
)


class BenchStack(Stack):
    """The stack with the bench's settings (the query counter; DEBUG off) on a kept folder."""

    @property
    def env(self) -> dict[str, str]:
        return {
            **super().env,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "BENCH_PLAN": str(OUT / "plan-group.json"),
            "BENCH_RESULTS": str(OUT / "results-group.json"),
            "BENCH_WORKERS": "2x2",
            "BENCH_USERS": USERS,
        }


def stamp() -> str:
    demo = b"".join(p.read_bytes() for p in sorted(BASE.glob("apps/*/demo.py")))
    return f"group {PEOPLE} {SEED} {hashlib.sha1(demo).hexdigest()[:12]}"


def step(title: str, cmd: list[str], env: dict, *, check: bool = False) -> float:
    print(f"bench-pg: {title}", flush=True)
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=BASE, env=env)
    if check and result.returncode:
        sys.exit(f"bench-pg: {title} failed ({result.returncode})")
    return time.monotonic() - started


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def areas(log: str) -> list[tuple[str, float]]:
    """Seconds by area from seed_demo's output, the companies summed: each seeder's line
    (`    appeals:{… 'seconds': 2.7}`), the org and people (`… 用时 0.9 秒`), the search index."""
    spent: dict[str, float] = {}
    for line in log.splitlines():
        if m := re.match(r"\s+(\w+):\{.*'seconds': ([\d.]+)\}", line):
            spent[m[1]] = spent.get(m[1], 0) + float(m[2])
        elif (m := re.search(r"职工 .*用时 ([\d.]+) 秒", line)) and "组织" in line:
            spent["org and people"] = spent.get("org and people", 0) + float(m[1])
        elif m := re.search(r"全文检索索引.*用时 (\d+) 秒", line):
            spent["search index"] = float(m[1])
    return sorted(spent.items(), key=lambda kv: -kv[1])


def seed(stack: BenchStack) -> None:
    """A fresh cluster, the group seeded in bulk (timed: wall, CPU of seed_demo, by area), then
    VACUUM ANALYZE for the planner."""
    shutil.rmtree(stack.pg_dir, ignore_errors=True)
    (DIR / "group.stamp").unlink(missing_ok=True)
    stack.pg_init(*LOAD)
    env = stack.env
    step("migrate", [PY, "manage.py", "migrate", "--noinput", "-v", "0"], env, check=True)
    log = OUT / "seed-group.log"
    print(f"bench-pg: seeding the group into PostgreSQL (log: {log}) …", flush=True)
    before = load()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(log, "w") as out:
        cmd = [PY, "-u", "manage.py", "seed_demo", "--size", "group", "--seed", SEED, "--force"]
        cmd += ["--people", PEOPLE]
        subprocess.run(cmd, cwd=BASE, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    seeded = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    after = load()
    analyze = time.monotonic()
    stack.psql("VACUUM ANALYZE")
    analyzed = time.monotonic() - analyze
    split = ", ".join(f"{name} {sec:.1f}" for name, sec in areas(log.read_text()))
    lines = [
        f"{PEOPLE} people seeded in {seeded:.0f} s (seed_demo CPU {cpu_s:.0f} s), "
        f"VACUUM ANALYZE {analyzed:.0f} s",
        f"by area (s, companies summed): {split}",
        f"load before: {before}",
        f"load after:  {after}",
    ]
    with open(log, "a") as out:
        out.write("\n".join(lines) + "\n")
    for line in lines:
        print(f"bench-pg: {line}", flush=True)
    stack.pg_stop()
    (DIR / "group.stamp").write_text(stamp())


def main() -> None:
    ensure_packages()
    os.environ["STACK_DIR"] = str(DIR)  # kept: Stack.down removes only a temporary folder
    DIR.mkdir(parents=True, exist_ok=True)
    stack = BenchStack(app_servers=2, consumers=0)
    stamp_file = DIR / "group.stamp"
    if "--seed-only" in sys.argv[1:]:
        try:
            seed(stack)
        finally:
            stack.down()
        return
    fresh = os.environ.get("BENCH_PG_RESEED") or not (
        (stack.pg_dir / "data").exists()
        and stamp_file.exists()
        and stamp_file.read_text() == stamp()
    )
    try:
        if fresh:
            seed(stack)
        else:
            print(f"bench-pg: reusing the seeded cluster in {stack.pg_dir}", flush=True)
        stack.pg_start(*SERVE)
        stack.redis_start()
        env = stack.env
        if not fresh:
            step("migrate", [PY, "manage.py", "migrate", "--noinput", "-v", "0"], env, check=True)
        db = env["DATABASE_URL"]
        # Writers first, on a copy made from the database as a template (no app server may be
        # connected while it is copied): the 督办 pass over every open item, twice.
        step("督办 reminder pass", [PY, "-m", "bench.supervision", db], env)
        for i in range(len(stack.app_ports)):
            stack.app_start(i)
        stack.lb_start()
        host = f"http://127.0.0.1:{stack.port}"
        plan, results = env["BENCH_PLAN"], env["BENCH_RESULTS"]
        step("plan", [PY, "-m", "bench.prepare", "plan", plan], env, check=True)
        step("warm", [PY, "-m", "bench.prepare", "warm", plan, host], env)
        print(f"bench-pg: {USERS} users for {RUN_TIME}s against {host} (nginx → 2 × gunicorn)")
        with open(OUT / "locust-group.log", "w") as out:
            locust = [
                str(BASE / ".venv/bin/locust"),
                *("-f", "bench/locustfile.py", "--headless", "-u", USERS, "-r", USERS),
                *("--run-time", f"{RUN_TIME}s", "--stop-timeout", "5", "--host", host),
                *("--only-summary", "--loglevel", "WARNING"),
            ]
            subprocess.run(locust, cwd=BASE, env=env, stdout=out, stderr=subprocess.STDOUT)
        step("report", [PY, "bench/report.py", results], env)
        # The whole-group figures cold, as the 集团党委 (jituan) and as one company's 党委.
        step("figures (集团)", [PY, "-m", "bench.figures", "5", "jituan"], env)
        step("figures (公司)", [PY, "-m", "bench.figures", "5", "dangwei"], env)
        step("search", [PY, "-m", "bench.search", "50", "jituan"], env)
    finally:
        stack.down()
        print("bench-pg: stopped (the seeded cluster stays in var/bench/pg-group/)")


if __name__ == "__main__":
    main()
