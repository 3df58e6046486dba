"""Anonymity that holds against correlation (issue 10 §2, docs/decisions/0007): one test per
channel the probes used to re-identify an anonymous appeal without any direct link.

- row order: ids and the ledger number of the appeal and of everything it creates
- times: rows say only the batch (see also test_anonymous.py::…_carry_only_the_batch_time)
- the uploaded file's modification time on disk
- the HTTP answer of a named and an anonymous submit
- the session row, rewritten on every other request
- a merged appeal's receipt page, which showed another employee's text and replies"""

import json
import os
import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from apps.appeals import receipts, services
from apps.appeals.models import Appeal, AppealEvent, Category, PendingWrite
from apps.appeals.services import anonymous
from apps.core.models import Attachment, Notification

from .factories import png, receipt_from, run_batch, submit

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
BATCH = AT.replace(hour=10)  # the batch that writes what came in between 09:00 and 10:00


def _rows(appeal):
    """Every row the appeal created: (appeal, events, attachments, notifications)."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Appeal)
    url = reverse("appeals:detail", args=[appeal.pk])
    return (
        [appeal.pk],
        list(AppealEvent.objects.filter(appeal=appeal).values_list("pk", flat=True)),
        list(
            Attachment.objects.filter(owner_type=ct, owner_id=appeal.pk).values_list(
                "pk", flat=True
            )
        ),
        list(Notification.objects.filter(url=url).values_list("pk", flat=True)),
    )


def test_row_order_does_not_place_an_anonymous_appeal_between_named_neighbours(
    company, django_capture_on_commit_callbacks
):
    """Named A at 09:10, anonymous X at 09:20, named B at 09:30: X and every row it creates
    (event, attachment, notifications) come after B, written by the 10:00 batch; until then X
    is only a queued write with a random id and no time but the batch's."""
    at = AT.replace(minute=10)
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = submit(company, "zhigong", now=at, files=[png()])
        _none, code = services.appeal_submit(
            actor=company.users["bumen"],
            category=Category.objects.get(name="食堂宿舍"),
            title="匿名反映的事",
            description="这件事只有少数几个人知道,所以匿名反映。",
            anonymous=True,
            files=[png()],
            now=at.replace(minute=20),
        )
        second, _ = submit(company, "bumen", now=at.replace(minute=30), files=[png()])

    assert _none is None and not Appeal.objects.filter(anonymous=True).exists()
    pending = PendingWrite.objects.get()
    assert isinstance(pending.pk, uuid.UUID)  # random, not a sequence
    times = [
        f.name
        for f in PendingWrite._meta.concrete_fields
        if f.get_internal_type() in ("DateTimeField", "DateField", "TimeField")
    ]
    assert times == ["batch_at"] and pending.batch_at == BATCH

    with django_capture_on_commit_callbacks(execute=True):
        assert run_batch(at) == 1
    hidden = Appeal.objects.get(receipt_digest=receipts.digest(code))
    rows = zip(_rows(hidden), _rows(first), _rows(second), strict=True)
    for mine, before_a, before_b in rows:
        assert mine, "each kind of row exists"
        assert min(mine) > max(before_a) and min(mine) > max(before_b)
    assert not PendingWrite.objects.exists()

    # its ledger number is random, not the row id
    assert re.fullmatch(rf"SQ2026-N[{receipts.ALPHABET}]{{6}}", hidden.number)
    assert f"{hidden.pk:06d}" not in hidden.number  # the row-id number it would have had
    assert first.number == f"SQ2026-{first.pk:06d}"  # named ones keep theirs
    # and it is found by that number (the ledger search, a merge)
    assert (
        services.appeal_get_for_merge(user=company.users["dangwei"], number=hidden.number) == hidden
    )


def test_the_every_minute_tick_runs_the_batch(company):
    from apps.core import periodic

    assert anonymous.anonymous_batch in periodic.hooks()
    services.appeal_submit(
        actor=company.users["zhigong"],
        category=Category.objects.get(name="食堂宿舍"),
        title="等批次的匿名诉求",
        description="匿名诉求的内容,至少五个字。",
        anonymous=True,
        now=AT.replace(minute=59, second=59),
    )
    assert anonymous.anonymous_batch(now=BATCH - timedelta(seconds=1)) == 0
    assert anonymous.anonymous_batch(now=BATCH) == 1
    assert Appeal.objects.get().created_at == BATCH and not PendingWrite.objects.exists()


