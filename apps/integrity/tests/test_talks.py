"""谈话提醒 and 诫勉谈话 of the 纪委: sealed like a report, readable only through an unlocked
handler, every opening on the hash-chained access log (issue 14 §3)."""

import io
import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core.errors import DomainError
from apps.integrity import selectors, services
from apps.integrity.models import AccessEntry, Talk

from .conftest import PASSPHRASE, unlock

pytestmark = pytest.mark.django_db

CONTENT = "提醒其注意与供应商王某的饭局往来"
STATEMENT = "本人表示今后坚决拒绝宴请"


def _talk(company, jiwei, **kw):
    fields = {
        "kind": "remind",
        "person": company.people["bumen"],
        "on": timezone.localdate(),
        "talkers": "纪委书记 周明",
        "content": CONTENT,
        "statement": STATEMENT,
        "follow_up": "三个月后回访",
    }
    return services.talk_create(actor=jiwei, **{**fields, **kw})


def test_a_talk_recorded_on_the_page_is_readable_only_unlocked(client, company, jiwei, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(jiwei)
    assert client.get("/integrity/talks/new/").status_code == 200
    r = client.post(
        "/integrity/talks/new/",
        {
            "kind": "admonish",
            "person": "10002",
            "on": timezone.localdate().isoformat(),
            "talkers": "纪委书记 周明、纪检干事 孙丽",
            "content": CONTENT,
            "statement": STATEMENT,
            "follow_up": "",
        },
    )
    talk = Talk.objects.get()
    assert r.status_code == 302 and r["Location"] == talk.get_absolute_url()
    assert talk.kind == "admonish" and talk.person == company.people["bumen"]
    assert talk.unit == company.units["prod"]
    # nowhere in the database (as a backup holds it), nor in the row's own bytes
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    assert CONTENT not in out.getvalue() and STATEMENT not in out.getvalue()
    assert CONTENT.encode() not in bytes(talk.body)
    # not for a superuser in the admin, nor in the API or the page without the key
    admin = company.users["admin"]
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    for url in ("/admin/", "/admin/integrity/", "/admin/auditlog/logentry/"):
        assert CONTENT not in client.get(url).content.decode(), url
    assert client.get("/admin/integrity/talk/").status_code == 404
    client.force_login(jiwei)
    page = client.get(talk.get_absolute_url()).content.decode()
    assert CONTENT not in page and "unlock-form" in page
    body = client.get(f"/api/v1/integrity/talks/{talk.pk}").json()
    assert body["sealed"] is True and body["content"] is None
    assert not AccessEntry.objects.exists()
    assert CONTENT not in caplog.text and STATEMENT not in caplog.text
    # unlocked: the page and the API read it, each opening chained on the log
    unlock(client, jiwei)
    page = client.get(talk.get_absolute_url()).content.decode()
    assert CONTENT in page and STATEMENT in page
    body = client.get(f"/api/v1/integrity/talks/{talk.pk}").json()
    assert body["sealed"] is False and body["statement"] == STATEMENT
    rows = list(AccessEntry.objects.order_by("seq"))
    assert [(e.talk_id, e.report_id, e.action) for e in rows] == [
        (talk.pk, None, "talk_open"),
        (talk.pk, None, "api_talk"),
    ]
    assert selectors.access_verify() == {"ok": True, "count": 2, "bad_seq": None}
    log = client.get("/integrity/access-log/").content.decode()
    assert "诫勉谈话" in log and "李明" in log


def test_an_altered_talk_row_of_the_access_log_is_found(company, jiwei):
    talk = _talk(company, jiwei)
    key, private = services.handler_unlock(actor=jiwei, passphrase=PASSPHRASE)
    for _ in range(3):
        assert services.talk_open(actor=jiwei, talk=talk, key=key, private=private)["content"]
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE integrity_accessentry SET action = 'file' WHERE seq = 2"
        )  # behind the ORM
    assert selectors.access_verify() == {"ok": False, "count": 2, "bad_seq": 2}


def test_a_wrong_passphrase_opens_nothing(client, company, jiwei):
    talk = _talk(company, jiwei)
    client.force_login(jiwei)
    r = client.post(
        "/integrity/key/?next=" + talk.get_absolute_url(), {"passphrase": "not the passphrase"}
    )
    assert r.status_code == 400 and "口令不正确" in r.content.decode()
    page = client.get(talk.get_absolute_url()).content.decode()
    assert CONTENT not in page
    assert not AccessEntry.objects.exists()
    with pytest.raises(DomainError, match="口令不正确"):
        services.handler_unlock(actor=jiwei, passphrase="still not it!")


