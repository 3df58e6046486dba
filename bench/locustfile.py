"""Locust scenario for `make bench`: signed-in users of five roles walk the main pages and API.

Reads the plan written by bench/prepare.py (BENCH_PLAN). Each simulated user takes one role in turn
(admin, dangwei, shuji, bumen, zhigong) and visits the endpoints round-robin, so every endpoint
gets about the same number of requests. Anything but a 200 is a failure (redirects are not
followed: a redirect to the login page is a failure, not a page). Response times, status codes and
the server's X-Query-Count are recorded per endpoint and role and written to BENCH_RESULTS.
"""

import itertools
import json
import os
import random
import statistics
import time
from collections import Counter, defaultdict

from locust import HttpUser, between, events, task

PLAN = json.load(open(os.environ.get("BENCH_PLAN", "var/bench/plan.json"), encoding="utf-8"))
RESULTS = os.environ.get("BENCH_RESULTS", "var/bench/results.json")
# BENCH_ONLY="/meetings,/api/v1/meetings": drive only the endpoints under these prefixes, so an
# area gets enough requests in the minute for its p95 to mean something (default: all of them).
ONLY = tuple(p for p in os.environ.get("BENCH_ONLY", "/").split(",") if p) or ("/",)
ROLES = ("admin", "dangwei", "shuji", "bumen", "zhigong")
ENDPOINTS = (
    "/",
    "/orgs/",
    "/orgs/people/",
    "/orgs/people/?q=",
    "/orgs/people/?department=",
    "/orgs/people/<id>/",
    "/orgs/units/<id>/",
    "/api/v1/orgs/people?limit=50",
    "/api/v1/orgs/units",
    "/supervision/",
    "/supervision/?state=overdue",
    "/appeals/",
    "/appeals/?status=",
    "/appeals/figures/",
    "/suggestions/",
    "/suggestions/figures/",
    "/hazards/",
    "/hazards/figures/",
    "/standards/",
    "/standards/reviews/",
    "/standards/branches/<id>/",
    "/api/v1/standards/figures",
    "/api/v1/standards/reviews",
    "/projects/",
    "/projects/?status=active&overdue=true",
    "/projects/<id>/",
    "/api/v1/projects/items",
    "/meetings/",
    "/meetings/mine/",
    "/meetings/compliance/",
    "/meetings/figures/",
    "/api/v1/meetings/coverage",
    "/api/v1/supervision/items",
    "/api/v1/appeals/figures",
    "/collab/",
    "/collab/sessions/",
    "/collab/sessions/<id>/",
    "/collab/actions/",
    "/api/v1/collab/sessions",
    "/feed/",
    "/feed/?kind=",
    "/feed/cases/",
    "/feed/<post>/",
    "/api/v1/feed/posts?limit=20",
    "/learning/",
    "/learning/hours/",
    "/learning/courses/<id>/",
    "/learning/quizzes/",
    "/learning/quizzes/<contest>/ranking/",
    "/kpi/",
    "/kpi/<id>/",
    "/api/v1/kpi/scorecards",
    "/insights/",
    "/insights/league/",
    "/insights/screen/",
    "/api/v1/insights/cockpit",
    "/transfers/",
    "/transfers/flowing/",
    "/api/v1/transfers/items",
    "/integrity/posts/",
    "/integrity/risks/",
    "/api/v1/integrity/risk-points",
    "/integrity/education/",
    "/appraisals/",
    "/appraisals/committees/",
    "/api/v1/appraisals/committees",
    "/admission/",
    "/api/v1/admission/items",
    "/selections/",
    "/api/v1/selections/items",
    # 党费: every role has "my dues"; the ledgers and arrears are timed by bench/dues.py.
    "/dues/mine/",
    "/api/v1/dues/mine",
    "/care/",
    "/care/aid/",
    "/care/mine/",
    "/api/v1/care/aid",
    "/talent/",
    "/talent/contests/",
    "/talent/honours/",
    "/api/v1/talent/entries",
    "/healthz",
)
# Cadres' ledgers and figures: an employee gets "my records" pages instead, measured by the rest.
CADRE_ONLY = {
    "/suggestions/",
    "/appeals/figures/",
    "/suggestions/figures/",
    "/hazards/",
    "/hazards/figures/",
    "/api/v1/appeals/figures",
    "/standards/",
    "/standards/reviews/",
    "/standards/branches/<id>/",
    "/api/v1/standards/figures",
    "/api/v1/standards/reviews",
    "/collab/sessions/",
    "/meetings/",
    "/meetings/compliance/",
    "/meetings/figures/",
    "/api/v1/meetings/coverage",
    "/insights/",
    "/insights/league/",
    "/insights/screen/",
    "/api/v1/insights/cockpit",
    "/admission/",
    "/api/v1/admission/items",
}
# 关爱帮扶's files and ledger: the union cadres and the 党委/党群工作部 only (a 404 for anyone
# else, by design); every role reads its own aid at /care/mine/.
CARE_ONLY = {"/care/", "/care/aid/", "/api/v1/care/aid"}
CARE_ROLES = ("dangwei",)
LIST_ENDPOINTS = {
    "/orgs/",
    "/orgs/people/",
    "/orgs/people/?q=",
    "/orgs/people/?department=",
    "/api/v1/orgs/people?limit=50",
    "/api/v1/orgs/units",
    "/supervision/",
    "/supervision/?state=overdue",
    "/appeals/",
    "/appeals/?status=",
    "/suggestions/",
    "/hazards/",
    "/standards/reviews/",
    "/api/v1/standards/reviews",
    "/projects/",
    "/projects/?status=active&overdue=true",
    "/api/v1/projects/items",
    "/meetings/",
    "/meetings/mine/",
    "/api/v1/supervision/items",
    "/collab/",
    "/collab/sessions/",
    "/collab/actions/",
    "/api/v1/collab/sessions",
    "/feed/",
    "/feed/?kind=",
    "/feed/cases/",
    "/api/v1/feed/posts?limit=20",
    "/learning/quizzes/",
    "/learning/quizzes/<contest>/ranking/",
    "/kpi/",
    "/api/v1/kpi/scorecards",
    "/transfers/",
    "/transfers/flowing/",
    "/api/v1/transfers/items",
    "/integrity/posts/",
    "/integrity/risks/",
    "/api/v1/integrity/risk-points",
    "/integrity/education/",
    "/appraisals/",
    "/appraisals/committees/",
    "/api/v1/appraisals/committees",
    "/admission/",
    "/api/v1/admission/items",
    "/care/",
    "/care/aid/",
    "/care/mine/",
    "/api/v1/care/aid",
    "/talent/",
    "/talent/contests/",
    "/talent/honours/",
    "/api/v1/talent/entries",
}

