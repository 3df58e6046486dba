"""The anonymous trail, the receipt code and its guessing limit (issue 14 §3)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model

from apps.core.models import IdempotentRequest, Notification
from apps.integrity import services
from apps.integrity.models import HandlerKey, Report, ReportEntry, ReportEvent

from .conftest import PHRASE

pytestmark = pytest.mark.django_db


def _submit(client, company, **extra):
    data = {"unit": company.units["company"].pk, "named": "0", "text": PHRASE, **extra}
    data["idempotency_key"] = "k-" + data["named"]
    return client.post("/integrity/report/", data)


def test_nothing_links_an_anonymous_report_to_its_sender(client, company, jiwei):
    user = company.users["zhigong"]
    client.force_login(user)
    logs, notes = LogEntry.objects.count(), Notification.objects.count()
    r = _submit(client, company)
    assert r.status_code == 200
    assert "sessionid" not in r.cookies  # the session is neither saved nor re-sent
    report = Report.objects.get()
    # no link of any kind to a user on the report, its entries or its events
    for model in (Report, ReportEntry):
        assert not [
            f
            for f in model._meta.get_fields()
            if getattr(f, "related_model", None) is get_user_model() and f.name != "author"
        ]
    assert ReportEvent.objects.get(report=report).actor is None
    assert LogEntry.objects.count() == logs  # no audit row, so no actor
    assert Notification.objects.count() == notes
    assert not IdempotentRequest.objects.exists()  # the answer (with the code) is not kept
    assert report.received_on and not hasattr(report, "created_at")
    assert set(report.keys) == {HandlerKey.objects.get(user=jiwei).rid}  # sealed to the 纪委 only


def test_named_and_anonymous_get_the_same_answer(client, company, jiwei):
    client.force_login(company.users["zhigong"])
    anonymous = _submit(client, company)
    named = _submit(client, company, named="1", name="张伟", contact="13800001003")
    assert anonymous.status_code == named.status_code == 200
    assert anonymous.templates[0].name == named.templates[0].name
    assert Report.objects.count() == 2


def test_a_named_report_needs_a_name_and_contact_and_keeps_what_was_typed(client, company, jiwei):
    client.force_login(company.users["zhigong"])
    r = _submit(client, company, named="1")
    assert r.status_code == 400
    assert "实名举报请填写姓名和联系方式" in r.content.decode()
    assert PHRASE in r.content.decode()
    assert not Report.objects.exists()


def test_empty_and_too_long_text_are_refused(client, company, jiwei):
    client.force_login(company.users["zhigong"])
    assert _submit(client, company, text="  ").status_code == 400
    r = _submit(client, company, text="字" * (services.TEXT_MAX + 1))
    assert r.status_code == 400
    assert not Report.objects.exists()


def test_the_receipt_code_shows_the_status_and_takes_added_information(client, company, report):
    client.logout()
    r = client.post("/integrity/receipt/", {"code": report.code.lower().replace("-", " ")})
    assert r.status_code == 200
    assert report.ref in r.content.decode() and PHRASE not in r.content.decode()
    r = client.post("/integrity/receipt/", {"code": report.code, "do": "add", "text": "补充一点"})
    assert r.status_code == 200 and "已加密送达" in r.content.decode()
    entry = ReportEntry.objects.get()
    assert entry.author is None and "补充一点".encode() not in bytes(entry.body)
    assert ReportEvent.objects.filter(report=report, action="add", actor=None).exists()


def test_wrong_codes_are_counted_and_refused_after_the_limit(client, company, report):
    for _ in range(services.RECEIPT_FAILURES):
        r = client.post("/integrity/receipt/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        assert r.status_code == 400
        assert "查询码不正确" in r.content.decode()
    r = client.post("/integrity/receipt/", {"code": report.code})  # even the right one now
    assert r.status_code == 429
    assert "错误次数过多" in r.content.decode()


def test_the_receipt_api_answers_the_status_without_login(client, company, report):
    r = client.post(
        "/api/v1/integrity/receipt", {"code": report.code}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["ref"] == report.ref
    r = client.post("/api/v1/integrity/receipt", {"code": "x"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "integrity.receipt_unknown"


def test_the_submit_api_answers_the_code_once_and_keeps_no_record(client, company, jiwei):
    client.force_login(company.users["zhigong"])
    r = client.post(
        "/api/v1/integrity/reports/submit",
        {
            "unit_id": company.units["company"].pk,
            "text": PHRASE,
            "named": True,
            "name": "张伟",
            "contact": "138",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert r.status_code == 201, r.content
    assert len(r.json()["code"]) == 19
    assert not IdempotentRequest.objects.exists()
    r = client.post(
        "/api/v1/integrity/reports/submit",
        {"unit_id": 999999, "text": PHRASE},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert Report.objects.count() == 1