@pytest.mark.parametrize("who", ["admin", "dangwei", "shuji", "zhigong", "norole"])
def test_anyone_but_the_jiwei_gets_404_on_every_talk_url(client, company, jiwei, who):
    talk = _talk(company, jiwei)
    user = company.users[who]
    if who == "admin":
        user.is_superuser = user.is_staff = True
        user.save()
    client.force_login(user)
    for url in (
        "/integrity/talks/",
        "/integrity/talks/new/",
        talk.get_absolute_url(),
        "/api/v1/integrity/talks",
        f"/api/v1/integrity/talks/{talk.pk}",
    ):
        assert client.get(url).status_code == 404, url
    r = client.post("/integrity/talks/new/", {"kind": "remind", "person": "10002"})
    assert r.status_code == 404
    r = client.post("/api/v1/integrity/talks", {}, content_type="application/json")
    assert r.status_code in (404, 422)
    assert Talk.objects.count() == 1


def test_the_jiwei_of_another_unit_sees_no_talk_and_cannot_talk_to_its_people(
    client, company, jiwei
):
    talk = _talk(company, jiwei)
    narrow = User.objects.create_user(username="jiwei_tech", password="x")
    RoleAssignment.objects.create(user=narrow, role=Role.DISCIPLINE, unit=company.units["tech"])
    services.handler_key_create(actor=narrow, passphrase=PASSPHRASE, confirm=PASSPHRASE)
    client.force_login(narrow)
    assert client.get(talk.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/integrity/talks/{talk.pk}").status_code == 404
    assert client.get("/integrity/talks/").context["page"].paginator.count == 0
    # 李明 (生产部) is outside the 技术部 纪委's scope: refused on the page, typed text kept
    r = client.post(
        "/integrity/talks/new/",
        {
            "kind": "remind",
            "person": "10002",
            "on": timezone.localdate().isoformat(),
            "talkers": "孙丽",
            "content": CONTENT,
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "不在您所在纪委的管辖范围内" in html and CONTENT in html
    # and over the API
    r = client.post(
        "/api/v1/integrity/talks",
        {
            "kind": "remind",
            "person_id": company.people["bumen"].pk,
            "on": timezone.localdate().isoformat(),
            "talkers": "孙丽",
            "content": CONTENT,
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "integrity.person_out_of_scope"
    assert Talk.objects.count() == 1


def test_bad_input_is_refused_with_its_message_and_nothing_stored(client, company, jiwei):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="不能晚于今天"):
        _talk(company, jiwei, on=today + timedelta(days=1))
    with pytest.raises(DomainError, match="请填写谈话人"):
        _talk(company, jiwei, talkers="  ")
    with pytest.raises(DomainError, match="谈话内容"):
        _talk(company, jiwei, content="")
    with pytest.raises(DomainError):
        _talk(company, jiwei, kind="scold")
    client.force_login(jiwei)
    r = client.post("/integrity/talks/new/", {"kind": "remind", "person": "99999"})
    assert r.status_code == 400 and "没有工号为“99999”的职工" in r.content.decode()
    r = client.post(
        "/api/v1/integrity/talks",
        {
            "kind": "remind",
            "person_id": 987654,
            "on": today.isoformat(),
            "talkers": "孙丽",
            "content": CONTENT,
        },
        content_type="application/json",
    )
    assert r.status_code == 422
    assert not Talk.objects.exists()


def test_the_api_records_a_talk(client, company, jiwei):
    client.force_login(jiwei)
    r = client.post(
        "/api/v1/integrity/talks",
        {
            "kind": "admonish",
            "person_id": company.people["zhigong"].pk,
            "on": timezone.localdate().isoformat(),
            "talkers": "周明",
            "content": CONTENT,
            "statement": STATEMENT,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["sealed"] is True and body["person"]["name"] == "张伟"
    assert Talk.objects.get().unit == company.units["prod"]


def test_the_talk_list_reads_a_constant_number_of_queries(
    client, company, jiwei, django_assert_max_num_queries
):
    for _ in range(3):
        _talk(company, jiwei)
    client.force_login(jiwei)
    with django_assert_max_num_queries(14):
        assert client.get("/integrity/talks/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/integrity/talks").json()["count"] == 3
    for person in ("zhigong", "shuji", "tech_worker", "safety_worker"):
        for _ in range(5):
            _talk(company, jiwei, person=company.people[person])
    with django_assert_max_num_queries(14):
        r = client.get("/integrity/talks/")
    assert r.context["page"].paginator.count == 23
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/integrity/talks").json()["count"] == 23
