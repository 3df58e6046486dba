"""Anonymous means anonymous: after an anonymous submit (and the submitter's later steps by
receipt code), nothing in the database links the appeal to the person; the code works, a wrong
code is refused, and guessing is rate-limited."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from apps.appeals import receipts, services
from apps.appeals.models import Appeal, AppealEvent
from apps.core.errors import DomainError
from apps.core.models import Attachment, Notification

from .factories import png, receipt_from, run_batch

pytestmark = pytest.mark.django_db

FORM = {
    "title": "班组长经常言语辱骂",
    "description": "近两个月多次在班前会上辱骂职工,希望组织上调查处理。",
    "urgency": "urgent",
    "anonymous": "on",
}


def _values(obj) -> set[str]:
    """Every field value of a row, as strings, for a 'does it mention X' check."""
    out = set()
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if value is not None:
            out.add(str(value))
            if isinstance(value, dict | list):
                out.add(json.dumps(value, ensure_ascii=False))
    return out


def _mentions(rows, needles) -> list:
    hits = []
    for row in rows:
        text = " ".join(_values(row))
        hits += [(row, n) for n in needles if n in _values(row) or f'"{n}"' in text]
    return hits


def _submit_anonymously(client, company):
    from apps.appeals.models import Category

    client.force_login(company.users["zhigong"])
    data = {**FORM, "category": Category.objects.get(name="工作环境").pk}
    data["files"] = [png("张伟的照片.png")]
    response = client.post(reverse("appeals:create"), data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    code = receipt_from(response)
    assert not Appeal.objects.exists()  # queued: the batch writes it
    run_batch(timezone.now())
    return Appeal.objects.get(), code


def test_anonymous_submit_leaves_no_trace_of_the_submitter(client, company):
    user, person = company.users["zhigong"], company.people["zhigong"]
    appeal, code = _submit_anonymously(client, company)
    # The submitter follows it up by code while logged in: still no trace.
    client.post(
        reverse("appeals:receipt"),
        {"code": code, "do": "add_info", "add_info-text": "补充:上周五又发生了"},
        REMOTE_ADDR="10.1.2.3",
    )
    run_batch(timezone.now())
    services.appeal_accept(
        actor=company.users["dangwei"], appeal=appeal, owner_unit=company.units["safety"]
    )
    appeal.refresh_from_db()
    services.appeal_resolve(actor=_head(company), appeal=appeal, text="已调查")
    client.post(
        reverse("appeals:receipt"),
        {"code": code, "do": "rate", "rate-rating": "4", "rate-comment": "处理及时"},
        REMOTE_ADDR="10.1.2.3",
    )
    run_batch(timezone.now())
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.rating == 4

    assert appeal.anonymous and appeal.submitter_id is None and appeal.submitter_unit_id is None
    assert appeal.receipt_digest == receipts.digest(code) and code not in _values(appeal)
    ct = ContentType.objects.get_for_model(Appeal)
    ids = {str(user.pk), str(person.pk)}
    names = {user.username, person.name, person.employee_no, "10.1.2.3", "运行一班"}

    # No row anywhere names the person, their login, their unit or their address.
    events = list(AppealEvent.objects.filter(appeal=appeal))
    assert all(e.actor_id is None and e.actor_name == "" for e in events if e.by_submitter)
    assert not [e for e in events if e.actor_id == user.pk]
    assert not _mentions(events, names)
    files = list(Attachment.objects.filter(owner_type=ct, owner_id=appeal.pk))
    assert len(files) == 1 and files[0].uploaded_by_id is None and "张伟" not in files[0].name
    entries = list(LogEntry.objects.filter(content_type=ct, object_id=appeal.pk))
    assert not [e for e in entries if e.actor_id == user.pk]
    assert not [e for e in entries if e.remote_addr == "10.1.2.3"]
    assert not LogEntry.objects.filter(actor=user).exists()
    assert not LogEntry.objects.filter(remote_addr="10.1.2.3").exists()
    assert not _mentions(entries, names)
    assert not Notification.objects.filter(user=user).exists()
    assert not _mentions(Notification.objects.all(), names)
    # and no column of the appeal that links to a person or login holds theirs
    for f in Appeal._meta.concrete_fields:
        if f.is_relation and f.related_model.__name__ in ("Person", "User"):
            assert str(getattr(appeal, f.attname)) not in ids, f.name


def _head(company):
    """安全部's head (赵磊, login norole) handles what his unit owns."""
    unit = company.units["safety"]
    unit.head = company.people["safety_worker"]
    unit.save()
    return company.users["norole"]


def test_the_submitter_does_not_see_it_among_their_own(client, company):
    _appeal, _code = _submit_anonymously(client, company)
    response = client.get(reverse("appeals:list"))
    assert response.status_code == 200
    assert FORM["title"] not in response.content.decode()


def test_receipt_code_shape_and_normalisation(company):
    code = receipts.new_code()
    assert len(code) == 19 and code.count("-") == 3
    assert receipts.well_formed(code.lower().replace("-", " "))
    assert receipts.digest(code) == receipts.digest(code.lower().replace("-", ""))
    assert not set(receipts.normalize(code)) & set("01IOL")


def test_receipt_page_works_logged_out_and_refuses_a_wrong_code(client, company):
    from .factories import submit

    appeal, code = submit(company, anonymous=True)
    response = client.post(reverse("appeals:receipt"), {"code": code.lower()})
    assert response.status_code == 200
    assert appeal.title in response.content.decode()
    wrong = "2345-6789-ABCD-EFGH"
    response = client.post(reverse("appeals:receipt"), {"code": wrong})
    assert response.status_code == 404
    assert "回执码不正确" in response.content.decode()
    response = client.post(reverse("appeals:receipt"), {"code": ""})
    assert response.status_code == 200 and "请输入回执码" in response.content.decode()


