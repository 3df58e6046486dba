from types import SimpleNamespace

import pytest

from apps.core.errors import NotFound
from apps.surveys import selectors, services
from apps.surveys.models import Survey

from .factories import add_prod_people, answers, make_survey


def _answer(survey, person, **kw):
    actor = SimpleNamespace(person_id=person.pk)
    services.answer_submit(actor=actor, survey=survey, answers=answers(survey, **kw))


@pytest.fixture
def prod5(company):
    return add_prod_people(company, 5)


def test_results_hand_computed(company, prod5):
    survey = make_survey(company)
    sheets = [
        (0, (0,), 5, "a"),
        (0, (0, 2), 4, "b"),
        (1, (2,), 4, ""),
        (0, (1,), 3, "c"),
        (1, (0,), 2, ""),
    ]
    for person, (single, multiple, scale, text) in zip(prod5, sheets, strict=True):
        _answer(survey, person, single=single, multiple=multiple, scale=scale, text=text)
    _answer(survey, company.people["tech_worker"], single=0, multiple=(1,), scale=1)

    r = selectors.survey_results(user=company.users["dangwei"], survey=survey)
    assert (r.invited, r.responses, r.hidden, r.rate) == (11, 6, False, 54.5)
    single, multiple, scale, text = r.questions
    assert single.counts == [("好", 4), ("差", 2)]
    assert multiple.counts == [("薪酬", 3), ("培训", 2), ("安全", 2)]
    assert scale.counts == [("1", 1), ("2", 1), ("3", 1), ("4", 2), ("5", 1)]
    assert scale.average == 3.17  # 19 / 6
    assert (text.answered, text.texts) == (3, [])  # three texts: fewer than five, not listed
    units = {u.unit.name: (u.responses, u.averages) for u in r.units}
    # 生产部 has 8 invitees, so its five answers keep it; 技术部's one answer is the company's.
    # 生产部's average (3.6) is hidden too: with the overall 19 / 6 it would tell the company's
    # one answer (19 − 5 × 3.6 = 1) — secondary suppression (test_small_cells).
    assert units == {"示范公司": (1, None), "生产部": (5, {scale.question.pk: None})}


def test_fewer_than_five_answers_show_nothing(company, prod5):
    survey = make_survey(company)
    for person in prod5[:4]:
        _answer(survey, person)
    r = selectors.survey_results(user=company.users["dangwei"], survey=survey)
    assert (r.responses, r.hidden, r.questions, r.units) == (4, True, [], [])


def test_open_text_is_listed_from_five_answers(company, prod5):
    survey = make_survey(company)
    for person, text in zip(prod5, "edcba", strict=True):
        _answer(survey, person, text=text)
    r = selectors.survey_results(user=company.users["dangwei"], survey=survey)
    assert r.questions[3].texts == ["a", "b", "c", "d", "e"]


def test_results_are_for_cadres_who_reach_the_audience(company):
    survey = make_survey(company)
    with pytest.raises(NotFound):
        selectors.survey_results(user=company.users["zhigong"], survey=survey)
    with pytest.raises(NotFound):
        selectors.survey_results(user=company.users["shuji"], survey=survey)


def test_who_sees_a_survey(company):
    survey = make_survey(company, audience="prod")
    seen = {
        name
        for name, user in company.users.items()
        if Survey.objects.visible_to(user).filter(pk=survey.pk).exists()
    }
    # cadres reaching 生产部 and the invited employee; not 技术 nor 安全 people.
    assert seen == {"admin", "dangwei", "shuji", "bumen", "zhigong"}
    assert [s.pk for s in selectors.surveys_to_answer(user=company.users["zhigong"])] == [survey.pk]
    assert list(selectors.surveys_to_answer(user=company.users["norole"])) == []
