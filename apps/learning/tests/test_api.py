"""The API: the same selectors and services as the pages; lists paginated with a query count
that does not grow with the rows; workflow actions with the pages' Chinese messages."""

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.learning.models import Attempt, EssayContest, Question, StudyRecord
from apps.learning.services import attempt_start, attempt_submit

from .factories import (
    assign,
    make_bank,
    make_course,
    make_quiz,
    opened_earlier,
    right_answers,
)

JSON = "application/json"


def test_take_a_quiz_over_the_api(client, company):
    quiz = make_quiz(company)
    client.force_login(company.users["zhigong"])
    r = client.post(f"/api/v1/learning/quizzes/{quiz.pk}/attempts")
    assert r.status_code == 201
    body = r.json()
    assert len(body["questions"]) == 4 and all(q["answer"] is None for q in body["questions"])
    answers = right_answers([q["id"] for q in body["questions"]])
    url = f"/api/v1/learning/attempts/{body['id']}/submit"
    r = client.post(url, {"answers": answers}, content_type=JSON)
    assert r.status_code == 200 and r.json()["score"] == "100.0"
    # The answer key stays hidden while the window is open; a second submit stores nothing new.
    assert all(q["answer"] is None for q in r.json()["questions"])
    r = client.post(url, {"answers": {}}, content_type=JSON)
    assert r.json()["score"] == "100.0" and Attempt.objects.count() == 1
    r = client.post(f"/api/v1/learning/quizzes/{quiz.pk}/attempts")
    assert r.status_code == 409 and "上限" in r.json()["detail"]["message"]


def test_late_submit_is_409(client, company):
    quiz = make_quiz(company, minutes=5)
    user = company.users["zhigong"]
    attempt = attempt_start(actor=user, quiz=quiz, now=timezone.now() - timedelta(minutes=6))
    client.force_login(user)
    r = client.post(
        f"/api/v1/learning/attempts/{attempt.pk}/submit", {"answers": {}}, content_type=JSON
    )
    assert r.status_code == 409 and r.json()["detail"]["code"] == "time_up"
    assert Attempt.objects.get().score is None


def test_bad_answers_are_422_not_500(client, company):
    quiz = make_quiz(company)
    client.force_login(company.users["zhigong"])
    attempt = client.post(f"/api/v1/learning/quizzes/{quiz.pk}/attempts").json()
    url = f"/api/v1/learning/attempts/{attempt['id']}/submit"
    assert client.post(url, {"answers": "A"}, content_type=JSON).status_code == 422
    assert client.post(url, "not json", content_type=JSON).status_code in (400, 422)


def test_course_workflow_over_the_api(client, company):
    course = make_course(company, materials=1)
    client.force_login(company.users["zhigong"])
    r = client.post(f"/api/v1/learning/courses/{course.pk}/complete")
    assert r.status_code == 400 and "未学完" in r.json()["detail"]["message"]
    material = course.materials.get()
    r = client.post(f"/api/v1/learning/materials/{material.pk}/done")
    # Done within seconds of opening a two-hour course: not yet (half its hours must pass).
    assert r.json()["can_complete"] is False
    r = client.post(f"/api/v1/learning/courses/{course.pk}/complete")
    assert r.status_code == 409 and "60 分钟" in r.json()["detail"]["message"]
    opened_earlier(company.people["zhigong"], course, hours=1)
    r = client.post(f"/api/v1/learning/courses/{course.pk}/complete")
    assert r.status_code == 200 and r.json()["hours"] == "2.0"
    r = client.get("/api/v1/learning/my/hours")
    assert r.json()["total"] == "2.0" and StudyRecord.objects.count() == 1


def test_check_quiz_completes_the_course(company):
    quiz = make_quiz(company)
    course = make_course(company, materials=1, quiz=quiz)
    user = company.users["zhigong"]
    from apps.learning.services import material_done

    material_done(actor=user, material=course.materials.get())
    opened_earlier(company.people["zhigong"], course)
    a = attempt_start(actor=user, quiz=quiz)
    attempt_submit(actor=user, attempt=a, answers={})  # failed: no record
    assert not StudyRecord.objects.exists()
    quiz.max_attempts = 2
    quiz.save()
    a = attempt_start(actor=user, quiz=quiz)
    attempt_submit(actor=user, attempt=a, answers=right_answers(a.question_ids))
    assert StudyRecord.objects.get().course == course


