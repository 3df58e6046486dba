"""The Excel import: preview with row errors in Chinese, confirm all or nothing."""

import io
from datetime import date, datetime

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.production.models import Figure, FigureImport

URL = "/production/import/"


def xlsx(rows, header=("单位", "月份", "产量", "安全事故")) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("figures.xlsx", buf.getvalue())


def upload(client, rows, **kw):
    return client.post(URL, {"file": xlsx(rows, **kw)})


def test_preview_then_confirm_stores_every_figure(client, login):
    login("bumen")
    rows = [("生产部", datetime(2026, 3, 1), 1200, 0), ("T-1", "2026年3月", "300.5", 1)]
    r = upload(client, rows)
    assert r.status_code == 302
    job = FigureImport.objects.get()
    assert job.errors == [] and len(job.figures) == 4
    assert Figure.objects.count() == 0  # the preview writes nothing
    r = client.post(f"/production/import/{job.pk}/confirm/")
    assert r.status_code == 302
    got = {(f.unit.name, f.measure.code): f.value for f in Figure.objects.all()}
    assert got[("运行一班", "output")] == 300.5 and got[("生产部", "accidents")] == 0
    assert Figure.objects.get(unit__name="生产部", measure__code="output").month == date(2026, 3, 1)
    # Confirming again stores nothing twice.
    client.post(f"/production/import/{job.pk}/confirm/")
    assert Figure.objects.count() == 4


def _errors_of(client, rows, **kw):
    upload(client, rows, **kw)
    job = FigureImport.objects.latest("pk")
    page = client.get(f"/production/import/{job.pk}/").content.decode()
    client.post(f"/production/import/{job.pk}/confirm/")
    assert Figure.objects.count() == 0, "a file with a bad row stores nothing"
    return [(e["row"], e["message"]) for e in job.errors], page


def test_each_bad_row_is_named_and_nothing_is_stored(client, login):
    login("bumen")
    errors, page = _errors_of(
        client,
        [
            ("生产部", "2026-03", 1200, 0),  # good, but the file has bad rows
            ("安全部", "2026-03", 10, 0),  # outside 生产部's scope
            ("无此部门", "2026-03", 10, 0),
            ("生产部", "2026-03", 900, 0),  # the same month again
            ("运行一班", "2026-03", "很多", 0),
            ("运行一班", "2026-04", 10, -1),
            ("运行一班", "三月", 10, 0),
        ],
    )
    assert errors == [
        (3, "单位“安全部”不存在或不在您的管理范围内。"),
        (4, "单位“无此部门”不存在或不在您的管理范围内。"),
        (5, "生产部 2026-03 的“产量”在文件中重复(第 2 行已有)。"),
        (5, "生产部 2026-03 的“安全事故”在文件中重复(第 2 行已有)。"),
        (6, "“产量”的值“很多”不是数字。"),
        (7, "“安全事故”不能为负数。"),
        (8, "月份“三月”无法识别,请写成 2026-03 的形式。"),
    ]
    assert "什么也没有导入" in page and "不是数字" in page


def test_unknown_measure_column_and_broken_file(client, login):
    login("bumen")
    errors, _ = _errors_of(client, [("生产部", "2026-03", 1)], header=("单位", "月份", "能耗"))
    assert errors == [(2, "指标项“能耗”不存在。")]
    r = client.post(URL, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert r.status_code == 400 and "无法读取文件" in r.content.decode()
    r = upload(client, [("生产部", 1)], header=("部门", "产量"))
    assert r.status_code == 400 and "“单位”和“月份”" in r.content.decode()


def test_another_users_import_is_404(client, login, company):
    login("bumen")
    upload(client, [("生产部", "2026-03", 1, 0)])
    job = FigureImport.objects.get()
    login("shuji")
    assert client.get(f"/production/import/{job.pk}/").status_code == 404
    assert client.post(f"/production/import/{job.pk}/confirm/").status_code == 404
    assert Figure.objects.count() == 0
