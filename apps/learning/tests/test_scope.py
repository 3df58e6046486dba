"""Who sees what: a required course's assignment belongs to its unit; learners see their own
records, what is assigned to them and the library; secretaries their subtree's summaries.
Everything else is a 404 on the page and the API, the same as a record that does not exist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.scopekit import ScopeCase, scope_contract
from apps.learning.choices import Audience
from apps.learning.models import (
    Attempt,
    Course,
    CourseAssignment,
    EssayContest,
    EssaySubmission,
    Quiz,
    StudyRecord,
)
from apps.learning.services import attempt_start

from .factories import assign, make_course, make_quiz

USERS = ["admin", "dangwei", "shuji", "bumen", "zhigong", "tech_shuji", "norole"]


def _sees(client, company, username, page, api):
    client.force_login(company.users[username])
    codes = {client.get(page).status_code, client.get(api).status_code}
    assert codes in ({200}, {404}), (username, codes)
    return codes == {200}


@pytest.fixture
def required(company):
    course = make_course(company, unit_key="prod", library=False)
    assign(company, course, unit_key="prod")
    return course


COURSE = {"detail": "/learning/courses/{r.pk}/", "api_detail": "/api/v1/learning/courses/{r.pk}"}
QUIZ = {"detail": "/learning/quizzes/{r.pk}/", "api_detail": "/api/v1/learning/quizzes/{r.pk}"}


@pytest.fixture
def library(company):
    return make_course(company, unit_key="tech", library=True)


@pytest.fixture
def members_quiz(company):
    return make_quiz(company, unit_key="prod", audience=Audience.MEMBERS)


@pytest.fixture
def company_quiz(company):
    return make_quiz(company, unit_key="company", audience=Audience.ALL)


test_required_course_scope = scope_contract(
    ScopeCase(
        record="required",
        sees=["admin", "dangwei", "shuji", "bumen", "zhigong"],
        blind=["tech_shuji", "norole"],
        **COURSE,
    )
)

test_library_course_scope = scope_contract(
    ScopeCase(record="library", sees=USERS, blind=[], **COURSE)
)

# 张伟 (zhigong) works in 生产部 but is not a party member; the cadres reach it by role.
test_members_quiz_scope = scope_contract(
    ScopeCase(
        record="members_quiz",
        sees=["admin", "dangwei", "shuji", "bumen"],
        blind=["zhigong", "tech_shuji", "norole"],
        **QUIZ,
    )
)

# tech_shuji is a login with a role on 技术支部 but no employee record: not an employee.
test_company_quiz_scope = scope_contract(
    ScopeCase(
        record="company_quiz",
        sees=[u for u in USERS if u != "tech_shuji"],
        blind=["tech_shuji"],
        **QUIZ,
    )
)


def test_unpublished_library_course_only_for_its_unit(client, company):
    course = make_course(company, unit_key="tech", library=True)
    Course.objects.filter(pk=course.pk).update(published=False)
    assert not _sees(
        client, company, "zhigong", course.get_absolute_url(), "/api/v1/learning/courses/0"
    )
    assert _sees(
        client,
        company,
        "tech_shuji",
        course.get_absolute_url(),
        f"/api/v1/learning/courses/{course.pk}",
    )


def test_assignment_belongs_to_its_unit(client, company, required):
    a = CourseAssignment.objects.get()
    cadres = {
        u
        for u in USERS
        if _sees(
            client,
            company,
            u,
            f"/learning/assignments/{a.pk}/",
            f"/api/v1/learning/assignments/{a.pk}",
        )
    }
    assert cadres == {"admin", "dangwei", "shuji", "bumen"}
    # The learner sees the assignment (in "my required courses"), not its figures.
    assert CourseAssignment.objects.visible_to(company.users["zhigong"]).filter(pk=a.pk).exists()
    assert not CourseAssignment.objects.visible_to(company.users["norole"]).exists()


def test_attempt_is_its_takers_and_its_organisers(client, company):
    quiz = make_quiz(company, unit_key="prod")
    attempt = attempt_start(actor=company.users["zhigong"], quiz=quiz)
    seen = {
        u
        for u in USERS
        if _sees(
            client,
            company,
            u,
            f"/learning/attempts/{attempt.pk}/",
            f"/api/v1/learning/attempts/{attempt.pk}",
        )
    }
    assert seen == {"admin", "dangwei", "shuji", "bumen", "zhigong"}
    # Only the taker hands it in.
    client.force_login(company.users["bumen"])
    assert client.post(f"/learning/attempts/{attempt.pk}/", {}).status_code == 404
    r = client.post(
        f"/api/v1/learning/attempts/{attempt.pk}/submit",
        {"answers": {}},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert Attempt.objects.get().submitted_at is None


def test_study_records_and_summaries(client, company):
    course = make_course(company, unit_key="company")
    for key, unit in (("zhigong", "prod"), ("tech_worker", "tech")):
        StudyRecord.objects.create(
            person=company.people[key], course=course, unit=company.units[unit], hours=course.hours
        )
    visible = lambda u: set(  # noqa: E731
        StudyRecord.objects.visible_to(company.users[u]).values_list("person__name", flat=True)
    )
    assert visible("zhigong") == {"张伟"}
    assert visible("shuji") == {"张伟"}
    assert visible("tech_shuji") == {"陈静"}
    assert visible("norole") == set()
    assert visible("dangwei") == {"张伟", "陈静"}
    year = timezone.localdate().year
    client.force_login(company.users["shuji"])
    api = f"/api/v1/learning/summary?start={year}-01-01&end={year + 1}-01-01"
    assert client.get(f"{api}&unit_id={company.units['prod'].pk}").status_code == 200
    assert client.get(f"{api}&unit_id={company.units['tech'].pk}").status_code == 404
    assert (
        client.get(f"/learning/summary/?unit={company.units['tech'].pk}").context["unit"]
        == company.units["prod"]
    )
    client.force_login(company.users["zhigong"])
    assert client.get("/learning/summary/").status_code == 404


def test_essay_entries_hidden_until_published(client, company):
    now = timezone.now()
    contest = EssayContest.objects.create(
        title="征文", unit=company.units["company"], opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(days=1),
    )  # fmt: skip
    contest.judges.set([company.users["tech_shuji"]])
    entry = EssaySubmission.objects.create(
        contest=contest, person=company.people["zhigong"], unit=company.units["prod"], title="作品"
    )
    page = f"/learning/essays/entries/{entry.pk}/"
    seen = set()
    for u in USERS:
        client.force_login(company.users[u])
        if client.get(page).status_code == 200:
            seen.add(u)
    # The author, the judge, the organising company's cadres; not yet the others.
    assert seen == {"zhigong", "tech_shuji", "dangwei", "admin"}
    EssayContest.objects.filter(pk=contest.pk).update(status="published")
    client.force_login(company.users["norole"])
    assert client.get(page).status_code == 200


def test_anonymous(client, company, required):
    assert client.get("/learning/").status_code == 302
    assert client.get(f"/learning/courses/{required.pk}/").status_code == 302
    assert client.get("/api/v1/learning/courses").status_code == 401
    assert client.get("/api/v1/learning/quizzes").status_code == 401


def test_quiz_and_course_lists_only_hold_visible_rows(company, required):
    make_quiz(company, unit_key="prod", audience=Audience.MEMBERS)
    assert not Quiz.objects.visible_to(company.users["zhigong"]).exists()
    assert list(Course.objects.visible_to(company.users["norole"])) == []


def test_banks_and_questions_are_their_units(client, company):
    from .factories import make_bank

    bank = make_bank(company, unit_key="prod")
    pages = [f"/learning/banks/{bank.pk}/", f"/learning/banks/{bank.pk}/questions/new/",
             f"/learning/banks/{bank.pk}/import/"]  # fmt: skip
    api = f"/api/v1/learning/banks/{bank.pk}/questions"
    for username in USERS:
        client.force_login(company.users[username])
        codes = {client.get(url).status_code for url in [*pages, api]}
        expected = {200} if username in ("admin", "dangwei", "shuji", "bumen") else {404}
        assert codes == expected, username
        listed = client.get("/api/v1/learning/banks").json()["items"]
        assert (bank.pk in [b["id"] for b in listed]) == (expected == {200})


def test_material_of_a_course_out_of_reach(client, company, required):
    material = required.materials.first()
    client.force_login(company.users["norole"])
    assert client.get(f"/learning/materials/{material.pk}/").status_code == 404
    assert client.post(f"/learning/materials/{material.pk}/").status_code == 404
    assert client.post(f"/api/v1/learning/materials/{material.pk}/done").status_code == 404
    assert client.post(f"/learning/courses/{required.pk}/").status_code == 404
    assert client.get("/learning/materials/999999/").status_code == 404


def test_answered_after_the_window(company):
    from apps.core.errors import DomainError
    from apps.learning.services import attempt_submit
    from apps.learning.services.quizzes import GRACE

    quiz = make_quiz(company, minutes=60)
    user = company.users["zhigong"]
    start = quiz.closes_at - timedelta(minutes=5)
    attempt = attempt_start(actor=user, quiz=quiz, now=start)
    with pytest.raises(DomainError) as e:
        attempt_submit(actor=user, attempt=attempt, answers={}, now=quiz.closes_at + GRACE * 2)
    assert e.value.code == "time_up"
    assert Attempt.objects.get().score is None
