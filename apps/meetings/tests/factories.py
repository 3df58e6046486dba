"""Test helpers for meetings: kinds, a meeting of 生产一支部 with its members, logins."""

from datetime import datetime, timedelta

from django.utils import timezone

from apps.accounts.models import User
from apps.meetings.choices import AttendanceStatus, MeetingStatus
from apps.meetings.models import Attendance, Meeting, MeetingKind
from apps.meetings.services import kinds_ensure_defaults
from apps.orgs.choices import PoliticalStatus
from apps.orgs.models import PartyMembership, Person


def local(*args) -> datetime:
    """An aware datetime in Asia/Shanghai."""
    return timezone.make_aware(datetime(*args))


def kind(code: str) -> MeetingKind:
    kinds_ensure_defaults()
    return MeetingKind.objects.get(code=code)


def add_member(company, key: str, no: str, name: str, branch="branch1", dept="prod") -> Person:
    """A party member of a branch, with a login named `key`."""
    person = Person.objects.create(
        employee_no=no,
        name=name,
        gender="M",
        department=company.units[dept],
        political_status=PoliticalStatus.PARTY_MEMBER,
    )
    PartyMembership.objects.create(person=person, branch=company.units[branch])
    company.people[key] = person
    company.users[key] = User.objects.create_user(username=key, password="x", person=person)
    return person


def make_meeting(company, *, code="theme_day", unit="branch1", invitees=None, **fields) -> Meeting:
    """A meeting straight into the table (for reads and figures), hosted by 王建国 (shuji)."""
    start = fields.pop("starts_at", timezone.now() + timedelta(minutes=10))
    values = {
        "unit": company.units[unit],
        "kind": kind(code),
        "topic": "学习党的二十届三中全会精神",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "place": "三楼会议室",
        "host": company.people["shuji"],
        "status": MeetingStatus.PLANNED,
    }
    values.update(fields)
    meeting = Meeting.objects.create(**values)
    people = invitees if invitees is not None else [company.people["shuji"]]
    Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p) for p in people])
    return meeting


def closed_meeting(company, *, statuses: dict, code="study_session", unit="branch1", **fields):
    """A closed meeting whose invitees have the given attendance statuses ({person: status})."""
    meeting = make_meeting(
        company, code=code, unit=unit, invitees=list(statuses), status=MeetingStatus.CLOSED,
        minutes="<p>记录</p>", **fields,
    )  # fmt: skip
    for person, status in statuses.items():
        makeup = "pending" if status in (AttendanceStatus.ABSENT, AttendanceStatus.LEAVE) else ""
        if isinstance(status, tuple):
            status, makeup = status
        Attendance.objects.filter(meeting=meeting, person=person).update(
            status=status, makeup_status=makeup
        )
    return meeting
