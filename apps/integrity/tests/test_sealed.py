"""A report is readable nowhere but through an unlocked 纪委 handler (issue 14 §3)."""

import io
import logging

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from apps.core.errors import DomainError
from apps.integrity import keyring, sealing, services
from apps.integrity.models import HandlerKey, Report, ReportEntry

from .conftest import PASSPHRASE, PHRASE, unlock

pytestmark = pytest.mark.django_db


def test_sealed_box_opens_only_with_its_private_key():
    private, public = sealing.new_keypair()
    other, _ = sealing.new_keypair()
    box = sealing.seal(b"secret", public)
    assert sealing.seal_open(box, private) == b"secret"
    with pytest.raises(sealing.OpenError):
        sealing.seal_open(box, other)
    tampered = box[:-1] + bytes([box[-1] ^ 1])
    with pytest.raises(sealing.OpenError):
        sealing.seal_open(tampered, private)


# Written by the `cryptography` implementation before the switch to PyNaCl (decision 0016):
# a handler key (passphrase "old-passphrase-1", Argon2id opslimit 1, memlimit 8 KiB) and a
# text sealed to it. PyNaCl must still unlock the key and open the text.
_OLD_SALT = "AAECAwQFBgcICQoLDA0ODw=="
_OLD_PRIVATE_BOX = (
    "etPVKxkrjZUkb5/eZpPerhUZveiFvrB3buJwv0AWCFuit6CVsiQV4nCrEC7k2qkor912sPJZ5xli9dwZ"
)
_OLD_PUBLIC = "f582SAQx/rQxmrd58zvvCPLbdcXsF/FQ7ZZBYqJrgGU="
_OLD_BODY = "uVE1fCm6ImBxJ4Ol03lYHyLpW5+5jk+ZeNYtAdiiK4O+3dxnzI0XdYHcHBon3u4bP9vHr9W9RzahaQ=="
_OLD_KEYS = {
    "h1": "0xis8rqZAtMajlFXkgcHGsqqwG6VsTG503vighi3WEMIPpb/T9kg6ihPtA5GMX/AnXWwwYroHTXJdAo8"
    "ttXeGwsmrIzBtUoSNun+huNxglg="
}


def test_boxes_sealed_before_the_switch_to_pynacl_still_open():
    wrap = sealing.passphrase_key(
        "old-passphrase-1", sealing.unb64(_OLD_SALT), iterations=1, memory_kib=8
    )
    private = sealing.secret_decrypt(wrap, sealing.unb64(_OLD_PRIVATE_BOX))
    assert sealing.public_of(private) == sealing.unb64(_OLD_PUBLIC)
    opened = sealing.envelope_open(sealing.unb64(_OLD_BODY), _OLD_KEYS, "h1", private)
    assert opened == {"text": "旧格式的举报"}
    other, _ = sealing.new_keypair()
    with pytest.raises(sealing.OpenError):
        sealing.envelope_open(sealing.unb64(_OLD_BODY), _OLD_KEYS, "h1", other)


def test_new_boxes_are_libsodium_sealed_boxes_and_integrity_imports_no_cryptography():
    from pathlib import Path

    from nacl.public import PrivateKey, SealedBox

    private, public = sealing.new_keypair()
    box = sealing.seal(b"k" * 32, public)
    assert SealedBox(PrivateKey(private)).decrypt(box) == b"k" * 32
    root = Path(sealing.__file__).parent
    lib = "crypto" + "graphy"  # not spelled out, or this file would match itself
    for path in root.rglob("*.py"):
        text = path.read_text()
        assert f"import {lib}" not in text and f"from {lib}" not in text, path


