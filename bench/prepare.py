"""Before a bench run: a signed-in session per demo login and the URLs each of them visits.

Sessions are made here rather than by posting the login form from locust, so that a run measures
the pages and not dozens of password hashes at start-up. Every id in the plan is one the user may
see (chosen through the same selectors the pages use), so a non-200 answer is a real failure.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.prepare plan var/bench/plan.json
    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.prepare warm var/bench/plan.json URL

`warm` waits for the server to answer and visits each page once per role, so the measured run
does not pay for the workers' first imports and template compilation.
"""

import json
import random
import sys
import time
import urllib.error
import urllib.request

import django


def plan(out_path: str) -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from apps.accounts.models import User
    from apps.collab.selectors import session_list
    from apps.feed.selectors import post_list
    from apps.kpi.selectors import scorecard_list
    from apps.learning.models import Course, Quiz
    from apps.orgs.choices import UnitKind
    from apps.orgs.models import Person
    from apps.orgs.selectors import person_list, unit_list
    from apps.projects.selectors import project_list

    Session.objects.all().delete()  # the bench database's own sessions, from earlier runs
    rng = random.Random(1)
    roles = ("admin", "dangwei", "shuji", "bumen", "zhigong")
    plan = {"cookie": settings.SESSION_COOKIE_NAME, "people": Person.objects.count(), "users": {}}
    for username in roles:
        user = User.objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "apps.accounts.backends.IdentifierBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()

        people = list(person_list(user=user).values_list("pk", flat=True))
        units = unit_list(user=user)
        unit_ids = list(units.values_list("pk", flat=True))
        departments = list(units.filter(kind=UnitKind.DEPARTMENT).values_list("pk", flat=True))
        branches = list(units.filter(kind=UnitKind.BRANCH).values_list("pk", flat=True))
        names = list(person_list(user=user).values_list("name", "name_initials", "employee_no"))
        sample = rng.sample(names, min(len(names), 30))
        sessions = list(session_list(user=user).values_list("pk", flat=True))
        courses = list(Course.objects.visible_to(user).values_list("pk", flat=True)[:500])
        # A surname, a full name, pinyin initials and a 工号 prefix: what cadres type.
        queries = [n[0] for n, _, _ in sample[:8]] + [n for n, _, _ in sample[8:14]]
        queries += [i for _, i, _ in sample[14:22] if i] + [no[:4] for _, _, no in sample[22:30]]
        projects = list(project_list(user=user).order_by().values_list("pk", flat=True))
        posts = list(post_list(user=user).values_list("pk", flat=True)[:5000])
        cards = list(scorecard_list(user=user).order_by().values_list("pk", flat=True)[:5000])
        plan["users"][username] = {
            "session": session.session_key,
            "visible_people": len(people),
            "visible_units": len(unit_ids),
            "people": rng.sample(people, min(len(people), 200)),
            "units": rng.sample(unit_ids, min(len(unit_ids), 200)),
            "departments": rng.sample(departments, min(len(departments), 50)),
            "branches": rng.sample(branches, min(len(branches), 50)),
            "queries": queries,
            "collab_sessions": rng.sample(sessions, min(len(sessions), 50)),
            "projects": rng.sample(projects, min(len(projects), 200)),
            "posts": rng.sample(posts, min(len(posts), 200)),
            "scorecards": rng.sample(cards, min(len(cards), 200)),
            "courses": rng.sample(courses, min(50, len(courses))),
            "contest": Quiz.objects.visible_to(user)
            .filter(kind="contest")
            .values_list("pk", flat=True)
            .first(),
        }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False, indent=1)
    for username, p in plan["users"].items():
        print(
            f"  {username:8s} sees {p['visible_people']:>6,} people, {p['visible_units']:>5,} units"
        )


def warm(plan_path: str, host: str) -> None:
    with open(plan_path, encoding="utf-8") as f:
        p = json.load(f)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{host}/healthz", timeout=10).read()
            break
        except OSError:  # refused while gunicorn starts, or a timeout
            if time.monotonic() > deadline:
                sys.exit(f"bench: the server at {host} did not answer within 60 s")
            time.sleep(0.3)
    for user in p["users"].values():
        urls = ["/", "/orgs/", "/orgs/people/", "/api/v1/orgs/people?limit=50"]
        urls += ["/api/v1/orgs/units"] + [f"/orgs/people/{pk}/" for pk in user["people"][:1]]
        urls += [f"/orgs/units/{pk}/" for pk in user["units"][:1]]
        urls += ["/feed/", "/feed/cases/", "/api/v1/feed/posts?limit=20"]
        urls += [f"/feed/{pk}/" for pk in user.get("posts", [])[:1]]
        # The meetings' whole-company figures are cached a minute: computed here, not in the run.
        urls += ["/meetings/compliance/", "/meetings/figures/", "/api/v1/meetings/coverage"]
        for url in urls * 2:  # twice: each of the two workers
            request = urllib.request.Request(
                host + url, headers={"Cookie": f"{p['cookie']}={user['session']}"}
            )
            try:
                urllib.request.urlopen(request, timeout=30).read()
            except OSError:
                pass  # the measured run reports it


if __name__ == "__main__":
    if sys.argv[1] == "plan":
        plan(sys.argv[2])
    else:
        warm(sys.argv[2], sys.argv[3])
