"""Sign-in under a burst: many scans at the same moment store each sign-in once. On PostgreSQL
with real threads and connections; SQLite's in-memory test database (shared cache) is not a
fair stage for threads, and SQLite's burst is measured on a file by `make bench`
(bench/meetings_signin.py)."""

import threading

import pytest
from django.db import connection, connections

from apps.meetings import signin
from apps.meetings.models import Attendance

from .factories import add_member, make_meeting


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_scans_stores_each_sign_in_once(company):
    if connection.vendor != "postgresql":
        pytest.skip("threads need a server database; SQLite's burst runs in make bench")
    people = [add_member(company, f"p{i}", f"3{i:04d}", f"党员{i}") for i in range(12)]
    meeting = make_meeting(company, invitees=people)
    token = signin.signin_token(meeting)
    # Each person scans three times at once: 36 scans, 12 sign-ins.
    scans = [company.users[f"p{i}"] for i in range(12)] * 3
    gate = threading.Barrier(len(scans))
    results, errors = [], []

    def scan(user):
        try:
            gate.wait()
            results.append((user.pk, signin.meeting_sign_in(actor=user, token=token)[1]))
        except Exception as e:
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan, args=(u,)) for u in scans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    first = [pk for pk, already in results if not already]
    assert sorted(first) == sorted(u.pk for u in scans[:12])  # one fresh sign-in each
    assert Attendance.objects.filter(meeting=meeting).exclude(signed_in_at=None).count() == 12
