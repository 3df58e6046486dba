"""A contest of 生产部 in the named company, judges with accounts, and helpers."""

from datetime import date

from apps.accounts.models import User
from apps.orgs.models import Person

from .. import services
from ..choices import RoundKind
from ..models import TalentLevel

DAY = date(2026, 3, 10)


def level(name="技师") -> TalentLevel:
    return TalentLevel.objects.get_or_create(name=name, defaults={"rank": 4})[0]


def worker(company, no: str, name: str, *, unit="prod", account=False):
    person = Person.objects.create(
        employee_no=no, name=name, gender="M", department=company.units[unit]
    )
    user = (
        User.objects.create_user(username=f"u{no}", password="x", person=person)
        if account
        else None
    )
    return person, user


def contest(company, *, actor=None, cap=None, unit="prod", **over):
    fields = {
        "title": "2026年职工职业技能竞赛",
        "level": "company",
        "year": 2026,
        "unit": company.units[unit],
        "start_on": DAY,
        "end_on": date(2026, 4, 30),
        "trades": "电工、焊工",
        "pool_level": level(),
        "award_cap": cap,
    }
    fields.update(over)
    return services.contest_create(actor=actor or company.users["admin"], **fields)


def entrant(company, c, person, *, trade=None):
    return services.entrant_add(
        actor=company.users["admin"],
        contest=c,
        person=person,
        trade=trade or c.trades.first(),
    )


def practical(company, c, judges, *, weight=60, max_score=100):
    return services.round_add(
        actor=company.users["admin"],
        contest=c,
        kind=RoundKind.PRACTICAL,
        name="实操考核",
        held_on=DAY,
        weight=weight,
        max_score=max_score,
        judges=judges,
    )


def quiz(company, *, opens=-48, closes=-1):
    """A quiz of 学习教育 in the company, closed an hour ago unless `closes` says otherwise."""
    from apps.learning.tests.factories import make_quiz

    return make_quiz(company, opens=opens, closes=closes)


def attempt(q, person, score, *, number=1, best=True):
    """A graded attempt of `person` at quiz `q` (server-timed: handed in before its deadline)."""
    from datetime import timedelta
    from decimal import Decimal

    from apps.learning.models import Attempt

    start = q.opens_at + timedelta(minutes=10)
    return Attempt.objects.create(
        quiz=q,
        person=person,
        unit=person.department,
        number=number,
        started_at=start,
        deadline_at=start + timedelta(minutes=q.time_limit_minutes),
        submitted_at=start + timedelta(minutes=20),
        score=Decimal(str(score)),
        passed=Decimal(str(score)) >= q.pass_score,
        duration_seconds=1200,
        is_best=best,
    )


def theory(company, c, *, weight=40, quiz=None, max_score=100):
    return services.round_add(
        actor=company.users["admin"],
        contest=c,
        kind=RoundKind.THEORY,
        name="理论考试",
        held_on=DAY,
        weight=weight,
        max_score=max_score,
        quiz=quiz,
    )


def excellent_card(company, unit_key: str, *, year=2025, grade="excellent", vetoed=False):
    """A locked 量化考核 result of `unit_key` for `year`, graded `grade`."""
    from apps.kpi.models import Period, Scheme, Scorecard

    unit = company.units[unit_key]
    scheme = Scheme.objects.create(year=year, unit_kind=unit.kind, name=f"{year}年度党建考核")
    period = Period.objects.create(
        scheme=scheme, start=date(year, 1, 1), end=date(year, 12, 31), status="locked"
    )
    return Scorecard.objects.create(
        period=period, unit=unit, total=95, grade=grade, rank=1, peers=3, vetoed=vetoed
    )


def excellent_member(company, person, *, branch="branch1", year=2025, closed=True):
    """A 民主评议党员 of `year` in `branch` that graded `person` 优秀."""
    from apps.appraisals.models import Appraisal, AppraisalEntry

    appraisal = Appraisal.objects.create(
        branch=company.units[branch], year=year, status="closed" if closed else "open"
    )
    return AppraisalEntry.objects.create(appraisal=appraisal, person=person, grade="excellent")
