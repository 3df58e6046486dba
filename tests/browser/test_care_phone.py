"""关爱帮扶 on a phone: a union cadre opens a 困难职工档案 from a 家庭困难 appeal in one click,
records a 慰问 (over the approved amount refused, what was typed kept), and the employee sees
the aid under 我的帮扶. Everything fits 375 px; the console stays clean."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_union_cadre_opens_a_file_from_an_appeal_and_records_a_visit(open_page, company_live):
    from apps.care.models import Aid, HardshipFile
    from apps.care.tests.factories import hardship_appeal, union_cadre

    union_cadre(company_live)
    appeal = hardship_appeal(company_live)
    RESULTS.mkdir(exist_ok=True)

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "gonghui")
    page.goto(f"/appeals/{appeal.pk}/")
    fits(page)
    page.get_by_test_id("care-open").click()
    page.wait_for_url(re.compile(r"/care/files/new/\?appeal=\d+$"))
    fits(page)
    expect(page.get_by_label("家庭情况")).to_have_value(re.compile("两个孩子同时上大学"))
    page.get_by_label("困难类别").select_option(label="子女就学")
    page.get_by_label("困难程度").select_option(label="困难")
    page.get_by_label("家庭人口").fill("4")
    page.screenshot(path=str(RESULTS / "care-file-new.png"), full_page=True)
    page.get_by_role("button", name="建立困难职工档案").click()
    page.wait_for_url(re.compile(r"/care/files/\d+/$"))
    fits(page)
    expect(page.get_by_test_id("appeal-link")).to_contain_text(appeal.title)
    assert HardshipFile.objects.get().appeal_id == appeal.pk

    page.get_by_test_id("step-aid").click()
    page.wait_for_url(re.compile(r"/care/files/\d+/aid/$"))
    fits(page)
    page.get_by_label("帮扶类型").select_option(label="慰问")
    page.get_by_label("形式").select_option(label="慰问金")
    page.get_by_label("发放金额(元)").fill("1500")
    page.get_by_label("批准金额(元)").fill("1000")
    page.get_by_label("审批单号").fill("GH2026018")
    page.get_by_label("说明").fill("春节前入户慰问")
    page.get_by_role("button", name="登记帮扶").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("超过批准金额")
    expect(page.get_by_label("说明")).to_have_value("春节前入户慰问")
    assert not Aid.objects.exists()
    fits(page)
    page.get_by_label("发放金额(元)").fill("1000")
    page.get_by_role("button", name="登记帮扶").click()
    page.wait_for_url(re.compile(r"/care/files/\d+/$"))
    expect(page.get_by_test_id("aids")).to_contain_text("1,000.00")
    fits(page)
    page.screenshot(path=str(RESULTS / "care-file.png"), full_page=True)
    # Back on the appeal, the file is linked.
    page.goto(f"/appeals/{appeal.pk}/")
    expect(page.get_by_test_id("care-file")).to_be_visible()
    for path in ("/care/", "/care/aid/", "/care/campaigns/", "/care/figures/"):
        page.goto(path)
        fits(page)
    page.goto("/care/")
    page.screenshot(path=str(RESULTS / "care-list-phone.png"), full_page=True)
    assert [e for e in console.errors if "400" not in e] == []

    wide, wide_console = open_page(DESKTOP)
    log_in(wide, "gonghui")
    for path, name in (("/care/", "care-list-1280"), ("/care/figures/", "care-figures-1280")):
        wide.goto(path)
        wide.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    assert wide_console.errors == []

    mine, mine_console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(mine, "zhigong")
    mine.goto("/care/")
    mine.wait_for_url(re.compile(r"/care/mine/$"))
    expect(mine.get_by_test_id("my-aid")).to_contain_text("1,000.00")
    fits(mine)
    mine.screenshot(path=str(RESULTS / "care-mine.png"), full_page=True)
    assert mine_console.errors == []
