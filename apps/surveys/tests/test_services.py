import threading

import pytest
from django.db import connections
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.surveys import services
from apps.surveys.models import Invitation, Response

from .factories import add_prod_people, answers, make_survey


def test_opening_invites_every_active_person_of_the_audience(company):
    survey = make_survey(company, audience="prod")
    invited = set(Invitation.objects.filter(survey=survey).values_list("person_id", flat=True))
    people = company.people
    assert invited == {people["shuji"].pk, people["bumen"].pk, people["zhigong"].pk}


def test_an_employee_may_not_create_a_survey(company):
    with pytest.raises(Forbidden):
        services.survey_create(
            actor=company.users["zhigong"],
            title="x",
            kind="other",
            audience=company.units["team1"],
            opens_at=None,
            closes_at=None,
        )


def _refusal(survey, user, **kw):
    with pytest.raises(DomainError) as e:
        services.answer_submit(actor=user, survey=survey, answers=answers(survey, **kw))
    return e.value


@pytest.mark.parametrize(
    ("kw", "code", "message"),
    [
        ({"single": None}, "survey_answer_required", "第 1 题为必答题,请作答。"),
        ({"single": 2}, "survey_bad_option", "第 1 题的选项不正确,请重新选择。"),
        ({"single": -1}, "survey_bad_option", "第 1 题的选项不正确,请重新选择。"),
        ({"single": [0, 1]}, "survey_one_option", "第 1 题为单选题,只能选一项。"),
        ({"multiple": (0, 3)}, "survey_bad_option", "第 2 题的选项不正确,请重新选择。"),
        ({"multiple": ()}, "survey_answer_required", "第 2 题为必答题,请作答。"),
        ({"scale": 0}, "survey_bad_scale", "第 3 题请打 1 到 5 分。"),
        ({"scale": 6}, "survey_bad_scale", "第 3 题请打 1 到 5 分。"),
        ({"scale": "x"}, "survey_bad_scale", "第 3 题请打 1 到 5 分。"),
        ({"scale": True}, "survey_bad_scale", "第 3 题请打 1 到 5 分。"),
        ({"text": "字" * 501}, "survey_text_too_long", "第 4 题不能超过 500 个字(现有 501 个)。"),
    ],
)
def test_each_answer_is_checked_against_its_question(company, kw, code, message):
    survey = make_survey(company)
    error = _refusal(survey, company.users["zhigong"], **kw)
    assert (error.code, str(error.message)) == (code, message)
    assert not Response.objects.exists()
    invitation = Invitation.objects.get(survey=survey, person=company.people["zhigong"])
    assert invitation.answered_on is None


def test_the_edges_that_pass(company):
    survey = make_survey(company)
    services.answer_submit(
        actor=company.users["zhigong"],
        survey=survey,
        answers=answers(survey, single=1, multiple=(2, 0, 2), scale=5, text="字" * 500),
    )
    response = Response.objects.get()
    q = [str(pk) for pk in survey.questions.values_list("pk", flat=True)]
    assert response.answers == {q[0]: 1, q[1]: [0, 2], q[2]: 5, q[3]: "字" * 500}


def test_a_second_answer_is_refused(company):
    survey = make_survey(company)
    user = company.users["zhigong"]
    services.answer_submit(actor=user, survey=survey, answers=answers(survey))
    assert _refusal(survey, user).code == "survey_already_answered"
    assert Response.objects.count() == 1
    invitation = Invitation.objects.get(survey=survey, person=company.people["zhigong"])
    assert invitation.answered_on == timezone.localdate(survey.opens_at)  # the day, no time


def test_not_invited_and_closed_are_refused(company):
    survey = make_survey(company, audience="prod")
    assert _refusal(survey, company.users["norole"]).code == "survey_not_invited"
    services.survey_close(actor=company.users["dangwei"], survey=survey)
    assert _refusal(survey, company.users["zhigong"]).code == "survey_not_open"


def test_the_unit_kept_is_coarse_enough(company):
    # 生产部 has 3 invitees: too few, the response names the company; with 2 more it names 生产部.
    survey = make_survey(company)
    services.answer_submit(actor=company.users["zhigong"], survey=survey, answers=answers(survey))
    assert Response.objects.get().unit == company.units["company"]
    add_prod_people(company, 2)
    second = make_survey(company)
    services.answer_submit(actor=company.users["zhigong"], survey=second, answers=answers(second))
    assert Response.objects.get(survey=second).unit == company.units["prod"]


def test_a_response_names_no_person_and_no_time():
    fields = {f.name: f for f in Response._meta.get_fields()}
    assert set(fields) == {"id", "survey", "unit", "answers"}
    assert fields["id"].get_internal_type() == "UUIDField"
    assert fields["unit"].related_model._meta.label == "orgs.OrgUnit"
    assert fields["survey"].related_model._meta.label == "surveys.Survey"
    from auditlog.registry import auditlog

    assert not auditlog.contains(Response)
    assert not auditlog.contains(Invitation)


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_submit_stores_one_response(company):
    survey = make_survey(company)
    user = company.users["zhigong"]
    gate = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            gate.wait()
            services.answer_submit(actor=user, survey=survey, answers=answers(survey))
            outcomes.append("ok")
        except Exception as e:  # the loser is refused, or (SQLite) finds the table locked
            outcomes.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert Response.objects.filter(survey=survey).count() == 1
