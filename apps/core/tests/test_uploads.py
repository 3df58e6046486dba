"""Upload checks: each kind of bad file is refused with its Chinese message; good files pass."""

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.errors import DomainError
from apps.core.uploads import check_upload


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["工号", "姓名"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("photo.png", png_bytes(), "image/png"),
        ("会议纪要.PDF", PDF, "application/pdf"),
        (
            "名册.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
    ids=["png", "pdf-uppercase", "xlsx"],
)
def test_good_files_are_accepted(name, content, mime):
    info = check_upload(upload(name, content))
    assert info.mime == mime
    assert info.extension == "." + name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("tool.exe", EXE, "upload_type", "不支持的文件类型“.exe”"),
        ("README", b"hello", "upload_type", "无扩展名"),
        ("empty.png", b"", "upload_empty", "文件是空的"),
        (
            "notes.pdf",
            "这是一段文字,不是 PDF".encode(),
            "upload_disguised",
            "文件内容与扩展名“.pdf”不符",
        ),
        ("cat.png", EXE, "upload_disguised", "文件内容与扩展名“.png”不符"),
        ("photo.png", PDF, "upload_disguised", "不符"),
        ("roster.xlsx", b"PK\x03\x04" + b"\x00" * 40, "upload_disguised", "不符"),
    ],
    ids=["exe", "no-extension", "empty", "text-as-pdf", "exe-as-png", "pdf-as-png", "broken-zip"],
)
def test_bad_files_are_refused_with_a_chinese_message(name, content, code, message):
    with pytest.raises(DomainError) as err:
        check_upload(upload(name, content))
    assert err.value.code == code
    assert message in str(err.value.message)


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = png_bytes() + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(DomainError) as err:
        check_upload(upload("big.png", big))
    assert err.value.code == "upload_size"
    assert "文件过大" in str(err.value.message) and "上限为 1 MB" in str(err.value.message)


def test_kinds_narrow_what_is_accepted():
    with pytest.raises(DomainError) as err:
        check_upload(upload("photo.png", png_bytes()), kinds={"spreadsheet"})
    assert ".xlsx" in str(err.value.message)
    assert check_upload(upload("r.xlsx", xlsx_bytes()), kinds={"spreadsheet"}).extension == ".xlsx"


def test_check_leaves_the_file_readable_from_the_start():
    f = upload("photo.png", png_bytes())
    check_upload(f)
    assert f.read(4) == b"\x89PNG"


def test_a_zip_renamed_xlsx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.txt", "not a workbook")
    with pytest.raises(DomainError) as err:
        check_upload(upload("名册.xlsx", buf.getvalue()))
    assert err.value.code == "upload_disguised"


def test_a_refusal_names_the_field_and_the_file_it_is_about():
    with pytest.raises(DomainError) as err:
        check_upload(upload("photo.png", b""), field="photos", named=True)
    assert err.value.field == "photos" and str(err.value.message).startswith("photo.png:")
