"""Question banks: one question checked like an Excel row; the Excel import shows every row
error in Chinese, writes nothing until confirmed, then all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.errors import DomainError, Forbidden, NotFound
from apps.learning.models import Question, QuestionBank, QuestionImport
from apps.learning.services import (
    bank_create,
    bank_import_confirm,
    bank_import_start,
    question_create,
)
from apps.learning.services.banks import COLUMNS, template_xlsx

HEADER = [h for _k, h in COLUMNS]
GOOD = [
    [
        "单选题",
        "党的根本宗旨是?",
        "为人民服务",
        "发展经济",
        "",
        "",
        "",
        "",
        "A",
        "",
        "党章",
        "容易",
    ],
    [
        "多选",
        "三违包括?",
        "违章指挥",
        "违章作业",
        "违反劳动纪律",
        "",
        "",
        "",
        "A,C,B",
        "",
        "安全,三违",
        "",
    ],
    ["判断题", "发现隐患应立即报告。", "", "", "", "", "", "", "对", "", "", "中等"],
    ["填空题", "扭亏脱困坚持____导向。", "", "", "", "", "", "", "问题|问题导向", "", "", "困难"],
]


def workbook(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bank.xlsx", buffer.getvalue())


@pytest.fixture
def bank(company):
    return bank_create(
        actor=company.users["dangwei"], name="党章题库", unit=company.units["company"]
    )


def test_good_file_previews_then_imports_all(company, bank):
    actor = company.users["dangwei"]
    job = bank_import_start(actor=actor, bank=bank, upload=workbook(GOOD))
    assert job.errors == [] and len(job.rows) == 4
    assert not Question.objects.exists()  # nothing written before the confirmation
    assert bank_import_confirm(actor=actor, job=job) == 4
    multiple = Question.objects.get(kind="multiple")
    assert multiple.answer == "ABC" and multiple.tags == ",安全,三违,"
    assert Question.objects.get(kind="truefalse").answer == "T"
    assert Question.objects.get(kind="fill").difficulty == 3
    with pytest.raises(DomainError) as e:
        bank_import_confirm(actor=actor, job=job)
    assert e.value.code == "applied"
    assert Question.objects.count() == 4


def test_bad_rows_are_all_listed_and_nothing_is_written(company, bank):
    rows = [
        *GOOD,
        ["问答题", "什么是党?", "", "", "", "", "", "", "x", "", "", ""],
        ["单选题", "", "甲", "乙", "", "", "", "", "C", "", "", "很难"],
        ["多选题", "选两个", "甲", "", "丙", "", "", "", "A", "", "", ""],
        ["判断题", "对吗", "", "", "", "", "", "", "也许", "", "", ""],
    ]
    actor = company.users["dangwei"]
    job = bank_import_start(actor=actor, bank=bank, upload=workbook(rows))
    by_row = {}
    for e in job.errors:
        by_row.setdefault(e["row"], []).append((e["column"], e["message"]))
    assert set(by_row) == {6, 7, 8, 9}
    assert by_row[6][0][0] == "题型"
    assert {c for c, _m in by_row[7]} == {"题干", "答案", "难度"}
    assert any("不在已填写的选项中" in m for _c, m in by_row[7])
    assert any("空缺" in m for _c, m in by_row[8])
    assert "对" in by_row[9][0][1]
    assert job.errors[0]["label"] == "第 6 行"
    with pytest.raises(DomainError) as e:
        bank_import_confirm(actor=actor, job=job)
    assert e.value.code == "bank_invalid" and "未写入任何试题" in str(e.value.message)
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "upload,code",
    [
        (SimpleUploadedFile("bank.csv", b"a,b"), "upload_type"),
        (SimpleUploadedFile("bank.xlsx", b"PK\x03\x04 not really"), "upload_disguised"),
        (SimpleUploadedFile("bank.xlsx", b""), "upload_empty"),
    ],
)
def test_wrong_files_are_refused(company, bank, upload, code):
    with pytest.raises(DomainError) as e:
        bank_import_start(actor=company.users["dangwei"], bank=bank, upload=upload)
    assert e.value.code == code
    assert not QuestionImport.objects.exists()


def test_missing_columns_are_named(company, bank):
    with pytest.raises(DomainError) as e:
        bank_import_start(
            actor=company.users["dangwei"], bank=bank, upload=workbook([["x"]], header=["题干"])
        )
    assert "题型" in str(e.value.message) and "答案" in str(e.value.message)


def test_template_imports_cleanly(company, bank):
    upload = SimpleUploadedFile("template.xlsx", template_xlsx())
    job = bank_import_start(actor=company.users["dangwei"], bank=bank, upload=upload)
    assert job.errors == [] and len(job.rows) == 4


def test_only_the_uploader_confirms(company, bank):
    job = bank_import_start(actor=company.users["dangwei"], bank=bank, upload=workbook(GOOD))
    with pytest.raises(NotFound):
        bank_import_confirm(actor=company.users["admin"], job=job)


def test_outside_scope_is_refused(company):
    with pytest.raises(Forbidden):
        bank_create(actor=company.users["shuji"], name="越权", unit=company.units["tech"])
    bank = QuestionBank.objects.create(name="技术题库", unit=company.units["tech"])
    with pytest.raises(Forbidden):
        question_create(
            actor=company.users["shuji"], bank=bank, kind="truefalse", stem="x", answer="对"
        )


def test_import_pages(client, company, bank):
    client.force_login(company.users["dangwei"])
    assert client.get("/learning/banks/template.xlsx").status_code == 200
    bad = [["单选题", "题", "甲", "乙", "", "", "", "", "Z", "", "", ""]]
    r = client.post(f"/learning/banks/{bank.pk}/import/", {"upload": workbook(bad)})
    job = QuestionImport.objects.get()
    assert r["Location"].endswith(f"/learning/imports/{job.pk}/")
    page = client.get(r["Location"]).content.decode()
    assert (
        "第 2 行" in page and "不在已填写的选项中" in page and 'data-testid="confirm"' not in page
    )
    r = client.post(f"/learning/imports/{job.pk}/apply/", follow=True)
    assert "未写入任何试题" in r.content.decode() and not Question.objects.exists()
    r = client.post(f"/learning/banks/{bank.pk}/import/", {"upload": workbook(GOOD)})
    good = QuestionImport.objects.latest("pk")
    client.post(f"/learning/imports/{good.pk}/apply/")
    assert Question.objects.count() == 4
    # Someone else's import is not theirs to see.
    client.force_login(company.users["admin"])
    assert client.get(f"/learning/imports/{good.pk}/").status_code == 404
    r = client.post(
        f"/learning/banks/{bank.pk}/import/", {"upload": SimpleUploadedFile("a.xlsx", b"x")}
    )
    assert r.status_code == 400 and "不符" in r.content.decode()
