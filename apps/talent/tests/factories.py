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


def theory(company, c, *, weight=40):
    return services.round_add(
        actor=company.users["admin"],
        contest=c,
        kind=RoundKind.THEORY,
        name="理论考试",
        held_on=DAY,
        weight=weight,
    )