_role_turn = itertools.count()
_samples = defaultdict(list)  # (endpoint, role) -> [(ms, status, queries)]
_clock = {}


@events.request.add_listener
def _record(name, response_time, response=None, context=None, exception=None, **_):
    status = getattr(response, "status_code", 0) or 0
    queries = server_ms = None
    if response is not None and getattr(response, "headers", None) is not None:
        raw = response.headers.get("X-Query-Count")
        queries = int(raw) if raw and raw.isdigit() else None
        try:
            server_ms = float(response.headers.get("X-Server-Ms", ""))
        except ValueError:
            server_ms = None
    role = (context or {}).get("role", "?")
    failed = exception is not None
    _samples[(name, role)].append((response_time, status, queries, failed, server_ms))


@events.test_start.add_listener
def _start(**_):
    _clock["start"] = time.monotonic()
    _clock["load_start"] = os.getloadavg()


def _pct(values, q):
    if not values:
        return None
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return round(values[k], 1)


def _summary(rows, seconds):
    times = [r[0] for r in rows]
    queries = [r[2] for r in rows if r[2] is not None]
    server = [r[4] for r in rows if r[4] is not None]
    return {
        "requests": len(rows),
        "failures": sum(1 for r in rows if r[3] or r[1] != 200),
        "status": dict(Counter(str(r[1]) for r in rows)),
        "p50_ms": _pct(times, 0.50),
        "p95_ms": _pct(times, 0.95),
        "p99_ms": _pct(times, 0.99),
        "max_ms": round(max(times), 1) if times else None,
        "server_p50_ms": _pct(server, 0.50),
        "server_p95_ms": _pct(server, 0.95),
        "rps": round(len(rows) / seconds, 2) if seconds else None,
        "queries_min": min(queries) if queries else None,
        "queries_median": statistics.median(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
    }


@events.test_stop.add_listener
def _write(environment, **_):
    seconds = time.monotonic() - _clock.get("start", time.monotonic())
    endpoints = {}
    for endpoint in ENDPOINTS:
        rows = [r for (name, _), rs in _samples.items() if name == endpoint for r in rs]
        if not rows:
            continue
        entry = _summary(rows, seconds)
        entry["list"] = endpoint in LIST_ENDPOINTS
        entry["by_role"] = {
            role: _summary(_samples[(endpoint, role)], seconds)
            for role in ROLES
            if _samples.get((endpoint, role))
        }
        endpoints[endpoint] = entry
    result = {
        "host": environment.host,
        "seconds": round(seconds, 1),
        "users": os.environ.get("BENCH_USERS"),
        "workers": os.environ.get("BENCH_WORKERS"),
        "loadavg_start": _clock.get("load_start"),
        "loadavg_end": os.getloadavg(),
        "people": PLAN["people"],
        "visible": {
            role: {"people": u["visible_people"], "units": u["visible_units"]}
            for role, u in PLAN["users"].items()
        },
        "endpoints": endpoints,
    }
    os.makedirs(os.path.dirname(RESULTS) or ".", exist_ok=True)
    with open(RESULTS, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


class RoleUser(HttpUser):
    """One signed-in user; roles are handed out in turn so a run holds all five."""

    wait_time = between(
        float(os.environ.get("BENCH_WAIT_MIN", "0.2")), float(os.environ.get("BENCH_WAIT_MAX", "1"))
    )

    def on_start(self):
        turn = next(_role_turn)
        self.role = ROLES[turn % len(ROLES)]
        self.plan = PLAN["users"][self.role]
        self.client.cookies.set(PLAN["cookie"], self.plan["session"])
        self.rng = random.Random(turn)
        self.turn = itertools.cycle(
            [e for e in ENDPOINTS if e.startswith(ONLY) and self._url(e) is not None]
        )

    def _url(self, endpoint):
        p, rng = self.plan, getattr(self, "rng", random)
        if endpoint in CADRE_ONLY and self.role == "zhigong":
            return None
        if endpoint in CARE_ONLY and self.role not in CARE_ROLES:
            return None
        if endpoint == "/appeals/?status=":
            return f"/appeals/?status={rng.choice(['submitted', 'handling', 'answered', 'closed'])}"
        if endpoint == "/orgs/people/?q=":
            return f"/orgs/people/?q={rng.choice(p['queries'])}" if p["queries"] else None
        if endpoint == "/orgs/people/?department=":
            return (
                f"/orgs/people/?department={rng.choice(p['departments'])}"
                if p["departments"]
                else None
            )
        if endpoint == "/orgs/people/<id>/":
            return f"/orgs/people/{rng.choice(p['people'])}/" if p["people"] else None
        if endpoint == "/standards/branches/<id>/":
            branches = p.get("branches")
            return f"/standards/branches/{rng.choice(branches)}/" if branches else None
        if endpoint == "/collab/sessions/<id>/":
            sessions = p.get("collab_sessions")
            return f"/collab/sessions/{rng.choice(sessions)}/" if sessions else None
        if endpoint == "/projects/<id>/":
            return f"/projects/{rng.choice(p['projects'])}/" if p.get("projects") else None
        if endpoint == "/feed/?kind=":
            return f"/feed/?kind={rng.choice(['plan', 'progress', 'case'])}"
        if endpoint == "/feed/<post>/":
            return f"/feed/{rng.choice(p['posts'])}/" if p.get("posts") else None
        if endpoint == "/learning/courses/<id>/":
            return f"/learning/courses/{rng.choice(p['courses'])}/" if p.get("courses") else None
        if endpoint == "/learning/quizzes/<contest>/ranking/":
            return f"/learning/quizzes/{p['contest']}/ranking/" if p.get("contest") else None
        if endpoint == "/kpi/<id>/":
            return f"/kpi/{rng.choice(p['scorecards'])}/" if p.get("scorecards") else None
        if endpoint == "/orgs/units/<id>/":
            return f"/orgs/units/{rng.choice(p['units'])}/" if p["units"] else None
        return endpoint

    @task
    def visit(self):
        endpoint = next(self.turn)
        url = self._url(endpoint)
        with self.client.get(
            url,
            name=endpoint,
            allow_redirects=False,
            catch_response=True,
            context={"role": self.role},
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
