"""A selection in 运行一班 of the named company, with team members who have accounts, five
judges, and helpers to walk it through its steps."""

from datetime import date, timedelta

from django.utils import timezone

from apps.accounts.models import User
from apps.orgs.models import Person

from .. import services
from ..choices import Grade

TODAY = date(2026, 3, 10)


def member(
    company, no: str, name: str, *, birth=date(1990, 5, 1), hired=date(2012, 7, 1), skill="3"
):
    person = Person.objects.create(
        employee_no=no,
        name=name,
        gender="M",
        department=company.units["prod"],
        team=company.units["team1"],
        birth_date=birth,
        hired_on=hired,
        skill_level=skill,
    )
    user = User.objects.create_user(username=f"u{no}", password="x", person=person)
    return person, user


def team(company, n: int = 5) -> list[tuple]:
    names = ("孙强", "周敏", "吴磊", "郑洁", "冯涛", "陈刚", "褚红", "卫东", "蒋平", "沈杰")
    return [member(company, f"2{i:04d}", names[i % len(names)]) for i in range(n)]


def make_selection(company, *, judges=(), **over):
    fields = {
        "title": "运行一班班组长公开竞聘",
        "team": company.units["team1"],
        "audience": company.units["prod"],
        "places": 1,
        "min_age": 25,
        "max_age": 45,
        "min_service_years": 3,
        "min_skill": "3",
        "weight_written": 0,
        "weight_interview": 70,
        "weight_vote": 30,
        "apply_from": TODAY - timedelta(days=5),
        "apply_until": TODAY + timedelta(days=5),
        "publicity_days": 5,
        "term_years": 3,
    }
    fields.update(over)
    return services.selection_create(actor=company.users["dangwei"], judges=judges, **fields)


def at(day: date, hour: int = 10):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


def to_rounds(company, selection, applicants):
    """Publish, let each (user, statement) apply on TODAY, close and start the rounds."""
    admin = company.users["dangwei"]
    services.selection_publish(actor=admin, selection=selection)
    made = [
        services.selection_apply(actor=u, selection=selection, statement="竞聘陈述", now=at(TODAY))
        for u in applicants
    ]
    services.selection_close_apply(actor=admin, selection=selection)
    services.selection_start_rounds(actor=admin, selection=selection)
    return made


def score_all(selection, judge_users, table: dict):
    """table: {applicant: [score per judge]}."""
    for applicant, scores in table.items():
        for user, score in zip(judge_users, scores, strict=True):
            services.score_give(actor=user, applicant=applicant, score=score)


def vote_all(selection, voters, grade=Grade.EXCELLENT):
    candidates = services.vote_candidates(selection, services.vote_round_open(selection))
    for user in voters:
        services.vote_cast(
            actor=user, selection=selection, grades={a.pk: grade for a in candidates}
        )
