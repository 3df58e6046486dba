"""党风廉政 on a phone: an employee reports anonymously from a 375-px phone, copies the receipt
code shown once, signs out, follows the report by the code and adds information; then the 纪委
handler unlocks the key and reads it (screenshots at 375 and 1280 px). Nothing is wider than
the screen; the console stays clean."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery"
TEXT = "反映物资仓库废旧物资低价处置给熟人,去年十月发生。"


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def jiwei(company_live, settings):
    from apps.accounts.models import RoleAssignment, User
    from apps.integrity import services
    from apps.integrity.models import PostCategory

    settings.INTEGRITY_KDF_ITERATIONS = 1
    settings.INTEGRITY_KDF_MEMORY_KIB = 8
    for i, name in enumerate(["采购", "财务", "物资", "招投标", "工程", "人事"]):
        PostCategory.objects.get_or_create(name=name, defaults={"order": i})
    user = User.objects.create_user(username="jiwei", password="demo12345")
    RoleAssignment.objects.create(user=user, role="discipline", unit=company_live.units["company"])
    services.handler_key_create(actor=user, passphrase=PASSPHRASE, confirm=PASSPHRASE)
    return user


def test_an_anonymous_report_from_a_phone_then_followed_by_its_code(open_page, jiwei):
    from apps.integrity.models import Report, ReportEntry

    RESULTS.mkdir(exist_ok=True)
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    page.goto("/integrity/")
    page.wait_for_url(re.compile(r"/integrity/report/$"))
    fits(page)
    expect(page.get_by_test_id("sealed-note")).to_be_visible()
    page.get_by_label("匿名举报").check()
    # an empty report is refused, on the page
    page.get_by_role("button", name="加密提交").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("请填写举报内容")
    page.get_by_label("举报内容").fill(TEXT)
    page.screenshot(path=str(RESULTS / "integrity-report-375.png"), full_page=True)
    page.get_by_role("button", name="加密提交").click()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    fits(page)
    page.screenshot(path=str(RESULTS / "integrity-code-375.png"), full_page=True)
    assert Report.objects.count() == 1
    # follow it by the code, signed out, as from any phone
    page.context.clear_cookies()
    page.goto("/integrity/receipt/")
    page.get_by_label("查询码").fill("AAAA-BBBB-CCCC-DDDD")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("查询码不正确")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("receipt-status")).to_contain_text("待登记")
    fits(page)
    page.get_by_label("补充内容").fill("知情人:仓库另一名保管员。")
    page.get_by_role("button", name="加密提交补充材料").click()
    expect(page.get_by_test_id("notice")).to_contain_text("已加密送达")
    page.screenshot(path=str(RESULTS / "integrity-receipt-375.png"), full_page=True)
    fits(page)
    assert ReportEntry.objects.count() == 1
    # The refused submits answer 400 (the form with its message); nothing else went wrong.
    assert [e for e in console.errors if "400" not in e] == []


def test_the_handler_unlocks_and_reads_the_report(open_page, jiwei, company_live):
    from apps.integrity import services

    report, _code = services.report_submit(
        unit=company_live.units["company"], text=TEXT, named=False
    )
    for viewport, name in ((PHONE, "375"), (DESKTOP, "1280")):
        page, console = open_page(viewport)
        log_in(page, "jiwei")
        page.goto("/integrity/reports/")
        expect(page.get_by_test_id("ledger")).to_contain_text(report.ref)
        page.screenshot(path=str(RESULTS / f"integrity-reports-{name}.png"), full_page=True)
        page.goto(f"/integrity/reports/{report.pk}/")
        expect(page.locator("body")).not_to_contain_text(TEXT)
        page.get_by_test_id("unlock-form").locator("input[type=password]").fill(PASSPHRASE)
        page.get_by_role("button", name="解锁查看").click()
        expect(page.get_by_test_id("report-text")).to_contain_text(TEXT)
        if viewport is PHONE:
            fits(page)
        page.screenshot(path=str(RESULTS / f"integrity-detail-{name}.png"), full_page=True)
        page.goto("/integrity/risks/")
        if viewport is PHONE:
            fits(page)
        assert console.errors == []


def test_the_handler_records_a_talk_and_reads_it_on_a_phone(open_page, jiwei, company_live):
    from apps.integrity.models import Talk

    content = "提醒其严守廉洁纪律,不得接受供应商宴请。"
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "jiwei")
    page.goto("/integrity/talks/")
    fits(page)
    page.get_by_test_id("talk-new").click()
    page.get_by_label("谈话对象工号").fill("10002")
    page.get_by_label("谈话人").fill("纪委书记 周明")
    page.get_by_label("谈话内容(加密保存)").fill(content)
    page.get_by_label("本人表态(加密保存)").fill("本人接受提醒。")
    fits(page)
    page.screenshot(path=str(RESULTS / "integrity-talk-form-375.png"), full_page=True)
    page.get_by_role("button", name="加密保存").click()
    expect(page.get_by_test_id("unlock-form")).to_be_visible()
    assert Talk.objects.count() == 1
    expect(page.locator("body")).not_to_contain_text(content)
    page.get_by_test_id("unlock-form").locator("input[type=password]").fill(PASSPHRASE)
    page.get_by_role("button", name="解锁查看").click()
    expect(page.get_by_test_id("talk-text")).to_contain_text(content)
    fits(page)
    page.screenshot(path=str(RESULTS / "integrity-talk-375.png"), full_page=True)
    assert console.errors == []


def test_the_education_coverage_on_a_phone_leads_to_who_is_missing(open_page, company_live):
    from datetime import date

    from apps.integrity.models import KeyPost, PostCategory, PostHolding

    cat, _new = PostCategory.objects.get_or_create(name="采购")
    post = KeyPost.objects.create(name="采购专责", category=cat, unit=company_live.units["prod"])
    PostHolding.objects.create(
        post=post, person=company_live.people["zhigong"], since=date(2020, 1, 1)
    )
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto("/integrity/education/")
    expect(page.get_by_test_id("edu-posts")).to_contain_text("采购专责")
    fits(page)
    page.screenshot(path=str(RESULTS / "integrity-education-375.png"), full_page=True)
    page.get_by_test_id("edu-posts").get_by_role("link", name="1").click()
    expect(page.get_by_test_id("edu-missing")).to_contain_text("张伟")
    fits(page)
    assert console.errors == []