def test_a_planted_phrase_is_nowhere_but_in_the_unlocked_handlers_page(
    client, company, jiwei, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    client.force_login(company.users["zhigong"])
    r = client.post(
        "/integrity/report/",
        {
            "unit": company.units["company"].pk,
            "named": "1",
            "name": "张伟",
            "contact": "13800001003",
            "text": PHRASE,
        },
    )
    assert r.status_code == 200 and "receipt-code" in r.content.decode()
    report = Report.objects.get()
    services.report_add(report=report, text=PHRASE + "补充")
    # the database, as a backup file would hold it
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    assert PHRASE not in dump
    assert PHRASE.encode() not in bytes(report.body)
    # the superuser, the Django admin and the API
    admin = company.users["admin"]
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    for url in (
        "/admin/",
        "/admin/integrity/",
        "/admin/auditlog/logentry/",
        "/integrity/reports/",
        f"/integrity/reports/{report.pk}/",
        "/api/v1/integrity/reports",
        f"/api/v1/integrity/reports/{report.pk}",
    ):
        r = client.get(url)
        assert PHRASE not in r.content.decode(), url
    assert client.get("/admin/integrity/report/").status_code == 404
    # the logs of every request above
    assert PHRASE not in caplog.text
    # and the one place it is: the unlocked handler's page
    unlock(client, jiwei)
    page = client.get(f"/integrity/reports/{report.pk}/").content.decode()
    assert PHRASE in page and "张伟" in page


def test_the_session_holds_no_usable_key_and_the_cookie_alone_opens_nothing(
    client, company, jiwei, report
):
    unlock(client, jiwei)
    key = HandlerKey.objects.get(user=jiwei)
    session = Session.objects.get().get_decoded()
    held = session[keyring.SESSION_KEY]
    assert set(held) == {"key", "box", "until"}
    box = sealing.unb64(held["box"])
    with pytest.raises(sealing.OpenError):  # the session row alone decrypts nothing
        sealing.envelope_open(report.body, report.keys, key.rid, box[-32:])
    assert PASSPHRASE not in str(session)
    # without the cookie the page asks for the passphrase again
    client.cookies.pop(keyring.COOKIE)
    page = client.get(f"/integrity/reports/{report.pk}/").content.decode()
    assert PHRASE not in page and "unlock-form" in page


def test_the_escrow_key_opens_every_report(company, jiwei, settings):
    private, public = sealing.new_keypair()
    settings.INTEGRITY_ESCROW_PUBLIC_KEY = sealing.b64(public)
    report, _code = services.report_submit(unit=company.units["company"], text=PHRASE, named=False)
    assert sealing.envelope_open(report.body, report.keys, "escrow", private)["text"] == PHRASE


def test_no_handler_with_a_key_refuses_the_report_and_stores_nothing(client, company):
    client.force_login(company.users["zhigong"])
    r = client.post(
        "/integrity/report/",
        {"unit": company.units["company"].pk, "named": "0", "text": PHRASE},
    )
    assert r.status_code == 400
    assert "尚未设置受理密钥" in r.content.decode()
    assert PHRASE in r.content.decode()  # what was typed is kept
    assert not Report.objects.exists()


def test_a_handler_added_later_is_opened_to_by_a_colleague(client, company, jiwei, report):
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment, User

    late = User.objects.create_user(username="jiwei2", password="x")
    RoleAssignment.objects.create(user=late, role=Role.DISCIPLINE, unit=company.units["company"])
    late_key = services.handler_key_create(actor=late, passphrase=PASSPHRASE, confirm=PASSPHRASE)
    _key, private = services.handler_unlock(actor=late, passphrase=PASSPHRASE)
    with pytest.raises(DomainError) as e:
        services.report_open(actor=late, report=report, key=late_key, private=private)
    assert "未向您的密钥加密" in str(e.value.message)
    key, mine = services.handler_unlock(actor=jiwei, passphrase=PASSPHRASE)
    assert services.report_share(actor=jiwei, private=mine, key=key, to=late_key) == 1
    report.refresh_from_db()
    opened = services.report_open(actor=late, report=report, key=late_key, private=private)
    assert opened["report"]["text"] == PHRASE
    assert ReportEntry.objects.count() == 0
