"""A 纪委 upload never touches the disk: Django spools a file over FILE_UPLOAD_MAX_MEMORY_SIZE
to a temporary file in the clear; the report, receipt and receipt-files views keep it in
memory, bounded by the integrity size limit (apps/integrity/uploads.py)."""

from unittest import mock

import pytest
from django.core.files import temp as django_temp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from apps.integrity.models import Report, ReportFile
from apps.integrity.uploads import MemoryOnlyUploadHandler

from .conftest import PHRASE

pytestmark = pytest.mark.django_db

BIG = b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)  # 3 MB: past Django's 2.5 MB default


def big_png(name="大图.png"):
    return SimpleUploadedFile(name, BIG, content_type="image/png")


@pytest.fixture
def spool(settings, tmp_path):
    """Django's default spooling threshold, a temp dir of our own, and every temporary file
    Django's upload machinery opens recorded."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    made = []
    real = django_temp.NamedTemporaryFile

    def recording(*args, **kwargs):
        made.append(kwargs.get("suffix"))
        return real(*args, **kwargs)

    with mock.patch.object(django_temp, "NamedTemporaryFile", recording):
        yield tmp_path, made


def test_the_check_would_see_django_spool_a_3mb_file(spool):
    """The control: without the swap, Django writes this file to a temporary file."""
    _tmp, made = spool
    request = RequestFactory().post("/x/", {"files": [big_png()]})
    assert request.FILES["files"].size == len(BIG)
    assert made, "Django's default handlers should have spooled 3 MB"


def test_a_3mb_attachment_on_the_report_page_is_never_written_to_disk(
    client, company, jiwei, spool
):
    tmp, made = spool
    client.force_login(company.users["zhigong"])
    r = client.post(
        "/integrity/report/",
        {"unit": company.units["company"].pk, "named": "0", "text": PHRASE, "files": [big_png()]},
    )
    assert r.status_code == 200 and "receipt-code" in r.content.decode()
    assert ReportFile.objects.get().size == len(BIG)
    assert made == [] and list(tmp.iterdir()) == []


def test_a_3mb_attachment_by_receipt_page_and_api_is_never_written_to_disk(
    client, company, report, spool
):
    tmp, made = spool
    r = client.post(
        "/integrity/receipt/",
        {"code": report.code, "do": "add", "text": "", "files": [big_png("补充.png")]},
    )
    assert r.status_code == 200 and "加密送达" in r.content.decode()
    r = client.post(
        "/api/v1/integrity/receipt/files", {"code": report.code, "files": [big_png("三.png")]}
    )
    assert r.status_code == 200, r.content[:300]
    assert ReportFile.objects.filter(size=len(BIG)).count() == 2
    assert made == [] and list(tmp.iterdir()) == []


def test_the_page_still_checks_csrf_after_the_swap(company, jiwei, spool):
    client = Client(enforce_csrf_checks=True)
    client.force_login(company.users["zhigong"])
    data = {"unit": company.units["company"].pk, "named": "0", "text": PHRASE}
    assert client.post("/integrity/report/", data).status_code == 403
    assert not Report.objects.exists()
    page = client.get("/integrity/report/")
    token = page.context["csrf_token"] if page.context else get_token(page.wsgi_request)
    r = client.post("/integrity/report/", {**data, "csrfmiddlewaretoken": str(token)})
    assert r.status_code == 200 and Report.objects.count() == 1


def test_memory_is_bounded_per_file_and_per_request():
    handler = MemoryOnlyUploadHandler(None, limit=10, total=25)
    sizes = []
    for name in ("a.png", "b.png", "c.png"):
        handler.new_file = MemoryOnlyUploadHandler.new_file.__get__(handler)
        try:
            handler.new_file("files", name, "image/png", 0)
        except Exception:  # StopFutureHandlers: no other handler sees the file
            pass
        for chunk in (b"x" * 8, b"y" * 8):
            assert handler.receive_data_chunk(chunk, 0) is None
        f = handler.file_complete(16)
        sizes.append((f.size, len(f.read())))
    # each file says its real size; at most limit + 1 bytes kept each, total + 1 overall
    assert sizes == [(16, 11), (16, 11), (16, 4)]
    assert handler.kept == 26