def test_cadre_creates_course_assignment_quiz(client, company):
    bank = make_bank(company)
    client.force_login(company.users["dangwei"])
    unit = company.units["company"].pk
    r = client.post(
        "/api/v1/learning/courses",
        {"title": "安全生产法", "theme": "safety", "hours": "2.5", "unit_id": unit},
        content_type=JSON,
    )
    assert r.status_code == 201
    course_id = r.json()["id"]
    today = timezone.localdate()
    r = client.post(
        "/api/v1/learning/assignments",
        {"course_id": course_id, "unit_id": company.units["prod"].pk, "starts_on": str(today),
         "due_on": str(today - timedelta(days=1))},
        content_type=JSON,
    )  # fmt: skip
    assert r.status_code == 400 and r.json()["detail"]["field"] == "due_on"
    r = client.post(
        "/api/v1/learning/assignments",
        {"course_id": course_id, "unit_id": company.units["prod"].pk, "starts_on": str(today),
         "due_on": str(today + timedelta(days=30))},
        content_type=JSON,
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["people"] == 3
    now = timezone.now()
    r = client.post(
        "/api/v1/learning/quizzes",
        {"title": "竞赛", "kind": "contest", "unit_id": unit, "opens_at": now.isoformat(),
         "closes_at": (now + timedelta(days=1)).isoformat(), "draw_mode": "random",
         "bank_ids": [bank.pk], "draw_count": 3},
        content_type=JSON,
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["ranking_visible"] is True
    r = client.post(
        "/api/v1/learning/quizzes",
        {"title": "竞赛", "unit_id": unit, "opens_at": now.isoformat(),
         "closes_at": now.isoformat(), "question_ids": []},
        content_type=JSON,
    )  # fmt: skip
    assert r.status_code == 400 and "截止时间" in r.json()["detail"]["message"]


def test_import_over_the_api(client, company):
    bank = make_bank(company)
    book = openpyxl.Workbook()
    book.active.append(["题型", "题干", "选项A", "选项B", "答案"])
    book.active.append(["单选题", "新题", "甲", "乙", "B"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(company.users["dangwei"])
    r = client.post(
        f"/api/v1/learning/banks/{bank.pk}/imports",
        {"upload": SimpleUploadedFile("q.xlsx", buffer.getvalue())},
    )
    assert r.status_code == 201 and r.json()["valid"] == 1
    assert Question.objects.count() == 4
    r = client.post(f"/api/v1/learning/imports/{r.json()['id']}/apply")
    assert r.status_code == 200 and Question.objects.count() == 5


def _many(company, n, tag) -> list[str]:
    """n of each listed record, named after `tag`: courses assigned to the whole company (so
    dangwei has them to do), quizzes with their banks, essay calls, dangwei's study records."""
    now = timezone.now()
    names = []
    for i in range(n):
        name = f"{tag}{i}"
        course = make_course(company, materials=0)
        course.title = f"课程{name}"
        course.save()
        assign(company, course, unit_key="company")
        quiz = make_quiz(company, bank=make_bank(company, name=f"题库{name}"))
        quiz.title = f"测验{name}"
        quiz.save()
        EssayContest.objects.create(
            title=f"征文{name}", unit=company.units["company"], audience="all",
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1),
        )  # fmt: skip
        StudyRecord.objects.create(
            person=company.people["dangwei"], course=course, unit=company.units["company"],
            hours=course.hours, completed_at=now - timedelta(hours=i),
        )  # fmt: skip
        names.append(name)
    return names


# Each list, and the records of `_many` it shows (by the prefix of their names).
LISTS = [
    ("/api/v1/learning/courses", "课程"),
    ("/api/v1/learning/quizzes", "测验"),
    ("/api/v1/learning/assignments", "课程"),
    ("/api/v1/learning/banks", "题库"),
    ("/api/v1/learning/essays", "征文"),
    ("/api/v1/learning/my/hours", "课程"),
    ("/api/v1/learning/my/required", "课程"),
    ("/learning/", "课程"),
    ("/learning/courses/", "课程"),
    ("/learning/quizzes/", "测验"),
    ("/learning/hours/", "课程"),
    ("/learning/banks/", "题库"),
    ("/learning/assignments/", "课程"),
    ("/learning/essays/", "征文"),
]


@pytest.mark.parametrize(("url", "prefix"), LISTS)
def test_query_count_does_not_grow(client, company, django_assert_max_num_queries, url, prefix):
    """Eight more records of each kind cost no query more, and the page shows them all."""
    client.force_login(company.users["dangwei"])
    _many(company, 2, "甲")
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    names = _many(company, 8, "乙")
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get(url)
    assert r.status_code == 200
    text = (
        r.content.decode()
        if url.startswith("/learning/")
        else json.dumps(r.json(), ensure_ascii=False)
    )
    missing = [name for name in names if f"{prefix}{name}" not in text]
    assert not missing, missing


def test_ranking_and_summary_query_counts(client, company, django_assert_max_num_queries):
    quiz = make_quiz(company, kind="contest")
    client.force_login(company.users["dangwei"])
    for username in ("zhigong", "shuji"):
        user = company.users[username]
        attempt_submit(actor=user, attempt=attempt_start(actor=user, quiz=quiz), answers={})
    with django_assert_max_num_queries(20):
        assert client.get(f"/learning/quizzes/{quiz.pk}/ranking/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/api/v1/learning/quizzes/{quiz.pk}/ranking").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/learning/summary/").status_code == 200
    r = client.get(f"/learning/quizzes/{quiz.pk}/export/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert sheet.max_row == 3


def test_no_per_question_result_before_the_window_closes(client, company):
    quiz = make_quiz(company)
    user = company.users["zhigong"]
    a = attempt_start(actor=user, quiz=quiz)
    attempt_submit(actor=user, attempt=a, answers=right_answers(a.question_ids))
    client.force_login(user)
    body = client.get(f"/api/v1/learning/attempts/{a.pk}").json()
    assert body["score"] == "100.0"
    assert {(q["answer"], q["correct"]) for q in body["questions"]} == {(None, None)}
    quiz.closes_at = timezone.now()
    quiz.save()
    body = client.get(f"/api/v1/learning/attempts/{a.pk}").json()
    assert all(q["correct"] and q["answer"] for q in body["questions"])


def test_materials_and_essays_over_the_api(client, company):
    course = make_course(company, materials=0)
    client.force_login(company.users["dangwei"])
    url = f"/api/v1/learning/courses/{course.pk}/materials"
    r = client.post(
        url, {"title": "讲义", "kind": "pdf", "upload": SimpleUploadedFile("a.pdf", b"MZ")}
    )
    assert r.status_code == 400 and r.json()["detail"]["field"] == "upload"
    r = client.post(url, {"title": "第一讲", "kind": "text", "body": "<p>内容</p>"})
    assert r.status_code == 201 and r.json()["materials"][0]["title"] == "第一讲"
    r = client.put(
        f"/api/v1/learning/courses/{course.pk}",
        {"title": "改名", "theme": "charter", "hours": "3", "unit_id": company.units["company"].pk},
        content_type=JSON,
    )
    assert r.status_code == 200 and r.json()["title"] == "改名"
    client.force_login(company.users["zhigong"])
    assert client.post(url, {"title": "x", "kind": "text", "body": "x"}).status_code == 403
    client.force_login(company.users["dangwei"])
    now = timezone.now()
    r = client.post(
        "/api/v1/learning/essays",
        {"title": "征文", "unit_id": company.units["company"].pk, "audience": "all",
         "opens_at": now.isoformat(), "closes_at": (now + timedelta(days=3)).isoformat(),
         "judge_ids": [company.users["admin"].pk]},
        content_type=JSON,
    )  # fmt: skip
    assert r.status_code == 201
    essay_id = r.json()["id"]
    client.force_login(company.users["zhigong"])
    r = client.post(
        f"/api/v1/learning/essays/{essay_id}/entries", {"title": "我的", "body": "正文"}
    )
    assert r.status_code == 201
    r = client.post(
        f"/api/v1/learning/entries/{r.json()['id']}/score", {"score": 90}, content_type=JSON
    )
    assert r.status_code == 403
