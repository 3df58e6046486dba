"""满意度测评得分 against hand-computed values: the mean of every 1–5 score of the satisfaction
surveys opened in the period, per subtree, × 20; a subtree of fewer than five sheets has none."""

import random
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from apps.core import indicators
from apps.orgs.models import Person
from apps.surveys import demo
from apps.surveys.models import Invitation, Question, Response, Survey
from apps.surveys.tallies import tally_add

START, END = date(2026, 1, 1), date(2026, 6, 30)


def _survey(company, *, opens, flagged=True):
    at = timezone.make_aware(datetime(*opens))
    survey = Survey.objects.create(
        title="测评",
        kind="satisfaction",
        audience=company.units["company"],
        opens_at=at,
        closes_at=at.replace(day=28),
        status="closed",
        counts_for_satisfaction=flagged,
    )
    make = Question.objects.create
    scale = make(survey=survey, order=1, text="总体", kind="scale")
    matrix = make(survey=survey, order=2, text="保障", kind="matrix", rows=["食堂", "宿舍"])
    choice = make(survey=survey, order=3, text="途径", kind="single", options=["a", "b"])
    return survey, str(scale.pk), str(matrix.pk), str(choice.pk)


def _sheets(survey, unit, sheets, keys):
    """Sheets stored as a submit stores them: the response and its counts."""
    scale, matrix, choice = keys
    questions = list(survey.questions.all())
    for s, m in sheets:
        answers = {scale: s, matrix: m, choice: 1}
        Response.objects.create(survey=survey, unit=unit, answers=answers)
        tally_add(survey=survey, questions=questions, unit_id=unit.pk, answers=answers)


def _values(company):
    units = list(company.units.values())
    got = indicators.get("surveys.satisfaction").fn(units=units, start=START, end=END)
    return {key: got[u.pk] for key, u in company.units.items()}


def test_the_score_per_subtree_hand_computed(company, django_assert_num_queries):
    survey, *keys = _survey(company, opens=(2026, 3, 1))
    prod = [(5, [4, 4]), (4, [5, 3]), (4, [3, 3]), (3, [4, 5]), (5, [5, 5])]
    _sheets(survey, company.units["prod"], prod, keys)  # 21 + 41 = 62 over 15 scores
    _sheets(survey, company.units["tech"], [(1, [2, 2]), (2, [1, 1])], keys)  # 9 over 6
    # Neither a survey not flagged nor one opened outside the period counts.
    other, *other_keys = _survey(company, opens=(2026, 3, 1), flagged=False)
    _sheets(other, company.units["prod"], [(1, [1, 1])] * 5, other_keys)
    late, *late_keys = _survey(company, opens=(2026, 7, 1))
    _sheets(late, company.units["prod"], [(1, [1, 1])] * 5, late_keys)

    with django_assert_num_queries(2):
        v = _values(company)
    assert v["prod"].value == Decimal("82.67")  # 62 / 15 × 20
    assert (v["prod"].numerator, v["prod"].denominator) == (62, 15)
    assert v["company"].value == Decimal("67.62")  # (62 + 9) / (15 + 6) × 20
    assert v["tech"].value is None  # two sheets: fewer than five
    assert v["team1"].value is None  # its sheets were kept at 生产部
    assert v["safety"].value is None


def test_the_demo_surveys_are_realistic_and_anonymous(company):
    from .factories import add_prod_people

    add_prod_people(company, 40)
    people = list(Person.objects.all())
    root = company.units["company"]
    made = demo.seed(
        rng=random.Random(1),
        company_root=root,
        people=people,
        units=[],
        now=timezone.now(),
        count=1,
    )
    assert made["surveys"] == 2
    satisfaction = Survey.objects.get(counts_for_satisfaction=True)
    thought = Survey.objects.get(counts_for_satisfaction=False)
    for survey in (satisfaction, thought):
        answered = Invitation.objects.filter(survey=survey, answered_on__isnull=False).count()
        assert answered == survey.responses.count() > 30
        assert survey.questions.count() >= 7
    # 技术部 and 安全部 have one person each: their sheets are kept at the company.
    units = set(Response.objects.values_list("unit__name", flat=True))
    assert units <= {"示范公司", "生产部"}
    today = timezone.localdate()
    v = indicators.get("surveys.satisfaction").fn(
        units=[root], start=today.replace(year=today.year - 1), end=today
    )[root.pk]
    assert Decimal("60") < v.value < Decimal("95")
