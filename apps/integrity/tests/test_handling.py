"""Keys, lockout, the access log's hash chain, the 纪委's handling and its scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core.errors import DomainError
from apps.integrity import selectors, services
from apps.integrity.models import AccessEntry, HandlerKey, Report
from apps.orgs.choices import UnitKind
from apps.orgs.testing import add
from apps.supervision.models import SupervisedItem

from .conftest import PASSPHRASE, PHRASE, unlock

pytestmark = pytest.mark.django_db


def test_a_short_or_mismatched_passphrase_is_refused(company):
    user = User.objects.create_user(username="j3", password="x")
    RoleAssignment.objects.create(user=user, role=Role.DISCIPLINE, unit=company.units["company"])
    with pytest.raises(DomainError, match="至少 12"):
        services.handler_key_create(actor=user, passphrase="short", confirm="short")
    with pytest.raises(DomainError, match="不一致"):
        services.handler_key_create(actor=user, passphrase=PASSPHRASE, confirm=PASSPHRASE + "x")
    assert not HandlerKey.objects.filter(user=user).exists()
    with pytest.raises(DomainError):  # not a 纪委 handler
        services.handler_key_create(
            actor=company.users["admin"], passphrase=PASSPHRASE, confirm=PASSPHRASE
        )


def test_wrong_passphrases_are_counted_and_lock_the_key(client, jiwei):
    client.force_login(jiwei)
    for left in (4, 3, 2, 1):
        r = client.post("/integrity/key/", {"passphrase": "wrong passphrase!"})
        assert r.status_code == 400
        assert f"再错 {left} 次" in r.content.decode()
    r = client.post("/integrity/key/", {"passphrase": "wrong passphrase!"})
    assert "已锁定" in r.content.decode()
    key = HandlerKey.objects.get(user=jiwei)
    assert key.locked_until is not None
    # locked: even the right passphrase is refused until the lock ends
    r = client.post("/integrity/key/", {"passphrase": PASSPHRASE})
    assert r.status_code == 400 and "已锁定" in r.content.decode()
    later = timezone.now() + timedelta(minutes=services.LOCK_MINUTES + 1)
    _key, private = services.handler_unlock(actor=jiwei, passphrase=PASSPHRASE, now=later)
    assert len(private) == 32
    key.refresh_from_db()
    assert key.failures == 0 and key.locked_until is None


def test_every_opening_is_chained_and_an_altered_row_is_found(client, jiwei, report):
    unlock(client, jiwei)
    for _ in range(3):
        assert PHRASE in client.get(f"/integrity/reports/{report.pk}/").content.decode()
    assert AccessEntry.objects.count() == 3
    assert selectors.access_verify() == {"ok": True, "count": 3, "bad_seq": None}
    r = client.get("/integrity/access-log/?verify=1")
    assert "verify-ok" in r.content.decode()
    # the ORM refuses to change or remove a row
    with pytest.raises(PermissionError):
        AccessEntry.objects.filter(seq=2).update(action="api_open")
    with pytest.raises(PermissionError):
        AccessEntry.objects.get(seq=2).delete()
    # a DBA alters a row behind the application's back
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE integrity_accessentry SET at = %s WHERE seq = 2",
            [timezone.now() - timedelta(days=3)],
        )
    assert selectors.access_verify() == {"ok": False, "count": 2, "bad_seq": 2}
    assert "verify-bad" in client.get("/integrity/access-log/?verify=1").content.decode()


def test_a_removed_row_breaks_the_chain(client, jiwei, report):
    unlock(client, jiwei)
    for _ in range(3):
        client.get(f"/integrity/reports/{report.pk}/")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM integrity_accessentry WHERE seq = 2")
    assert selectors.access_verify()["bad_seq"] == 3


def test_the_verify_command(client, jiwei, report, capsys):
    from django.core.management import call_command

    unlock(client, jiwei)
    client.get(f"/integrity/reports/{report.pk}/")
    call_command("integrity_verify_access_log")
    assert "1" in capsys.readouterr().out


@pytest.mark.parametrize("who", ["admin", "dangwei", "shuji", "zhigong", "norole"])
def test_anyone_but_the_jiwei_gets_404_on_every_report_url(client, company, report, who):
    user = company.users[who]
    if who == "admin":
        user.is_superuser = user.is_staff = True
        user.save()
    client.force_login(user)
    for url in (
        "/integrity/reports/",
        f"/integrity/reports/{report.pk}/",
        f"/integrity/reports/{report.pk}/register/",
        "/integrity/key/",
        "/integrity/share/",
        "/integrity/access-log/",
        "/api/v1/integrity/reports",
        f"/api/v1/integrity/reports/{report.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/integrity/reports/{report.pk}/register/", {}).status_code == 404


def test_signed_out_is_sent_to_login(client, report):
    r = client.get(f"/integrity/reports/{report.pk}/")
    assert r.status_code == 302 and "/login" in r["Location"]


def test_the_jiwei_of_another_company_gets_404(client, company, report):
    other = add(None, name="另一公司", kind=UnitKind.COMPANY, code="C2")
    user = User.objects.create_user(username="jiwei_other", password="x")
    RoleAssignment.objects.create(user=user, role=Role.DISCIPLINE, unit=other)
    client.force_login(user)
    assert client.get(f"/integrity/reports/{report.pk}/").status_code == 404
    assert client.get("/integrity/reports/").status_code == 200
    assert not selectors.report_list(user=user).exists()


def test_handling_by_the_four_forms_with_a_deadline_and_result(client, company, jiwei, report):
    today = timezone.localdate()
    step = services.report_step
    with pytest.raises(DomainError):  # not yet registered
        step(actor=jiwei, report=report, action="assess")
    step(actor=jiwei, report=report, action="register", note="已登记")
    step(actor=jiwei, report=report, action="assess")
    with pytest.raises(DomainError, match="处置方式"):
        step(actor=jiwei, report=report, action="dispose", disposition="bogus", due_on=today)
    with pytest.raises(DomainError, match="不能早于今天"):
        step(
            actor=jiwei,
            report=report,
            action="dispose",
            disposition="verify",
            due_on=today - timedelta(days=1),
        )
    step(
        actor=jiwei,
        report=report,
        action="dispose",
        disposition="verify",
        due_on=today + timedelta(days=30),
    )
    report.refresh_from_db()
    assert report.status == "disposing" and report.disposition == "verify"
    # others see in 督办 only that a confidential item is due
    item = SupervisedItem.objects.get(kind="integrity")
    assert item.title == "纪委保密事项" and PHRASE not in item.title
    with pytest.raises(DomainError, match="办理结果"):
        step(actor=jiwei, report=report, action="close")
    step(actor=jiwei, report=report, action="close", note="经核实,反映问题不属实")
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.status == "closed" and report.closed_on == today and item.closed_at
    # the result is sealed, readable by the handler
    key, private = services.handler_unlock(actor=jiwei, passphrase=PASSPHRASE)
    opened = services.report_open(actor=jiwei, report=report, key=key, private=private)
    assert [e["text"] for e in opened["entries"]] == ["已登记", "经核实,反映问题不属实"]
    # a closed report takes no more information
    r = client.post("/integrity/receipt/", {"code": report.code, "do": "add", "text": "再补充"})
    assert "已办结" in r.content.decode()


def test_the_step_page_refuses_with_the_message_and_stores_nothing(client, jiwei, report):
    client.force_login(jiwei)
    r = client.post(f"/integrity/reports/{report.pk}/close/", {"note": "x"})
    assert r.status_code == 400 and "当前状态不允许" in r.content.decode()
    assert Report.objects.get().status == "received"
    r = client.post(f"/integrity/reports/{report.pk}/register/", {"note": ""})
    assert r.status_code == 302


def test_the_report_list_reads_a_constant_number_of_queries(
    client, company, jiwei, django_assert_max_num_queries
):
    for i in range(3):
        services.report_submit(unit=company.units["company"], text=f"线索{i}", named=False)
    client.force_login(jiwei)
    with django_assert_max_num_queries(14):
        assert client.get("/integrity/reports/").status_code == 200
    for i in range(20):
        services.report_submit(unit=company.units["company"], text=f"线索{i}", named=False)
    with django_assert_max_num_queries(14):
        r = client.get("/integrity/reports/")
    assert r.context["page"].paginator.count == 23


def test_the_dispose_page_names_what_is_missing(client, jiwei, report):
    client.force_login(jiwei)
    services.report_step(actor=jiwei, report=report, action="register")
    services.report_step(actor=jiwei, report=report, action="assess")
    r = client.post(f"/integrity/reports/{report.pk}/dispose/", {"note": "拟初核"})
    assert r.status_code == 400 and "请选择处置方式" in r.content.decode()
    assert "拟初核" in r.content.decode()
    r = client.post(f"/integrity/reports/{report.pk}/dispose/", {"disposition": "talk"})
    assert r.status_code == 400 and "请填写办理期限" in r.content.decode()
    assert Report.objects.get().status == "assessed"
