"""The roster import in a real browser: a branch secretary on a phone uploads a file with bad
rows, reads every error in Chinese with its row number, and nothing is written."""

import io

import openpyxl
from playwright.sync_api import expect

from apps.orgs.roster.columns import FIELDS

from .conftest import DESKTOP, PHONE, RESULTS, log_in

HEADERS = [header for _key, header, _kind in FIELDS]


def row(**values):
    """A valid new person in shuji's scope (生产部, 生产一支部); keyword args by header."""
    base = {
        "工号": "20001",
        "姓名": "孙红",
        "性别": "女",
        "出生日期": "1992-03-04",
        "手机": "13912345678",
        "身份证号": "11010119920304002X",
        "部门": "生产部",
        "班组": "运行一班",
        "岗位": "值班员",
        "政治面貌": "中共党员",
        "技能等级": "高级工",
        "入职日期": "2014-07-01",
        "在职状态": "在职",
        "所在支部": "生产一支部",
        "入党日期": "2016-06-01",
        "转正日期": "2017-06-01",
        "党员类别": "正式党员",
    }
    base.update(values)
    return base


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for r in rows:
        sheet.append([r.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Rows 2-3 are good; rows 4-7 each break one rule (row 1 is the header).
ROWS = [
    row(),
    row(工号="20002", 姓名="周强", 性别="男", 手机="13912345679", 身份证号=""),
    row(工号="20003", 姓名="吴敏", 部门="采购部", 班组="", 身份证号=""),
    row(工号="20001", 姓名="郑洁", 身份证号=""),
    row(工号="20004", 姓名="冯涛", 出生日期="1992-13-45", 身份证号=""),
    row(工号="20005", 姓名="韩雪", 手机="1391234", 身份证号=""),
]
ERRORS = [
    "第 4 行:部门“采购部”不存在或不在您的管辖范围",
    "第 5 行:工号“20001”与第 2 行重复",
    "第 6 行:出生日期“1992-13-45”不是有效日期",
    "第 7 行:手机“1391234”不是有效的 11 位手机号",
]


def rows(page, action):
    """The preview's rows of one action that are on screen (a table on a PC, cards on a phone)."""
    return page.locator(f"[data-testid=row-{action}]:visible")


def upload(page, rows, name="花名册.xlsx"):
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": xlsx(rows),
            }
        ],
    )
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url("**/orgs/import/*/")
    # The parse is a Huey task (immediate in tests); if it is still running, the progress
    # bar polls and reloads the page when it is done.
    expect(page.get_by_test_id("status")).to_have_text("待确认", timeout=20_000)


def test_secretary_on_a_phone_imports_a_file_with_bad_rows(open_page, company_live):
    from apps.orgs.models import Person

    before = Person.objects.count()
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.locator("nav.tx-bottombar").get_by_role("link", name="人员名册").click()
    page.wait_for_url("**/orgs/people/")
    page.get_by_test_id("import").click()
    page.wait_for_url("**/orgs/import/")
    expect(page).to_have_title("名册导入 · 同心 · 智慧党群")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "import-start-375.png"), full_page=True)

    upload(page, ROWS)
    main = page.locator("main")
    counts = page.get_by_test_id("counts")
    expect(counts).to_contain_text("2")  # two good rows would be created …
    expect(page.get_by_test_id("blocked")).to_contain_text("有 4 行错误,不能导入")
    # … but every error is listed, in Chinese, with its row number.
    for message in ERRORS:
        expect(main).to_contain_text(message)
    errors = rows(page, "error")
    expect(errors).to_have_count(4)
    # On a phone the rows are cards, and an error message is shown whole, not cut off.
    expect(page.get_by_test_id("preview")).to_be_hidden()
    card = errors.filter(has_text="第 6 行")
    expect(card).to_contain_text("冯涛")
    box = card.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # No way to confirm while there are errors, and nothing was written.
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    assert Person.objects.count() == before
    assert not Person.objects.filter(employee_no__in=["20001", "20002"]).exists()

    # The preview fits a 375-px screen: nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(RESULTS / "import-375.png"), full_page=True)

    # One tap from the warning to the bad rows alone.
    page.get_by_test_id("show-errors").click()
    page.wait_for_url("**?show=error")
    expect(rows(page, "error")).to_have_count(4)
    expect(rows(page, "create")).to_have_count(0)
    assert not console.errors, console.errors


def test_import_start_and_preview_on_a_pc(open_page, company_live):
    from apps.orgs.models import Person

    page, console = open_page(DESKTOP)
    log_in(page, "shuji")
    page.locator("aside.tx-sidebar").get_by_role("link", name="名册导入").click()
    page.wait_for_url("**/orgs/import/")
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.screenshot(path=str(RESULTS / "import-start-1280.png"), full_page=True)

    upload(page, ROWS[:2])
    expect(rows(page, "create")).to_have_count(2)
    expect(rows(page, "error")).to_have_count(0)
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_be_enabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    page.screenshot(path=str(RESULTS / "import-1280.png"), full_page=True)

    # Confirming writes both rows (all or nothing), then the page says so.
    before = Person.objects.count()
    confirm.click()
    expect(page.get_by_test_id("status")).to_have_text("已导入", timeout=20_000)
    expect(page.get_by_test_id("applied")).to_contain_text("新增 2 人")
    assert Person.objects.count() == before + 2
    assert not console.errors, console.errors
