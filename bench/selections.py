"""班组长竞聘 at scale, on a copy of the bench database (the burst writes):
- the list, a selection's page and the API as the 党群工作部: p50 / p95 against 150 ms and the
  most queries a request made;
- the eligibility check of 500 people against one notice, against 5 s;
- a 民主测评 burst: 300 team members' ballots cast from 8 threads at once, each member trying
  twice, against 10 s; every ballot stored once, every second try refused, the counts matching.

    python -m bench.selections var/bench/bench-large.sqlite3 [requests]
"""

import sys

from bench.copies import run_on_copy

CHILD = r"""
import statistics, sys, time
from concurrent.futures import ThreadPoolExecutor
import django
django.setup()
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from apps.accounts.models import User
from apps.core.errors import DomainError
from apps.orgs.models import Person
from apps.selections import eligibility, services
from apps.selections.choices import Grade, SelectionStatus
from apps.selections.models import Ballot, Selection, Tally
from apps.selections.selectors import team_members
from bench.timing import p95

runs, LIMIT = int(sys.argv[1]), 150

print(f"bench: 班组长竞聘 ({Selection.objects.count():,} selections)")
one = Selection.objects.order_by("-pk").first()
if one is None:
    sys.exit("  no selections in this database: seed the large company (make bench)")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="dangwei"))
urls = ["/selections/", "/selections/?page=2", f"/selections/{one.pk}/",
        "/api/v1/selections/items?limit=50", f"/api/v1/selections/items/{one.pk}"]
client.get(urls[0])
times, status, most = [], set(), 0
for i in range(runs):
    with CaptureQueriesContext(connection) as q:
        started = time.perf_counter()
        status.add(client.get(urls[i % len(urls)]).status_code)
        times.append((time.perf_counter() - started) * 1000)
    most = max(most, len(q))
verdict = "ok" if p95(times) <= LIMIT else "OVER"
print(f"  pages p50 {statistics.median(times):5.0f} ms  p95 {p95(times):5.0f} ms "
      f"(target ≤ {LIMIT} ms: {verdict})  queries ≤ {most}  status {sorted(status)}")

people = list(Person.objects.order_by("pk")[:500])
started = time.perf_counter()
met = sum(all(c["met"] for c in eligibility.check(one, p, on=timezone.localdate())) for p in people)
seconds = time.perf_counter() - started
print(f"  eligibility of {len(people)} people: {seconds:.2f} s (target ≤ 5 s: "
      f"{'ok' if seconds <= 5 else 'OVER'}); {met} meet every condition")

# The burst: the selections in their rounds, their team members with a login made for them.
voters = []
for s in Selection.objects.filter(status=SelectionStatus.ROUNDS).select_related("team"):
    candidates = list(services.vote_candidates(s, services.vote_round_open(s)))
    if not candidates:
        continue
    voted = Ballot.objects.filter(selection=s).values("voter_id")
    for person in team_members(s).exclude(pk__in=voted):
        voters.append((s, person, {a.pk: Grade.values[person.pk % 3] for a in candidates}))
voters = voters[:300]
users = {}
for _s, person, _g in voters:
    users[person.pk] = User.objects.filter(person=person).first() or User.objects.create_user(
        username=f"bench-voter-{person.pk}", password=None, person=person)
tally_before = Tally.objects.aggregate(n=Sum("count"))["n"] or 0
ballots_before = Ballot.objects.count()

def cast(item):
    s, person, grades = item
    outcomes = []
    for _ in range(2):
        try:
            services.vote_cast(actor=users[person.pk], selection=s, grades=grades)
            outcomes.append("stored")
        except DomainError:
            outcomes.append("refused")
        except Exception as e:
            outcomes.append(f"error {type(e).__name__}")
    connections.close_all()
    return outcomes

started = time.perf_counter()
with ThreadPoolExecutor(8) as pool:
    results = list(pool.map(cast, voters))
seconds = time.perf_counter() - started
stored = sum(r.count("stored") for r in results)
refused = sum(r.count("refused") for r in results)
errors = sum(1 for r in results for o in r if o.startswith("error"))
ballots = Ballot.objects.count() - ballots_before
grades_added = (Tally.objects.aggregate(n=Sum("count"))["n"] or 0) - tally_before
expected_grades = sum(len(g) for _s, _p, g in voters)
ok = stored == ballots == len(voters) and refused == len(voters) and errors == 0
ok = ok and grades_added == expected_grades and seconds <= 10
print(f"  民主测评 burst: {len(voters)} members × 2 tries from 8 threads in {seconds:.2f} s "
      f"(target ≤ 10 s); ballots stored {ballots}, second tries refused {refused}, "
      f"errors {errors}, grades counted {grades_added}/{expected_grades}: "
      f"{'ok' if ok else 'FAILED'}")
"""


def main(db: str, runs: int) -> None:
    run_on_copy(db, "selections-burst", CHILD, str(runs))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100)
