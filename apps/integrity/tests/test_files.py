"""Files sent with a report or its added information: sealed like the text, checked before
anything is stored, downloaded decrypted only by an unlocked handler, every download logged
(issue 14 §3)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.integrity import services
from apps.integrity.models import AccessEntry, Report, ReportEntry, ReportFile

from .conftest import PHRASE, unlock

pytestmark = pytest.mark.django_db

SECRET = "回扣转账记录截图"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(24) + SECRET.encode() * 4
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64)


def png(name="证据-王某.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_a_report_file_is_sealed_and_only_an_unlocked_handler_downloads_it(client, company, jiwei):
    client.force_login(company.users["zhigong"])
    r = client.post(
        "/integrity/report/",
        {"unit": company.units["company"].pk, "named": "0", "text": PHRASE, "files": [png()]},
    )
    assert r.status_code == 200 and "receipt-code" in r.content.decode()
    report = Report.objects.get()
    row = ReportFile.objects.get()
    assert row.report == report and row.entry is None and row.size == len(PNG)
    # the stored bytes hold neither the file's content nor its name
    assert SECRET.encode() not in bytes(row.body) and PNG not in bytes(row.body)
    assert "王某".encode() not in bytes(row.meta)
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    assert SECRET not in out.getvalue() and "证据-王某" not in out.getvalue()
    url = f"/integrity/reports/{report.pk}/files/{row.pk}/"
    api = f"/api/v1/integrity/reports/{report.pk}/files/{row.pk}"
    # locked: the page asks for the passphrase, the API refuses, nothing is logged
    client.force_login(jiwei)
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith("/integrity/key/")
    assert client.get(api).status_code == 403
    detail = client.get(f"/api/v1/integrity/reports/{report.pk}").json()
    assert detail["files"] == [{"id": row.pk, "on": str(row.on), "size": row.size, "name": None}]
    assert not AccessEntry.objects.exists()
    # unlocked: the file comes back as it was sent, each download on the chain
    unlock(client, jiwei)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "证据-王某.png" in page and url in page
    r = client.get(url)
    assert r.status_code == 200 and r.content == PNG
    assert r["Content-Type"] == "image/png" and "no-store" in r["Cache-Control"]
    assert "attachment" in r["Content-Disposition"]
    r = client.get(api)
    assert r.status_code == 200 and r.content == PNG
    actions = list(AccessEntry.objects.order_by("seq").values_list("action", "report_id"))
    assert actions == [("open", report.pk), ("file", report.pk), ("api_file", report.pk)]


@pytest.mark.parametrize("who", ["admin", "dangwei", "zhigong"])
def test_anyone_but_the_jiwei_gets_404_on_a_file(client, company, jiwei, who):
    report, _code = services.report_submit(
        unit=company.units["company"], text=PHRASE, named=False, files=[png()]
    )
    row = ReportFile.objects.get()
    user = company.users[who]
    if who == "admin":
        user.is_superuser = user.is_staff = True
        user.save()
    client.force_login(user)
    assert client.get(f"/integrity/reports/{report.pk}/files/{row.pk}/").status_code == 404
    assert client.get(f"/api/v1/integrity/reports/{report.pk}/files/{row.pk}").status_code == 404
    if who == "admin":  # not in the admin at all
        assert client.get("/admin/integrity/reportfile/").status_code == 404


def test_a_disguised_or_oversized_file_is_refused_and_nothing_is_stored(
    client, company, jiwei, settings
):
    client.force_login(company.users["zhigong"])
    fake = SimpleUploadedFile("合同.pdf", EXE, content_type="application/pdf")
    r = client.post(
        "/integrity/report/",
        {"unit": company.units["company"].pk, "named": "0", "text": PHRASE, "files": [fake]},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "文件内容与扩展名“.pdf”不符" in html and PHRASE in html
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = png(data=PNG + bytes(1024 * 1024))
    r = client.post(
        "/integrity/report/",
        {"unit": company.units["company"].pk, "named": "0", "text": PHRASE, "files": [big]},
    )
    assert r.status_code == 400 and "文件过大" in r.content.decode()
    too_many = [png(f"{i}.png") for i in range(services.MAX_FILES + 1)]
    r = client.post(
        "/integrity/report/",
        {"unit": company.units["company"].pk, "named": "0", "text": PHRASE, "files": too_many},
    )
    assert r.status_code == 400 and "最多上传 5 个附件" in r.content.decode()
    assert not Report.objects.exists() and not ReportFile.objects.exists()


def test_the_receipt_code_adds_files_later(client, company, jiwei, report):
    r = client.post(
        "/integrity/receipt/",
        {"code": report.code, "do": "add", "text": "", "files": [png("补充.png")]},
    )
    assert r.status_code == 200 and "加密送达" in r.content.decode()
    entry = ReportEntry.objects.get()
    row = ReportFile.objects.get()
    assert row.entry == entry and row.report == report
    # a disguised one on the follow-up: refused, no entry, no file
    fake = SimpleUploadedFile("照片.jpg", EXE, content_type="image/jpeg")
    r = client.post(
        "/integrity/receipt/", {"code": report.code, "do": "add", "text": "又一条", "files": [fake]}
    )
    assert r.status_code == 400 and "不符" in r.content.decode()
    assert ReportEntry.objects.count() == 1 and ReportFile.objects.count() == 1
    # neither text nor file: asked for one
    r = client.post("/integrity/receipt/", {"code": report.code, "do": "add", "text": ""})
    assert r.status_code == 400 and "请填写补充内容或选择附件" in r.content.decode()
    # over the API (multipart, no login)
    client.logout()
    r = client.post(
        "/api/v1/integrity/receipt/files", {"code": report.code, "files": [png("三.png")]}
    )
    assert r.status_code == 200, r.content
    assert ReportFile.objects.count() == 2
    # the handler reads both names once unlocked
    unlock(client, jiwei)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "补充.png" in page and "三.png" in page


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode()


def test_the_json_submit_takes_files_in_base64_with_the_same_checks(
    client, company, jiwei, settings
):
    client.force_login(company.users["zhigong"])
    url = "/api/v1/integrity/reports/submit"
    body = {"unit_id": company.units["company"].pk, "text": PHRASE}

    def post(files):
        return client.post(url, {**body, "files": files}, content_type="application/json")

    # refusals, each in Chinese, nothing stored
    r = post([{"name": "合同.pdf", "content_base64": _b64(EXE)}])
    assert r.status_code == 400 and "不符" in r.json()["detail"]["message"]
    r = post([{"name": "a.png", "content_base64": "不是base64!"}])
    assert r.status_code == 400 and "base64" in r.json()["detail"]["message"]
    r = post([{"name": f"{i}.png", "content_base64": _b64(PNG)} for i in range(6)])
    assert r.status_code == 400 and "最多上传 5 个附件" in r.json()["detail"]["message"]
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    r = post([{"name": "big.png", "content_base64": _b64(PNG + bytes(1024 * 1024))}])
    assert r.status_code == 400 and "文件过大" in r.json()["detail"]["message"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # a body past Django's bound: 400
    r = post([{"name": "b.png", "content_base64": _b64(PNG + bytes(100 * 1024))}])
    assert r.status_code == 400
    assert not Report.objects.exists() and not ReportFile.objects.exists()
    # accepted: sealed like a page's file, the handler reads it back
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    r = post([{"name": "证据.png", "content_base64": _b64(PNG)}])
    assert r.status_code == 201 and len(r.json()["code"]) >= 16
    row = ReportFile.objects.get()
    assert row.size == len(PNG) and SECRET.encode() not in bytes(row.body)
    unlock(client, jiwei)
    r = client.get(f"/integrity/reports/{row.report_id}/files/{row.pk}/")
    assert r.status_code == 200 and r.content == PNG
