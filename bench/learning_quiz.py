"""1,000 people take a quiz within one minute against the running server, then every attempt is
checked: graded once, stored once, the score the server recomputes.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.learning_quiz http://127.0.0.1:PORT

Takes the seeded open quiz (形势任务应知应会自测, a random draw of 10), picks people on duty who
have not taken it, gives each a login and a session (made directly, as bench/prepare.py does),
and has them arrive evenly over BENCH_QUIZ_SECONDS (default 50): each starts an attempt over the
API, answers what was drawn, and hands it in; one in ten hands in twice (a double tap), which
must store nothing new. Afterwards their attempts and sessions are removed, so the run can be
repeated on the same database.
"""

import os
import random
import secrets
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import django
import requests

TAKERS = int(os.environ.get("BENCH_QUIZ_TAKERS", "1000"))
SPREAD = float(os.environ.get("BENCH_QUIZ_SECONDS", "50"))
THREADS = int(os.environ.get("BENCH_QUIZ_THREADS", "48"))


def _prepare():
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.learning.audience import ON_DUTY
    from apps.learning.models import Attempt, Quiz
    from apps.orgs.models import Person

    now = timezone.now()
    quiz = (
        Quiz.objects.filter(kind="quiz", audience="all", opens_at__lte=now, closes_at__gt=now)
        .order_by("pk")
        .first()
    )
    if quiz is None:
        sys.exit("bench: no open quiz for everyone in the demo data")
    taken = Attempt.objects.filter(quiz=quiz).values("person_id")
    people = list(
        Person.objects.filter(status__in=ON_DUTY, department__isnull=False)
        .exclude(pk__in=taken)
        .order_by("pk")
        .values_list("pk", "employee_no")[:TAKERS]
    )
    User.objects.bulk_create(
        [User(username=f"bench-{no}", person_id=pk, password="!") for pk, no in people],
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(person_id__in=[pk for pk, _no in people]))
    store = SessionStore()
    sessions, keys = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "apps.accounts.backends.IdentifierBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(
                session_key=key,
                session_data=store.encode(data),
                expire_date=now + timedelta(hours=1),
            )
        )
        keys.append(key)
    Session.objects.bulk_create(sessions)
    return quiz, [u.person_id for u in users], keys, settings.SESSION_COOKIE_NAME


def _take(host, quiz_id, cookie, key, rng, twice):
    token = secrets.token_hex(16)
    s = requests.Session()
    s.cookies.set(cookie, key)
    s.cookies.set("csrftoken", token)
    headers = {"X-CSRFToken": token}
    t0 = time.monotonic()
    r = s.post(f"{host}/api/v1/learning/quizzes/{quiz_id}/attempts", headers=headers, timeout=60)
    t1 = time.monotonic()
    if r.status_code != 201:
        return {"error": f"start {r.status_code} {r.text[:120]}"}
    attempt = r.json()
    answers = {}
    for q in attempt["questions"]:
        if q["kind"] == "multiple":
            answers[str(q["id"])] = rng.sample("ABCD", 2)
        elif q["kind"] == "truefalse":
            answers[str(q["id"])] = rng.choice("TF")
        elif q["kind"] == "fill":
            answers[str(q["id"])] = rng.choice(("问题导向", "质量", "现金流"))
        else:
            answers[str(q["id"])] = rng.choice("ABCD"[: len(q["options"]) or 4])
    url = f"{host}/api/v1/learning/attempts/{attempt['id']}/submit"
    t2 = time.monotonic()
    r = s.post(url, json={"answers": answers}, headers=headers, timeout=60)
    t3 = time.monotonic()
    if r.status_code != 200:
        return {"error": f"submit {r.status_code} {r.text[:120]}"}
    score = r.json()["score"]
    if twice:
        again = s.post(url, json={"answers": {}}, headers=headers, timeout=60)
        if again.status_code != 200 or again.json()["score"] != score:
            return {"error": f"double submit changed the result: {again.text[:120]}"}
    return {"id": attempt["id"], "score": score, "start_ms": (t1 - t0) * 1000,
            "submit_ms": (t3 - t2) * 1000}  # fmt: skip


def _verify(quiz, person_ids, results) -> list[str]:
    from decimal import Decimal

    from django.db.models import Count

    from apps.core.figures import percent
    from apps.learning.models import Attempt
    from apps.learning.services.quizzes import grade

    problems = []
    rows = list(Attempt.objects.filter(quiz=quiz, person_id__in=person_ids))
    per_person = (
        Attempt.objects.filter(quiz=quiz, person_id__in=person_ids)
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if per_person.exists():
        problems.append(f"{per_person.count()} people have more than one attempt")
    if len(rows) != len(person_ids):
        problems.append(f"{len(rows)} attempts stored for {len(person_ids)} takers")
    said = {r["id"]: Decimal(str(r["score"])) for r in results if "id" in r}
    for a in rows:
        if a.submitted_at is None or a.score is None:
            problems.append(f"attempt {a.pk} not graded")
            continue
        expected = Decimal(str(percent(len(grade(a.question_ids, a.answers)), len(a.question_ids))))
        if a.score != expected or said.get(a.pk) != a.score or not a.is_best:
            problems.append(f"attempt {a.pk}: stored {a.score}, graded {expected}")
    return problems


def _cleanup(quiz, person_ids, keys):
    from django.contrib.sessions.models import Session

    from apps.learning.models import Attempt

    Attempt.objects.filter(quiz=quiz, person_id__in=person_ids).delete()
    Session.objects.filter(session_key__in=keys).delete()


def main(host: str) -> None:
    django.setup()
    quiz, person_ids, keys, cookie = _prepare()
    rng = random.Random(7)
    lock = threading.Lock()
    results = []
    started = time.monotonic()

    def arrive(i):
        delay = started + i * SPREAD / max(1, len(keys)) - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        with lock:
            local = random.Random(rng.random())
        out = _take(host, quiz.pk, cookie, keys[i], local, twice=i % 10 == 0)
        with lock:
            results.append(out)

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(arrive, range(len(keys))))
        seconds = time.monotonic() - started
        errors = [r["error"] for r in results if "error" in r]
        ok = [r for r in results if "id" in r]
        problems = _verify(quiz, person_ids, results)
        start_ms = [r["start_ms"] for r in ok] or [0]
        submit_ms = [r["submit_ms"] for r in ok] or [0]
        q = lambda v, p: sorted(v)[min(len(v) - 1, int(p * len(v)))]  # noqa: E731
        print(
            f"  quiz: {len(ok):,}/{len(keys):,} people started and submitted in {seconds:.1f} s "
            f"({len(keys) // 10} handed in twice); "
            f"start p50 {statistics.median(start_ms):.0f} / p95 {q(start_ms, 0.95):.0f} ms, "
            f"submit p50 {statistics.median(submit_ms):.0f} / p95 {q(submit_ms, 0.95):.0f} ms"
        )
        for line in (errors + problems)[:10]:
            print(f"    ! {line}")
        verdict = "PASS" if not errors and not problems and seconds <= 60 else "FAIL"
        print(f"  quiz: {verdict}: every attempt graded and stored once ({len(problems)} problems)")
    finally:
        _cleanup(quiz, person_ids, keys)


if __name__ == "__main__":
    main(sys.argv[1])
