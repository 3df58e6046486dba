"""Pages: each renders for the people it is for, refuses bad input with a message and no 500,
and keeps what was typed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.learning.choices import EssayStatus, QuizKind
from apps.learning.models import (
    Attempt,
    Course,
    EssayContest,
    EssaySubmission,
    Material,
    MaterialProgress,
    StudyRecord,
)
from apps.learning.services import attempt_start

from .factories import assign, make_course, make_quiz, opened_earlier, right_answers


@pytest.fixture
def world(company):
    course = make_course(company)
    assign(company, course)
    quiz = make_quiz(company)
    contest = make_quiz(company, kind=QuizKind.CONTEST)
    now = timezone.now()
    essay = EssayContest.objects.create(
        title="主题征文",
        unit=company.units["company"],
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    essay.judges.set([company.users["dangwei"]])
    return {"course": course, "quiz": quiz, "contest": contest, "essay": essay}


EVERYONE = ["/learning/", "/learning/hours/", "/learning/courses/", "/learning/quizzes/",
            "/learning/essays/"]  # fmt: skip
CADRE = ["/learning/summary/", "/learning/assignments/", "/learning/banks/",
         "/learning/courses/new/", "/learning/quizzes/new/", "/learning/essays/new/",
         "/learning/assignments/new/", "/learning/banks/new/"]  # fmt: skip


@pytest.mark.parametrize("username", ["zhigong", "shuji", "dangwei", "norole"])
def test_everyone_pages_render(client, company, world, username):
    client.force_login(company.users[username])
    for url in EVERYONE:
        assert client.get(url).status_code == 200, url
    for name in ("course", "quiz", "contest", "essay"):
        assert client.get(world[name].get_absolute_url()).status_code == 200, name


@pytest.mark.parametrize("username", ["shuji", "dangwei", "admin"])
def test_cadre_pages_render(client, company, world, username):
    client.force_login(company.users[username])
    for url in CADRE:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/learning/quizzes/{world['contest'].pk}/ranking/").status_code == 200


def test_cadre_pages_are_404_for_employees(client, company, world):
    client.force_login(company.users["zhigong"])
    for url in CADRE:
        assert client.get(url).status_code == 404, url
    # A quiz's ranking is off by default; a contest's is on.
    assert client.get(f"/learning/quizzes/{world['quiz'].pk}/ranking/").status_code == 404
    assert client.get(f"/learning/quizzes/{world['contest'].pk}/ranking/").status_code == 200
    assert client.get(f"/learning/quizzes/{world['quiz'].pk}/export/").status_code == 404


def test_read_materials_and_complete_course(client, company, world):
    user = company.users["zhigong"]
    client.force_login(user)
    course = world["course"]
    first, second = Material.objects.filter(course=course).order_by("order")
    r = client.get(f"/learning/materials/{first.pk}/")
    assert r.status_code == 200 and "学完了" in r.content.decode()
    # Marking done goes on to the next material; twice is once.
    assert client.post(f"/learning/materials/{first.pk}/")["Location"].endswith(
        f"/learning/materials/{second.pk}/"
    )
    client.post(f"/learning/materials/{first.pk}/")
    assert MaterialProgress.objects.filter(person=user.person).count() == 1
    r = client.post(f"/learning/courses/{course.pk}/", follow=True)
    assert "还有 1 份资料未学完" in r.content.decode()
    assert not StudyRecord.objects.exists()
    client.post(f"/learning/materials/{second.pk}/")
    # Every material done seconds after opening a two-hour course: the page says to wait.
    page = client.get(f"/learning/courses/{course.pk}/").content.decode()
    assert 'data-testid="study-time"' in page and "满 60 分钟" in page
    r = client.post(f"/learning/courses/{course.pk}/", follow=True)
    assert "满 60 分钟" in r.content.decode() and not StudyRecord.objects.exists()
    opened_earlier(user.person, course, hours=1)
    client.post(f"/learning/courses/{course.pk}/")
    client.post(f"/learning/courses/{course.pk}/")
    record = StudyRecord.objects.get()
    assert record.hours == Decimal("2.0") and record.unit == company.units["team1"]
    r = client.get("/learning/hours/")
    assert 'data-testid="total-hours">2.0<' in r.content.decode()


def test_take_quiz_page_and_result(client, company, world):
    user = company.users["zhigong"]
    client.force_login(user)
    quiz = world["quiz"]
    r = client.post(f"/learning/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get()
    assert r["Location"].endswith(f"/learning/attempts/{attempt.pk}/")
    page = client.get(r["Location"]).content.decode()
    assert 'data-testid="attempt-form"' in page
    data = {}
    for key, value in right_answers(attempt.question_ids).items():
        data[f"q{key}"] = value
    client.post(r["Location"], data)
    client.post(r["Location"], {})  # a double submit changes nothing
    attempt.refresh_from_db()
    assert attempt.score == 100
    page = client.get(r["Location"]).content.decode()
    assert 'data-testid="score">100.0<' in page
    # The window is still open: the answers are not shown yet.
    assert 'data-testid="answers-later"' in page and 'data-testid="answers"' not in page


def test_a_second_attempt_over_the_limit_gets_a_message(client, company, world):
    client.force_login(company.users["zhigong"])
    quiz = world["quiz"]
    attempt = attempt_start(actor=company.users["zhigong"], quiz=quiz)
    client.post(f"/learning/attempts/{attempt.pk}/", {})
    r = client.post(f"/learning/quizzes/{quiz.pk}/start/", follow=True)
    assert "已达到可答次数上限" in r.content.decode()
    assert Attempt.objects.count() == 1


def test_late_submission_gets_a_message_not_a_score(client, company, world):
    user = company.users["zhigong"]
    client.force_login(user)
    attempt = attempt_start(
        actor=user, quiz=world["quiz"], now=timezone.now() - timedelta(minutes=31)
    )
    r = client.post(f"/learning/attempts/{attempt.pk}/", {}, follow=True)
    body = r.content.decode()
    assert r.status_code == 200 and "已超过答题时限" in body
    attempt.refresh_from_db()
    assert attempt.score is None and attempt.submitted_at is None


def test_answers_shown_after_window(client, company, world):
    user = company.users["zhigong"]
    quiz = world["quiz"]
    attempt = attempt_start(actor=user, quiz=quiz)
    client.force_login(user)
    client.post(f"/learning/attempts/{attempt.pk}/", {})
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    page = client.get(f"/learning/attempts/{attempt.pk}/").content.decode()
    assert 'data-testid="answers"' in page and "正确答案" in page


def test_course_form_keeps_input_on_error(client, company):
    client.force_login(company.users["dangwei"])
    r = client.post(
        "/learning/courses/new/",
        {"title": "新课程", "theme": "safety", "hours": "500", "unit": company.units["company"].pk},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert 'value="新课程"' in body and not Course.objects.exists()


def test_material_upload_of_the_wrong_type(client, company, world):
    client.force_login(company.users["dangwei"])
    fake = SimpleUploadedFile("lesson.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(
        f"/learning/courses/{world['course'].pk}/materials/new/",
        {"title": "讲义", "kind": "pdf", "upload": fake},
    )
    assert r.status_code == 400
    assert "不符" in r.content.decode()
    assert Material.objects.filter(title="讲义").count() == 0
    exe = SimpleUploadedFile("lesson.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    r = client.post(
        f"/learning/courses/{world['course'].pk}/materials/new/",
        {"title": "讲义", "kind": "video", "upload": exe},
    )
    assert "不支持的文件类型" in r.content.decode()


def test_essay_submit_and_wrong_file(client, company, world):
    user = company.users["zhigong"]
    client.force_login(user)
    essay = world["essay"]
    bad = SimpleUploadedFile("essay.txt", b"hello", content_type="text/plain")
    r = client.post(f"/learning/essays/{essay.pk}/", {"title": "我的征文", "upload": bad})
    assert "PDF 或 Word" in r.content.decode() and 'value="我的征文"' in r.content.decode()
    assert not EssaySubmission.objects.exists()
    client.post(f"/learning/essays/{essay.pk}/", {"title": "我的征文", "body": "正文"})
    client.post(f"/learning/essays/{essay.pk}/", {"title": "改过的题目", "body": "正文"})
    assert EssaySubmission.objects.get().title == "改过的题目"


def test_essay_closed_window_refused(client, company, world):
    essay = world["essay"]
    essay.closes_at = timezone.now() - timedelta(minutes=1)
    essay.save()
    client.force_login(company.users["zhigong"])
    r = client.post(f"/learning/essays/{essay.pk}/", {"title": "迟到", "body": "x"}, follow=True)
    assert "不在征集时间内" in r.content.decode()
    assert not EssaySubmission.objects.exists()
    assert essay.status == EssayStatus.OPEN


def test_assignment_page_for_its_cadres(client, company, world):
    from apps.learning.models import CourseAssignment

    a = CourseAssignment.objects.get()
    client.force_login(company.users["shuji"])
    page = client.get(f"/learning/assignments/{a.pk}/").content.decode()
    assert page.count('data-testid="progress"') == 1
    assert page.count('data-testid="unfinished"') == 1 and "张伟" in page


def test_rich_text_editor_on_the_course_form(client, company):
    """The Trix widget renders from the project's templates (with its label and assets)."""
    client.force_login(company.users["dangwei"])
    page = client.get("/learning/courses/new/").content.decode()
    assert "<trix-editor" in page and "trix.umd.min.js" in page and "课程简介" in page


