"""A survey of the named company, open now, with one question of each kind."""

from datetime import timedelta

from django.utils import timezone

from apps.orgs.testing import _person
from apps.surveys import services
from apps.surveys.choices import QuestionKind, SurveyKind


def make_survey(company, *, audience="company", open_it=True, min_group=5):
    admin = company.users["dangwei"]
    now = timezone.now()
    survey = services.survey_create(
        actor=admin,
        title="职工满意度测评",
        kind=SurveyKind.SATISFACTION,
        audience=company.units[audience],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        min_group=min_group,
    )
    services.question_add(
        actor=admin, survey=survey, text="食堂", kind=QuestionKind.SINGLE, options=["好", "差"]
    )
    services.question_add(
        actor=admin,
        survey=survey,
        text="最关心",
        kind=QuestionKind.MULTIPLE,
        options=["薪酬", "培训", "安全"],
    )
    services.question_add(actor=admin, survey=survey, text="总体打分", kind=QuestionKind.SCALE)
    services.question_add(
        actor=admin, survey=survey, text="建议", kind=QuestionKind.TEXT, required=False
    )
    if open_it:
        survey = services.survey_open(actor=admin, survey=survey)
    return survey


def add_prod_people(company, n: int, start: int = 0) -> list:
    """`n` more people in 生产部's team 运行一班."""
    return [
        _person(f"2{i:04d}", f"职工{i}", company.units["prod"], company.units["team1"])
        for i in range(start, start + n)
    ]


def answers(survey, single=0, multiple=(0,), scale=4, text=""):
    q = list(survey.questions.all())
    return {
        str(q[0].pk): single,
        str(q[1].pk): list(multiple),
        str(q[2].pk): scale,
        str(q[3].pk): text,
    }
