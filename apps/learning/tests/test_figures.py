"""Figures against hand-computed values on a small fixture: my hours by quarter, a unit summary,
an assignment's completion, the contest's unit ranking, and the participation source."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core import participation
from apps.learning.models import Attempt, StudyRecord
from apps.learning.selectors import (
    assignment_progress,
    my_hours,
    ranking_units,
    required_course_finishers,
    unit_summary,
)
from apps.orgs.models import Person

from .factories import assign, make_course, make_quiz

YEAR = 2026


def at(month, day=15):
    return timezone.make_aware(datetime(YEAR, month, day, 10, 0))


@pytest.fixture
def records(company):
    """Records carry the learner's team (else department). 张伟 (运行一班, 生产部) 2.0 h in
    Feb + 1.5 h in May; 王建国 (生产部) 3.0 h in Nov;
    陈静 (技术部) 2.0 h in Feb; 李明 (生产部) a record of the year before (not counted)."""
    c2 = make_course(company, hours="2.0")
    c15 = make_course(company, hours="1.5")
    c3 = make_course(company, hours="3.0")
    p, u = company.people, company.units
    rows = [
        (p["zhigong"], c2, u["team1"], at(2)),
        (p["zhigong"], c15, u["team1"], at(5)),
        (p["shuji"], c3, u["prod"], at(11)),
        (p["tech_worker"], c2, u["tech"], at(2)),
        (p["bumen"], c2, u["prod"], timezone.make_aware(datetime(YEAR - 1, 12, 31, 23, 0))),
    ]
    for person, course, unit, when in rows:
        StudyRecord.objects.create(
            person=person, course=course, unit=unit, hours=course.hours, completed_at=when
        )
    return {"c2": c2, "c15": c15, "c3": c3}


def test_my_hours_by_quarter(company, records):
    data = my_hours(user=company.users["zhigong"], year=YEAR)
    assert [q["hours"] for q in data["quarters"]] == [Decimal("2.0"), Decimal("1.5"), 0, 0]
    assert data["total"] == Decimal("3.5")
    assert my_hours(user=company.users["bumen"], year=YEAR)["total"] == 0


def test_unit_summary(company, records):
    data = unit_summary(
        unit=company.units["company"], start=date(YEAR, 1, 1), end=date(YEAR + 1, 1, 1)
    )
    rows = {r["name"]: r for r in data["rows"]}
    # 生产部: 3 people on duty (王建国, 李明, 张伟), 2 learners, 6.5 h → 66.7 %, 2.2 h per person.
    prod = rows["生产部"]
    assert (prod["people"], prod["learners"], prod["hours"]) == (3, 2, Decimal("6.5"))
    assert prod["rate"] == 66.7 and prod["per_person"] == Decimal("2.2")
    tech = rows["技术部"]
    assert (tech["people"], tech["learners"], tech["hours"], tech["rate"]) == (
        1,
        1,
        Decimal("2.0"),
        100.0,
    )
    assert rows["安全部"]["learners"] == 0 and rows["安全部"]["rate"] == 0.0
    # The company itself: 刘芳 works at company level: "本级".
    assert rows["示范公司"]["own"] and rows["示范公司"]["people"] == 1
    assert (data["people"], data["learners"], data["hours"]) == (6, 3, Decimal("8.5"))
    assert data["rate"] == 50.0


def test_unit_summary_quarter_and_leavers(company, records):
    Person.objects.filter(pk=company.people["shuji"].pk).update(status="left")
    data = unit_summary(unit=company.units["prod"], start=date(YEAR, 1, 1), end=date(YEAR, 4, 1))
    rows = {r["name"]: r for r in data["rows"]}
    # Q1: only 张伟's February course; 王建国 has left (not counted as on duty or as a learner).
    assert rows["运行一班"]["learners"] == 1 and rows["运行一班"]["hours"] == Decimal("2.0")
    assert data["people"] == 2 and data["learners"] == 1


def test_assignment_progress(company, records):
    a = assign(company, records["c2"], unit_key="prod", due_days=0)
    a.due_on = date(YEAR, 1, 31)
    a.save()
    p = assignment_progress(assignment=a)
    # 生产部's 3 people: 李明 did the course last December (done, on time), 张伟 on 15 Feb
    # (done, late), 王建国 not at all.
    assert (p["total"], p["done"], p["on_time"], p["rate"]) == (3, 2, 1, 66.7)


def test_participation_source(company, records):
    assign(company, records["c2"], unit_key="company")
    source = participation.sources()["learning.required_courses"]
    assert source is required_course_finishers
    start, end = at(2, 1), at(3, 1)
    ids = set(source(start=start, end=end).values_list("person_id", flat=True))
    assert ids == {company.people["zhigong"].pk, company.people["tech_worker"].pk}
    # [start, end): a completion at `end` is the next period's; the optional course counts not.
    assert set(source(start=at(5, 1), end=at(6, 1)).values_list("person_id", flat=True)) == set()
    assert not source(start=at(2, 15) + timedelta(hours=1), end=at(3, 1)).exists()


def test_contest_unit_ranking(company):
    from apps.learning.services import attempt_start, attempt_submit

    from .factories import right_answers

    quiz = make_quiz(company)
    for username, right in (("zhigong", 4), ("shuji", 2), ("tech_shuji", 0)):
        user = company.users[username]
        if user.person_id is None:
            continue
        a = attempt_start(actor=user, quiz=quiz)
        answers = dict(list(right_answers(a.question_ids).items())[:right])
        attempt_submit(
            actor=user, attempt=a, answers=answers, now=a.started_at + timedelta(seconds=60)
        )
    units = ranking_units(quiz=quiz)
    # 生产部: 张伟 100 and 王建国 50 → average 75.
    assert [(u["unit__name"], u["takers"], float(u["avg"])) for u in units] == [("生产部", 2, 75.0)]
    assert Attempt.objects.filter(is_best=True).count() == 2


def test_individual_ranking_only_when_switched_on(company, records):
    from apps.learning.models import LearningSettings
    from apps.learning.selectors import hours_ranking

    args = {
        "unit": company.units["company"],
        "start": date(YEAR, 1, 1),
        "end": date(YEAR + 1, 1, 1),
    }
    assert hours_ranking(user=company.users["dangwei"], **args) is None
    LearningSettings.objects.create(rank_individuals=True)
    rows = hours_ranking(user=company.users["dangwei"], **args)
    assert [(r["person__name"], r["hours"]) for r in rows] == [
        ("张伟", Decimal("3.5")),
        ("王建国", Decimal("3.0")),
        ("陈静", Decimal("2.0")),
    ]
    # A secretary's ranking stays inside their scope.
    mine = hours_ranking(user=company.users["tech_shuji"], **args)
    assert [r["person__name"] for r in mine] == ["陈静"]


def test_assignment_by_unit_and_unfinished(company, records):
    from apps.learning.selectors import assignment_by_unit, assignment_unfinished

    a = assign(company, records["c2"], unit_key="company")
    rows = {
        r["name"]: (r["people"], r["done"], r["rate"]) for r in assignment_by_unit(assignment=a)
    }
    # 生产部 itself: 王建国 and 李明 (李明 did c2 last December); 运行一班: 张伟 (done);
    # 技术部: 陈静 (done); 安全部: 赵磊; the company itself: 刘芳.
    assert rows == {
        "生产部": (3, 2, 66.7),
        "技术部": (1, 1, 100.0),
        "安全部": (1, 0, 0.0),
        "示范公司": (1, 0, 0.0),
    }
    assert [p.name for p in assignment_unfinished(assignment=a)] == ["刘芳", "王建国", "赵磊"]