def test_the_batch_writes_in_random_order_keeping_each_submitters_own_steps(company, monkeypatch):
    """The batch's order, not the order of arrival, decides the ids; the shuffle is the
    system's CSPRNG. One submitter's own steps keep their order among the shuffled rest."""
    import random

    assert isinstance(anonymous.shuffle.__self__, random.SystemRandom)
    monkeypatch.setattr(anonymous, "shuffle", lambda rows: rows.reverse())
    codes = []
    for minute in (5, 15, 25):
        _, code = services.appeal_submit(
            actor=company.users["zhigong"],
            category=Category.objects.get(name="食堂宿舍"),
            title=f"第 {minute} 分的匿名诉求",
            description="匿名诉求的内容,至少五个字。",
            anonymous=True,
            now=AT.replace(minute=minute),
        )
        codes.append(code)
    run_batch(AT)
    ids = [Appeal.objects.get(receipt_digest=receipts.digest(c)).pk for c in codes]
    assert ids == sorted(ids, reverse=True)  # the (reversed) batch order, not arrival

    # reversed, yet add-information-then-rate of one code stays in that order
    rows = [("a1", "A", 0), ("b1", "B", 0), ("a2", "A", 1), ("a3", "A", 2)]
    assert anonymous.batch_order(rows) == ["a1", "a2", "b1", "a3"]


def test_the_file_on_disk_carries_the_batch_time(company):
    """The file's modification time would say when it was sent, to the millisecond."""
    appeal, _ = submit(company, anonymous=True, now=AT.replace(minute=37, second=12), files=[png()])
    path = Attachment.objects.get(owner_id=appeal.pk).file.path
    assert os.stat(path).st_mtime == BATCH.timestamp()
    assert os.stat(path).st_atime == BATCH.timestamp()
    # a named appeal's file is stamped as the disk stamps it
    named, _ = submit(company, now=AT, files=[png()])
    path = Attachment.objects.get(owner_id=named.pk).file.path
    assert abs(os.stat(path).st_mtime - timezone.now().timestamp()) < 600


def _form(**kw):
    return {
        "category": Category.objects.get(name="交通出行").pk,
        "title": "通勤班车取消",
        "description": "三号线班车取消后,早班职工没有车可坐。",
        "urgency": "normal",
        **kw,
    }


def test_named_and_anonymous_submits_get_the_same_answer(client, login):
    """An access log (status, size, the next request) cannot tell them apart: both answer 302
    to the one page, with a Location of the same length, and that page is the same."""
    login("zhigong")
    named = client.post(reverse("appeals:create"), {**_form(), "files": [png()]})
    anon = client.post(reverse("appeals:create"), {**_form(anonymous="on"), "files": [png()]})
    assert named.status_code == anon.status_code == 302
    assert named.url.split("#")[0] == anon.url.split("#")[0] == reverse("appeals:submitted")
    assert len(named["Location"]) == len(anon["Location"])
    assert len(named.content) == len(anon.content) == 0
    assert sorted(named.cookies) == sorted(anon.cookies) == []  # no messages cookie either
    assert receipts.well_formed(receipt_from(anon))
    page_named = client.get(named.url.split("#")[0])
    page_anon = client.get(anon.url.split("#")[0])
    assert page_named.status_code == page_anon.status_code == 200
    assert len(page_named.content) == len(page_anon.content)


def test_named_and_anonymous_api_submits_get_the_same_answer(client, login):
    login("zhigong")
    data = {
        "category_id": Category.objects.get(name="劳动保护").pk,
        "title": "手套不够用",
        "description": "每月只发两副手套,不够用。",
    }
    url = "/api/v1/appeals"
    named = client.post(url, data, content_type="application/json")
    anon = client.post(url, {**data, "anonymous": True}, content_type="application/json")
    assert named.status_code == anon.status_code == 201
    assert len(named.content) == len(anon.content)
    assert named.json()["id"] and anon.json()["receipt_code"] and anon.json()["ready_at"]


def _session_row(client):
    row = Session.objects.get(session_key=client.session.session_key)
    return row.expire_date, row.session_data