BIG = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        "/learning/summary/?unit=abc&year=x&quarter=9",
        f"/learning/summary/?unit={BIG}&year={BIG}",
        "/learning/summary/?unit=&quarter=",
        f"/learning/hours/?year={BIG}",
        "/learning/hours/?year=abc",
        f"/learning/quizzes/new/?bank={BIG}&bank=x",
        f"/learning/courses/?theme=nope&page={BIG}",
    ],
)
def test_bad_query_values_are_ignored_not_500(client, company, world, url):
    client.force_login(company.users["dangwei"])
    assert client.get(url).status_code == 200


def test_bad_ranking_unit_is_ignored(client, company, world):
    client.force_login(company.users["dangwei"])
    contest = world["contest"]
    for value in ("abc", BIG, "-1", ""):
        r = client.get(f"/learning/quizzes/{contest.pk}/ranking/?unit={value}")
        assert r.status_code == 200, value
    r = client.get(f"/api/v1/learning/quizzes/{contest.pk}/ranking?unit_id={BIG}")
    assert r.status_code == 422
    r = client.get(f"/api/v1/learning/summary?unit_id={BIG}&start=2026-01-01&end=2026-02-01")
    assert r.status_code == 422


def test_a_material_of_a_course_out_of_sight_is_not_found(client, company):
    """A material is fetched through Material.objects.visible_to: a course the learner does not
    see (not in the library, not assigned to them) hides its materials, on the page and the API;
    nothing is recorded."""
    from apps.learning.models import CourseStart

    course = make_course(company, unit_key="tech", library=False, materials=1)
    material = course.materials.get()
    client.force_login(company.users["zhigong"])
    assert client.get(f"/learning/materials/{material.pk}/").status_code == 404
    assert client.post(f"/learning/materials/{material.pk}/").status_code == 404
    assert client.post(f"/api/v1/learning/materials/{material.pk}/done").status_code == 404
    assert not MaterialProgress.objects.exists() and not CourseStart.objects.exists()
    course.is_library = True
    course.save()
    assert client.get(f"/learning/materials/{material.pk}/").status_code == 200
    assert CourseStart.objects.filter(course=course).count() == 1  # opening starts the clock
