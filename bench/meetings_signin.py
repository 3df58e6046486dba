"""A meeting's sign-in burst at scale: 300 invitees scan the QR code at once, against the running
gunicorn of `make bench`. Each posts the scan page (/meetings/signin/) with its own session; the
burst must finish within 10 s, every answer must be "签到成功", and every sign-in must be stored
exactly once. A second burst of the same scans (double taps) must change nothing.

    python -m bench.meetings_signin http://127.0.0.1:PORT   (run by bench/run.sh after locust)

It adds one meeting, 300 logins and their sessions to the bench database and removes them at the
end (and at the start, should an earlier run have been interrupted).
"""

import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import django

INVITEES = 300
LIMIT_SECONDS = 10
PREFIX = "bench_signin_"


def setup():
    """The meeting (starting in five minutes: sign-in is open), its invitees with a login and a
    session each, and the QR code's token of this minute."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.meetings import services, signin
    from apps.meetings.models import Attendance, Meeting, MeetingKind
    from apps.orgs.choices import EmploymentStatus, UnitKind
    from apps.orgs.models import OrgUnit, Person

    cleanup()
    taken = User.objects.exclude(person=None).values("person_id")
    people = list(
        Person.objects.filter(status=EmploymentStatus.ACTIVE)
        .exclude(pk__in=taken)
        .order_by("pk")[:INVITEES]
    )
    branch = OrgUnit.objects.filter(kind=UnitKind.BRANCH).order_by("path").first()
    start = timezone.now() + timedelta(minutes=5)
    services.kinds_ensure_defaults()
    meeting = Meeting.objects.create(
        unit=branch,
        kind=MeetingKind.objects.get(code="study_session"),
        topic=f"{PREFIX}专题学习会(签到压测)",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="大礼堂",
        host=people[0],
    )
    Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p) for p in people])
    password = make_password(secrets.token_urlsafe(16))  # nobody logs in with it
    users = User.objects.bulk_create(
        [User(username=f"{PREFIX}{p.pk}", person=p, password=password) for p in people]
    )
    sessions = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "apps.accounts.backends.IdentifierBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return {
        "meeting": meeting.pk,
        "token": signin.signin_token(meeting),
        "sessions": sessions,
        "cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }


def cleanup(sessions=()):
    from django.contrib.sessions.models import Session

    from apps.accounts.models import User
    from apps.meetings.models import Meeting

    Meeting.all_objects.filter(topic__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    Session.objects.filter(session_key__in=list(sessions)).delete()


def burst(host: str, plan: dict) -> tuple[float, list]:
    """Every invitee posts the scan page at the same moment; returns the burst's duration and
    (status, seconds, body) per request."""
    results: list = [None] * len(plan["sessions"])
    gate = threading.Barrier(len(plan["sessions"]))
    csrf = secrets.token_hex(16)  # an unmasked 32-character token, sent as cookie and field
    body = urllib.parse.urlencode({"t": plan["token"], "csrfmiddlewaretoken": csrf}).encode()

    def scan(i, session):
        request = urllib.request.Request(
            host + "/meetings/signin/",
            data=body,
            headers={
                "Cookie": f"{plan['cookie']}={session}; {plan['csrf_cookie']}={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": host + "/meetings/signin/",
            },
        )
        gate.wait()
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                results[i] = (response.status, time.monotonic() - started, response.read().decode())
        except urllib.error.HTTPError as e:
            results[i] = (e.code, time.monotonic() - started, e.read().decode(errors="replace"))
        except OSError as e:
            results[i] = (0, time.monotonic() - started, str(e))

    threads = [
        threading.Thread(target=scan, args=(i, s), daemon=True)
        for i, s in enumerate(plan["sessions"])
    ]
    for t in threads:
        t.start()
    started = time.monotonic()
    for t in threads:
        t.join()
    return time.monotonic() - started, results


def report(name: str, seconds: float, results: list, expect: str) -> bool:
    ok = sum(1 for status, _s, body in results if status == 200 and expect in body)
    times = sorted(s for _status, s, _body in results)
    p95 = times[max(0, round(0.95 * (len(times) - 1)))]
    statuses: dict = {}
    for status, _s, _b in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(
        f"  {name}: {len(results)} scans in {seconds:4.1f} s (limit {LIMIT_SECONDS} s); "
        f"“{expect}” {ok}/{len(results)}; p95 {p95 * 1000:.0f} ms; status {statuses}"
    )
    return ok == len(results) and seconds <= LIMIT_SECONDS


def main(host: str) -> int:
    django.setup()
    from apps.meetings.models import Attendance

    plan = setup()
    try:
        print(f"bench: sign-in burst of {INVITEES} invitees against {host} …")
        seconds, results = burst(host, plan)
        first = report("burst", seconds, results, "签到成功")
        rows = Attendance.objects.filter(meeting_id=plan["meeting"])
        signed = rows.exclude(signed_in_at=None)
        stamps = dict(signed.values_list("pk", "signed_in_at"))
        seconds, results = burst(host, plan)
        again = report("double taps", seconds, results, "无需重复签到")
        unchanged = stamps == dict(
            rows.exclude(signed_in_at=None).values_list("pk", "signed_in_at")
        )
        once = rows.count() == INVITEES and len(stamps) == INVITEES
        print(
            f"  stored: {len(stamps)}/{INVITEES} signed in, one row each: {once}; "
            f"unchanged by the double taps: {unchanged}"
        )
        passed = first and again and once and unchanged
        print("  sign-in burst: " + ("PASS" if passed else "FAIL"))
        return 0 if passed else 1
    finally:
        cleanup(plan["sessions"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
