"""Pages: the list (scoped, constant queries), the phone apply and vote forms keeping what was
typed on a refusal, the steps, the judges' table, out of scope a 404, the archive .docx."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from .. import services
from ..choices import Grade, SelectionStatus
from ..models import Applicant, Ballot, Selection
from .factories import make_selection, member, team


@pytest.fixture
def open_selection(company):
    today = timezone.localdate()
    s = make_selection(
        company, apply_from=today - timedelta(days=1), apply_until=today + timedelta(days=3)
    )
    services.selection_publish(actor=company.users["dangwei"], selection=s)
    return s


def test_list_is_scoped(client, company, login):
    login("dangwei")
    make_selection(company)
    r = client.get("/selections/")
    assert r.status_code == 200 and "运行一班班组长公开竞聘" in r.content.decode()
    login("tech_shuji")
    assert "运行一班班组长公开竞聘" not in client.get("/selections/").content.decode()


def test_list_query_count_does_not_grow_with_rows(client, company, login):
    login("dangwei")
    make_selection(company)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/selections/")
    for _ in range(4):
        make_selection(company)
    with CaptureQueriesContext(connection) as five:
        r = client.get("/selections/")
    assert len(five) == len(one)
    assert r.content.decode().count("运行一班班组长公开竞聘") == 5


def test_a_draft_is_the_organisers_and_out_of_scope_is_404(client, company, login):
    s = make_selection(company)
    login("zhigong")
    assert client.get(f"/selections/{s.pk}/").status_code == 404
    services.selection_publish(actor=company.users["dangwei"], selection=s)
    assert client.get(f"/selections/{s.pk}/").status_code == 200
    login("tech_shuji")
    assert client.get(f"/selections/{s.pk}/").status_code == 404


def test_create_refuses_weights_keeping_what_was_typed(client, company, login):
    login("dangwei")
    data = {
        "title": "检修二班班组长竞聘",
        "team": company.units["team1"].pk,
        "audience": company.units["prod"].pk,
        "places": 1,
        "weight_written": 0,
        "weight_interview": 60,
        "weight_vote": 30,
        "pool_bonus": "2",
        "apply_from": "2026-03-01",
        "apply_until": "2026-03-10",
        "publicity_days": 5,
        "term_years": 3,
        "judge_numbers": "10001 10002",
    }
    r = client.post("/selections/new/", data)
    html = r.content.decode()
    assert r.status_code == 400 and "权重之和须为 100(现为 90)" in html
    assert "检修二班班组长竞聘" in html and "10001 10002" in html
    assert not Selection.objects.exists()
    data["weight_vote"] = 40
    r = client.post("/selections/new/", data)
    s = Selection.objects.get()
    assert r.status_code == 302 and {p.name for p in s.judges.all()} == {"王建国", "李明"}


def test_apply_shows_the_checks_and_keeps_the_statement_on_refusal(
    client, company, login, open_selection
):
    login("zhigong")  # no birth date, hire date or skill level on the roster
    r = client.get(f"/selections/{open_selection.pk}/apply/")
    html = r.content.decode()
    assert r.status_code == 200 and "档案未登记" in html and "不符合" in html
    r = client.post(
        f"/selections/{open_selection.pk}/apply/", {"statement": "我熟悉本班组全部设备"}
    )
    html = r.content.decode()
    assert r.status_code == 400 and "不符合报名条件" in html and "我熟悉本班组全部设备" in html
    assert not Applicant.objects.exists()
    r = client.post(
        f"/selections/{open_selection.pk}/apply/",
        {
            "statement": "我熟悉本班组全部设备",
            "request_exception": "on",
            "exception_request": "获技术能手",
        },
    )
    assert r.status_code == 302
    assert Applicant.objects.get().status == "pending"


def test_vote_page_one_ballot_each(client, company, login, open_selection):
    members = team(company, 2)
    _p, applicant_user = member(company, "30001", "韩梅")
    services.selection_apply(actor=applicant_user, selection=open_selection, statement="陈述")
    admin = company.users["dangwei"]
    services.selection_close_apply(actor=admin, selection=open_selection)
    services.selection_start_rounds(actor=admin, selection=open_selection)
    a = Applicant.objects.get()
    client.force_login(members[0][1])
    page = client.get(f"/selections/{open_selection.pk}/vote/").content.decode()
    assert "韩梅" in page and "基本称职" in page
    r = client.post(f"/selections/{open_selection.pk}/vote/", {})
    assert r.status_code == 400 and Ballot.objects.count() == 0
    r = client.post(f"/selections/{open_selection.pk}/vote/", {f"c{a.pk}": Grade.EXCELLENT})
    assert r.status_code == 302
    r = client.post(f"/selections/{open_selection.pk}/vote/", {f"c{a.pk}": Grade.EXCELLENT})
    assert r.status_code == 400 and "每人只能投一次票" in r.content.decode()
    detail = client.get(f"/selections/{open_selection.pk}/").content.decode()
    assert "已投 1 / " in detail
    login("shuji")  # not in the team
    r = client.post(f"/selections/{open_selection.pk}/vote/", {f"c{a.pk}": Grade.EXCELLENT})
    assert r.status_code in (400, 404)
    assert Ballot.objects.count() == 1


def test_steps_and_archive_export(client, company, login, open_selection):
    judges = team(company, 5)
    open_selection.judges.set([p for p, _u in judges])
    _p, u1 = member(company, "30001", "韩梅")
    services.selection_apply(actor=u1, selection=open_selection, statement="陈述")
    login("dangwei")
    r = client.post(f"/selections/{open_selection.pk}/close_apply/")
    assert r.status_code == 302
    assert client.post(f"/selections/{open_selection.pk}/start_rounds/").status_code == 302
    r = client.post(f"/selections/{open_selection.pk}/publicize/")
    assert r.status_code == 400 and "还有评委未评分" in r.content.decode()
    a = Applicant.objects.get()
    client.force_login(judges[0][1])
    assert client.post(f"/selections/applicants/{a.pk}/score/", {"score": "101"}).status_code == 400
    assert client.post(f"/selections/applicants/{a.pk}/score/", {"score": "88"}).status_code == 302
    page = client.get(f"/selections/{open_selection.pk}/").content.decode()
    assert "已评 1 / 5" in page and "全部评委评完后显示" in page
    login("dangwei")
    r = client.get(f"/selections/{open_selection.pk}/export/")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "韩梅" in text and "88.00" in text
    login("zhigong")
    assert client.get(f"/selections/{open_selection.pk}/export/").status_code == 403
    assert (
        client.post(f"/selections/{open_selection.pk}/cancel/", {"reason": "x"}).status_code == 403
    )
    open_selection.refresh_from_db()
    assert open_selection.status == SelectionStatus.ROUNDS
