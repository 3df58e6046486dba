import random
import time

from django.utils import timezone

from apps.meetings.choices import AttendanceStatus, MakeupStatus, MeetingStatus
from apps.meetings.compliance import compliance
from apps.meetings.demo import seed
from apps.meetings.figures import coverage
from apps.meetings.models import Attendance, Meeting, PartyGroupMember, RecordReview
from apps.meetings.selectors import preset_period
from apps.orgs.demo import seed_demo


def test_seed_small_company(db):
    built = seed_demo(people=500, seed=3)
    root = next(u for u in built.units if u.depth == 1)
    started = time.monotonic()
    stats = seed(
        rng=random.Random(7), company_root=root, people=built.people, units=built.units,
        now=timezone.now(), count=1,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert stats["meetings"] == Meeting.objects.count() > 50
    assert stats["attendance"] == Attendance.objects.count()
    assert seconds < 10
    statuses = set(Attendance.objects.values_list("status", flat=True))
    assert {AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT} <= statuses
    assert Attendance.objects.filter(makeup_status=MakeupStatus.PENDING).exists()
    assert Attendance.objects.filter(makeup_status=MakeupStatus.DONE).exists()
    assert Meeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__gt=timezone.now()
    ).exists()
    admin = built.logins["admin"]
    year = preset_period("year")
    cov = coverage(user=admin, period=year)
    assert 80 <= cov["rate"] < 100
    assert compliance(user=admin, period=year)["totals"]["missing"] > 0
    # Party groups have their members recorded, and this month's records wait for review.
    assert PartyGroupMember.objects.exists()
    assert RecordReview.objects.filter(status="pending").exists()
    assert RecordReview.objects.filter(status="approved").exists()
