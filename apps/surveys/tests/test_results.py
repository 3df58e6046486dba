from types import SimpleNamespace

import pytest

from apps.core.errors import NotFound
from apps.surveys import selectors, services
from apps.surveys.models import Survey, Tally
from apps.surveys.tallies import tally_rebuild

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


def test_the_results_read_counts_kept_at_each_submit_not_the_sheets(
    company, prod5, django_assert_max_num_queries
):
    """The counts grow with each answer in its own transaction, equal a recount of every sheet,
    and the results page reads them in a few queries whatever the number of sheets."""
    survey = make_survey(company)
    picks = [
        (0, (0, 2), 5, "食堂"),
        (1, (1,), 4, "宿舍"),
        (0, (0,), 4, "班车"),
        (0, (2,), 2, "夜班"),
    ]
    for person, (single, multiple, scale, text) in zip(prod5, [*picks, picks[0]], strict=True):
        _answer(survey, person, single=single, multiple=multiple, scale=scale, text=text)
    kept = sorted(survey.tallies.values_list("unit_id", "key", "count"))
    tally_rebuild(survey)
    assert sorted(survey.tallies.values_list("unit_id", "key", "count")) == kept
    with django_assert_max_num_queries(6):
        r = selectors.survey_results(user=company.users["dangwei"], survey=survey)
    single, multiple, scale, text = r.questions
    assert single.counts == [("好", 4), ("差", 1)]
    assert multiple.counts == [("薪酬", 3), ("培训", 1), ("安全", 3)]
    assert (scale.counts, scale.average) == (
        [("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 2)],
        4.0,
    )
    assert text.texts == ["夜班", "宿舍", "班车", "食堂", "食堂"]


def test_a_units_counts_are_made_together_at_its_first_answer(company, prod5):
    """The first sheet of a unit makes every count of it, the options nobody picked too: which
    rows exist (and their ids) says nothing of what that first sheet said."""
    survey = make_survey(company)
    _answer(survey, prod5[0], single=1, multiple=(2,), scale=3)
    counts = dict(survey.tallies.values_list("key", "count"))
    single, multiple, scale, text = (str(q.pk) for q in survey.questions.all())
    assert set(counts) == {
        "*",
        single, f"{single}:0", f"{single}:1",
        multiple, *(f"{multiple}:{i}" for i in range(3)),
        scale, *(f"{scale}:{s}" for s in range(1, 6)),
        text,
    }  # fmt: skip
    assert {k for k, n in counts.items() if n} == {
        "*", single, f"{single}:1", multiple, f"{multiple}:2", scale, f"{scale}:3"
    }  # fmt: skip
    field_names = {f.name for f in Tally._meta.get_fields()}
    assert field_names == {"id", "survey", "unit", "key", "count"}  # no person, no time