def test_guessing_is_rate_limited(client, company):
    from .factories import submit

    _appeal, code = submit(company, anonymous=True)
    url = reverse("appeals:receipt")
    for i in range(receipts.MAX_FAILURES):
        response = client.post(url, {"code": f"2345-6789-ABCD-{i:04d}"})
        assert response.status_code == 404
    response = client.post(url, {"code": code})  # even the right code, once throttled
    assert response.status_code == 429
    assert "错误次数过多" in response.content.decode()
    # another address is not affected
    response = client.post(url, {"code": code}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200


def test_guessing_through_the_api_is_rate_limited(client, company):
    from .factories import submit

    _appeal, code = submit(company, anonymous=True)
    url = "/api/v1/appeals/receipt"
    for _ in range(receipts.MAX_FAILURES):
        r = client.post(url, {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, content_type="application/json")
        assert r.status_code == 404
        assert r.json()["detail"]["code"] == "receipt_invalid"
    r = client.post(url, {"code": code}, content_type="application/json")
    assert r.status_code == 429 and r.json()["detail"]["code"] == "receipt_throttled"


def test_receipt_api_follows_and_rates_without_login(client, company):
    from .factories import answered

    _appeal, code = answered(company, anonymous=True)
    r = client.post("/api/v1/appeals/receipt", {"code": code}, content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "answered" and body["resolution"]
    assert set(body["actions"]) == {"add_info", "rate", "reopen"}
    assert all(e["actor"] is None or e["kind"] != "submitted" for e in body["events"])
    r = client.post(
        "/api/v1/appeals/receipt/rate",
        {"code": code, "rating": 9},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["field"] == "rating"
    r = client.post(
        "/api/v1/appeals/receipt/reopen",
        {"code": code, "reason": "问题依旧"},
        content_type="application/json",
    )
    # queued like the page's steps: written by the next batch
    assert r.status_code == 200 and r.json()["status"] == "answered"
    assert r.json()["pending"] == 1 and r.json()["pending_until"]
    run_batch(timezone.now())
    r = client.post("/api/v1/appeals/receipt", {"code": code}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "handling"
    assert r.json()["actions"] == ["add_info"] and r.json()["pending"] == 0


def test_anonymous_rows_carry_only_the_batch_time(company, django_capture_on_commit_callbacks):
    """An exact second could be matched against the moments a login was active: every row of
    an anonymous submit, and of a later step by code, carries the time of its batch."""
    from datetime import datetime

    from .factories import submit

    at = timezone.make_aware(datetime(2026, 3, 2, 10, 37, 12))
    batch = services.batch_time(at)
    assert batch == at.replace(hour=11, minute=0, second=0)  # hourly by default
    with django_capture_on_commit_callbacks(execute=True):
        appeal, _code = submit(company, anonymous=True, now=at, files=[png()])
    appeal.refresh_from_db()
    assert appeal.created_at == batch and appeal.updated_at == batch
    event = appeal.events.get()
    assert event.at == batch and event.actor_name == ""
    attachment = Attachment.objects.get()
    assert attachment.created_at == batch and attachment.updated_at == batch
    told = Notification.objects.filter(user=company.users["dangwei"])
    assert told.count() == 1 and told.get().created_at == batch
    # a later step by code keeps the order of the timeline and carries its own batch's time
    later = at.replace(hour=15, minute=8)
    when = services.appeal_queue_step(
        appeal=appeal, action="add_info", data={"text": "补充"}, now=later
    )
    assert when == later.replace(hour=16, minute=0, second=0)
    assert not appeal.events.filter(action="info_added").exists()  # not before the batch
    with django_capture_on_commit_callbacks(execute=True):
        run_batch(later)
    info = appeal.events.get(action="info_added")
    assert info.at == when


def _jpeg_with_exif(secret: bytes) -> bytes:
    import struct

    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    payload = b"Exif\x00\x00" + secret
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    scan = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\xff\xd9"
    return b"\xff\xd8" + app0 + app1 + scan


def _png_with_text(secret: bytes) -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
        + chunk(b"tEXt", b"Author\x00" + secret)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("name, make", [("a.jpg", _jpeg_with_exif), ("b.png", _png_with_text)])
def test_anonymous_photos_lose_their_metadata(company, name, make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import submit

    secret = "张伟 GPS 31.23N 121.47E".encode()
    data = make(secret)
    appeal, _ = submit(company, anonymous=True, files=[SimpleUploadedFile(name, data)])
    stored = Attachment.objects.get().file.read()
    assert secret not in stored and len(stored) < len(data)
    # named appeals keep the file as sent
    submit(company, files=[SimpleUploadedFile(name, data)])
    assert secret in Attachment.objects.exclude(owner_id=appeal.pk).get().file.read()


def test_one_rating_or_reopening_at_a_time_while_queued(client, company):
    from .factories import answered

    appeal, code = answered(company, anonymous=True)
    url = reverse("appeals:receipt")
    response = client.post(url, {"code": code, "do": "rate", "rate-rating": "4"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="pending"' in body
    assert 'data-testid="receipt-rate"' not in body and 'data-testid="receipt-reopen"' not in body
    assert 'data-testid="receipt-add_info"' in body
    response = client.post(url, {"code": code, "do": "reopen", "reopen-reason": "又坏了"})
    assert "当前状态下不能" in response.content.decode()
    with pytest.raises(DomainError) as e:
        services.appeal_queue_step(appeal=appeal, action="reopen", data={"reason": "又坏了"})
    assert e.value.code == "step_queued"
    run_batch(timezone.now())
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.rating == 4 and appeal.reopen_count == 0
