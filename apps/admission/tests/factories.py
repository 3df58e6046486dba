"""Test helpers for 发展党员: an applicant of 生产一支部, its full members, a meeting with its
attendance, and a walk through the steps with the services (dates in 2025–2027, the clock
passed as `now`)."""

from datetime import date, datetime, time

from django.utils import timezone

from apps.admission import services
from apps.admission.models import Admission
from apps.meetings.choices import AttendanceStatus
from apps.meetings.tests.factories import add_member, closed_meeting
from apps.orgs.choices import MemberKind, PoliticalStatus
from apps.orgs.models import PartyMembership, Person


def at(day: date):
    """Noon of a local day: the `now` a step is taken at."""
    return timezone.make_aware(datetime.combine(day, time(12)))


NOW = at(date(2027, 12, 31))


def applicant(company, no="20001", name="周晓明", born=date(2000, 5, 20)) -> Person:
    return Person.objects.create(
        employee_no=no,
        name=name,
        gender="M",
        birth_date=born,
        department=company.units["prod"],
        political_status=PoliticalStatus.MASSES,
    )


def members(company, n: int) -> list[Person]:
    """`n` more full members of 生产一支部 (王建国 the secretary is one already)."""
    return [add_member(company, f"m{i}", f"3000{i}", f"党员{i}") for i in range(n)]


def probationary(company) -> Person:
    person = add_member(company, "yubei", "39999", "吴预备")
    PartyMembership.objects.filter(person=person).update(kind=MemberKind.PROBATIONARY)
    return person


def meeting(company, day: date, *, present, absent=()):
    """A closed 支部党员大会 of 生产一支部 on `day` with these members present and absent."""
    statuses = {p: AttendanceStatus.PRESENT for p in present}
    statuses |= {p: AttendanceStatus.ABSENT for p in absent}
    return closed_meeting(company, statuses=statuses, code="general_meeting", starts_at=at(day))


def start(company, *, applied_on=date(2025, 1, 6), person=None) -> Admission:
    return services.admission_apply(
        actor=company.users["shuji"],
        person=person or applicant(company),
        branch=company.units["branch1"],
        applied_on=applied_on,
        now=NOW,
    )


def to_activist(company, admission, contacts, *, day=date(2025, 2, 10)):
    user = company.users["shuji"]
    services.admission_talk(
        actor=user, admission=admission, talked_on=date(2025, 1, 20), note="谈了入党动机", now=NOW
    )
    return services.admission_activist(
        actor=user, admission=admission, decided_on=day, contacts=contacts, now=NOW
    )


def review(company, admission, day):
    return services.admission_review(
        actor=company.users["shuji"], admission=admission, reviewed_on=day, note="表现良好", now=NOW
    )


def to_candidate(company, admission, contacts):
    to_activist(company, admission, contacts)
    review(company, admission, date(2025, 8, 10))
    review(company, admission, date(2026, 2, 9))
    return services.admission_candidate(
        actor=company.users["shuji"], admission=admission, decided_on=date(2026, 2, 10), now=NOW
    )


def to_publicity(company, admission, contacts, sponsors, *, start_day=date(2026, 4, 6)):
    user = company.users["shuji"]
    to_candidate(company, admission, contacts)
    services.admission_political(
        actor=user, admission=admission, done_on=date(2026, 3, 1), passed=True,
        note="政治审查合格", now=NOW,
    )  # fmt: skip
    services.admission_training(
        actor=user, admission=admission, start=date(2026, 3, 2), end=date(2026, 3, 4), now=NOW
    )
    services.admission_sponsors(actor=user, admission=admission, sponsors=sponsors, now=NOW)
    return services.admission_publicity(actor=user, admission=admission, start=start_day, now=NOW)
