"""The pages and the API: scope (another scope is a 404), the board's queries do not grow with
its rows, a refused step keeps what was typed, the documents, reminders with a frozen clock,
the indicator."""

import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from apps.admission import services
from apps.admission.tasks import admission_remind
from apps.core import indicators
from apps.core.models import Notification

from .factories import NOW, applicant, at, meeting, probationary, start, to_activist, to_publicity


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _many(company, n, first=0):
    for i in range(first, first + n):
        start(company, person=applicant(company, no=f"2{i:04d}", name=f"申请人{i}"))


def test_board_and_api_queries_do_not_grow_with_the_rows(client, company, login):
    login("shuji")
    _many(company, 3)
    few = (_queries(client, "/admission/"), _queries(client, "/api/v1/admission/items"))
    _many(company, 12, first=3)
    many = (_queries(client, "/admission/"), _queries(client, "/api/v1/admission/items"))
    assert few == many
    page = client.get("/admission/").content.decode()
    assert "申请人14" in page and "谈话" in page


@pytest.mark.parametrize(
    ("user", "sees"),
    [
        ("shuji", True),
        ("dangwei", True),
        ("tech_shuji", False),
        ("bumen", False),
        ("zhigong", False),
    ],
)
def test_only_the_branch_and_the_committees_above_read_a_record(client, company, login, user, sees):
    admission = start(company)
    login(user)
    for url in (
        f"/admission/{admission.pk}/",
        f"/admission/{admission.pk}/talk/",
        f"/admission/{admission.pk}/docs/application.docx",
        f"/api/v1/admission/items/{admission.pk}",
    ):
        assert client.get(url).status_code == (200 if sees else 404), url
    board = client.get("/admission/").content.decode()
    assert ("周晓明" in board) == sees


def test_a_refused_step_keeps_what_was_typed(client, company, login, full):
    admission = start(company)
    services.admission_talk(
        actor=company.users["shuji"], admission=admission, talked_on=date(2025, 1, 20),
        note="谈话", now=NOW,
    )  # fmt: skip
    probationary(company)
    login("shuji")
    response = client.post(
        f"/admission/{admission.pk}/activist/",
        {"decided_on": "2025-02-10", "contacts": "39999", "note": "支委会一致同意"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "吴预备不是正式党员" in page and "39999" in page and "支委会一致同意" in page
    response = client.post(
        f"/admission/{admission.pk}/activist/",
        {"decided_on": "2025-02-10", "contacts": "10001", "note": ""},
    )
    assert response.status_code == 302
    admission.refresh_from_db()
    assert admission.status == "activist"


def test_the_secretary_cannot_approve_the_committee_can(client, company, login, full):
    admission = to_publicity(company, start(company), full[:1], full[1:3])
    services.admission_vote(
        actor=company.users["shuji"], admission=admission,
        meeting=meeting(company, date(2026, 4, 13), present=full), voters=full,
        favour=5, against=0, abstain=0, now=NOW,
    )  # fmt: skip
    login("shuji")
    assert client.get(f"/admission/{admission.pk}/approve/").status_code == 403
    login("dangwei")
    assert "党委谈话并审批" in client.get(f"/admission/{admission.pk}/").content.decode()


def test_api_apply_refuses_a_minor_with_the_message(client, company, login):
    login("shuji")
    young = applicant(company, born=date(2010, 1, 1))
    response = client.post(
        "/api/v1/admission/items",
        json.dumps({"person_id": young.pk, "branch_id": company.units["branch1"].pk,
                    "applied_on": "2026-01-05"}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "未满 18 岁" in json.dumps(response.json(), ensure_ascii=False)


def test_api_vote_without_quorum_is_refused_and_nothing_is_stored(client, company, login, full):
    admission = to_publicity(company, start(company), full[:1], full[1:3])
    m = meeting(company, date(2026, 4, 13), present=full[:2], absent=full[2:])
    login("shuji")
    response = client.post(
        f"/api/v1/admission/items/{admission.pk}/vote",
        json.dumps({"meeting_id": m.pk, "voter_ids": [p.pk for p in full[:2]], "favour": 2}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "no_quorum"
    assert not admission.votes.exists()


def test_the_documents_come_from_the_record(client, company, login, full):
    admission = to_publicity(company, start(company), full[:1], full[1:3])
    login("shuji")
    base = f"/admission/{admission.pk}/docs/"
    assert client.get(base + "vote.docx").status_code == 404  # no vote yet
    services.admission_vote(
        actor=company.users["shuji"], admission=admission,
        meeting=meeting(company, date(2026, 4, 13), present=full[:4], absent=full[4:]),
        voters=full[:4], favour=4, against=0, abstain=0, now=NOW,
    )  # fmt: skip

    def text(name):
        response = client.get(base + name)
        assert response.status_code == 200
        doc = Document(io.BytesIO(b"".join(response.streaming_content)))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)

    notice = text("publicity.docx")
    assert "周晓明" in notice and "2026年4月6日至2026年4月10日" in notice and "党员0" in notice
    book = text("application.docx")
    assert "2025年2月10日" in book and "政治审查合格" in book
    minutes = text("vote.docx")
    assert "赞成 4 票" in minutes and "通过" in minutes and "\n5\n" in f"\n{minutes}\n"


def test_reminders_before_the_deadline_once(company, django_capture_on_commit_callbacks):
    admission = start(company)  # the talk is due 2025-02-05; reminded 7 days before
    assert admission.next_due == date(2025, 2, 5)
    shuji = company.users["shuji"]
    with django_capture_on_commit_callbacks(execute=True):
        admission_remind(now=at(date(2025, 1, 28)))
    assert not Notification.objects.filter(user=shuji, title__contains="即将到期").exists()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            admission_remind(now=at(date(2025, 1, 29)))
    assert Notification.objects.filter(user=shuji, title__contains="即将到期").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        admission_remind(now=at(date(2025, 2, 6)))
    assert Notification.objects.filter(user=shuji, title__contains="已逾期").count() == 1


def test_the_indicator_counts_steps_on_time(company, full):
    on_time = start(company)
    late = start(company, person=applicant(company, no="20002", name="钱多多"))
    shuji = company.users["shuji"]
    services.admission_talk(actor=shuji, admission=on_time, talked_on=date(2025, 2, 5),
                            note="谈话", now=NOW)  # fmt: skip
    services.admission_talk(actor=shuji, admission=late, talked_on=date(2025, 2, 6),
                            note="谈话", now=NOW)  # fmt: skip
    calc = indicators.get("admission.on_time_rate")
    party = company.units["party"]
    value = calc.fn(units=[party], start=date(2025, 1, 1), end=date(2025, 12, 31))[party.pk]
    assert (value.numerator, value.denominator, float(value.value)) == (1, 2, 50.0)
    assert "branch=" in value.url


def test_the_settings_page_is_the_party_offices(client, company, login):
    login("shuji")
    assert client.get("/admission/settings/").status_code == 403
    login("dangwei")
    fields = {
        "min_age": 18, "talk_within_days": 30, "contacts_min": 2, "contacts_max": 1,
        "review_months": 6, "activist_months": 12, "training_days": 3, "training_hours": 24,
        "sponsors": 2, "publicity_workdays": 7, "approval_months": 3, "probation_months": 12,
        "remind_days": 7,
    }  # fmt: skip
    assert client.post("/admission/settings/", fields).status_code == 400
    assert client.post("/admission/settings/", fields | {"contacts_min": 1}).status_code == 302
    admission = to_activist(company, start(company), [company.people["shuji"]])
    assert admission.status == "activist"