def test_no_session_write_on_the_anonymous_requests(client, login, company, settings):
    """The session row's expire_date gives the moment of its last renewal: with a renewal due
    on every request, the submit, the page it lands on and the receipt pages leave it alone."""
    settings.SESSION_RENEW_SECONDS = 0
    login("zhigong")
    client.get(reverse("appeals:list"))  # an ordinary page rewrites the row …
    before = _session_row(client)
    client.get(reverse("appeals:list"))
    assert _session_row(client) != before  # … every time (else this test would prove nothing)
    before = _session_row(client)

    client.get(reverse("appeals:create"))  # the form's GET renews the idle clock, …
    before = _session_row(client)
    untouched = [  # … its submit does not, nor any of these
        response := client.post(reverse("appeals:create"), _form(anonymous="on")),
        client.get(response.url.split("#")[0]),
        client.post(reverse("appeals:create"), _form()),  # named: the same, by design
        client.get(reverse("appeals:receipt")),
    ]
    code = receipt_from(response)
    untouched.append(client.post(reverse("appeals:receipt"), {"code": code}))  # still queued
    run_batch(timezone.now())
    untouched += [
        client.post(reverse("appeals:receipt"), {"code": code}),
        client.post(
            reverse("appeals:receipt"),
            {"code": code, "do": "add_info", "add_info-text": "补充一句"},
        ),
        client.post("/api/v1/appeals/receipt", {"code": code}, content_type="application/json"),
        client.post(
            "/api/v1/appeals",
            {
                "category_id": Category.objects.get(name="劳动保护").pk,
                "title": "手套不够用",
                "description": "每月只发两副手套,不够用。",
                "anonymous": True,
            },
            content_type="application/json",
        ),
    ]
    assert [r.status_code for r in untouched] == [302, 200, 302, 200, 200, 200, 200, 200, 201]
    assert [i for i, r in enumerate(untouched) if "sessionid" in r.cookies] == []
    assert _session_row(client) == before
    assert Appeal.objects.filter(anonymous=True).count() == 1


def test_a_merged_appeals_receipt_shows_only_its_own(client, company):
    """Merged into another employee's appeal, the anonymous one's receipt page (and API) says
    how the original stands, and nothing of its text, its replies or its people."""
    original, _ = submit(
        company, "bumen", title="班车太挤", description="我是李明,电话 13812345678,班车太挤了。"
    )
    services.appeal_accept(
        actor=company.users["dangwei"],
        appeal=original,
        owner_unit=company.units["prod"],
        owner_person=company.people["bumen"],
    )
    original.refresh_from_db()
    services.appeal_reply(
        actor=company.users["bumen"], appeal=original, text="李明你好,请拨 13900001111 联系车队。"
    )
    services.appeal_resolve(
        actor=company.users["bumen"], appeal=original, text="已加开一班车,李明。"
    )
    dup, code = submit(company, anonymous=True, title="班车拥挤", description="早班班车拥挤不堪。")
    services.appeal_merge(actor=company.users["dangwei"], appeal=dup, original=original)

    page = client.post(reverse("appeals:receipt"), {"code": code})
    body = page.content.decode()
    assert page.status_code == 200 and "班车拥挤" in body and "早班班车拥挤不堪" in body
    assert 'data-testid="merged"' in body and "已答复" in body
    api = client.post("/api/v1/appeals/receipt", {"code": code}, content_type="application/json")
    assert api.status_code == 200 and api.json()["merged_status"] == "已答复"
    assert api.json()["resolution"] == ""
    for text in (body, json.dumps(api.json(), ensure_ascii=False)):
        for secret in ("李明", "13812345678", "13900001111", "班车太挤", "已加开一班车"):
            assert secret not in text, secret


def test_a_queued_code_answers_like_a_found_one(client, company):
    """Until its batch, a code answers 200 on the page (a 202 in the access log would say
    "submitted anonymously within the hour"), says when it will be found, and is not counted
    as a wrong guess."""
    _none, code = services.appeal_submit(
        actor=company.users["zhigong"],
        category=Category.objects.get(name="食堂宿舍"),
        title="还在排队的匿名诉求",
        description="匿名诉求的内容,至少五个字。",
        anonymous=True,
    )
    for _ in range(receipts.MAX_FAILURES + 1):
        page = client.post(reverse("appeals:receipt"), {"code": code})
        assert page.status_code == 200 and "随下一批匿名诉求写入台账" in page.content.decode()
    api = client.post("/api/v1/appeals/receipt", {"code": code}, content_type="application/json")
    assert api.status_code == 202 and api.json()["detail"]["code"] == "receipt_pending"


def test_a_named_appeal_merged_into_an_anonymous_one_does_not_show_it(client, login, company):
    """The other way round: the named duplicate's page does not name the anonymous original
    (its title is the anonymous submitter's words); the intake office still sees the link."""
    original, _ = submit(company, anonymous=True, title="匿名者写的标题")
    dup, _ = submit(company, "zhigong", title="班车拥挤")
    services.appeal_merge(actor=company.users["dangwei"], appeal=dup, original=original)
    login("zhigong")
    body = client.get(reverse("appeals:detail", args=[dup.pk])).content.decode()
    assert 'data-testid="merged"' in body and "已与相同诉求合并办理" in body
    assert "匿名者写的标题" not in body
    login("dangwei")
    body = client.get(reverse("appeals:detail", args=[dup.pk])).content.decode()
    assert "匿名者写的标题" in body
