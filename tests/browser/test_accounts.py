"""Accounts on a phone (issue 10 §1): a branch secretary finds a worker who forgot their
password, resets it and reads the one-time code out; the worker logs in with their 工号 and the
code, is made to set a password of their own (the rules on the page), and is in. The admin's
printable sheet for a team fits a phone too."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    """Nothing sticks out sideways on a 375-px screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"accounts-{name}.png"), full_page=True)


def test_secretary_resets_a_password_and_the_worker_sets_a_new_one_on_phones(
    open_page, company_live
):
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto("/accounts/users/")
    expect(page).to_have_title("账号管理 · 同心 · 智慧党群")
    expect(page.get_by_test_id("user-cards")).to_be_visible()
    fits(page)
    shot(page, "list-375")

    page.get_by_placeholder("姓名、用户名、工号或手机号").fill("10003")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**q=10003**")
    cards = page.get_by_test_id("user-cards").get_by_role("link")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("张伟")
    cards.first.click()
    page.wait_for_url(re.compile(r".*/accounts/users/\d+/$"))
    expect(page.get_by_test_id("roles")).to_contain_text("职工")
    expect(page.get_by_test_id("disable")).to_have_count(0)  # turning accounts off is the admins'
    page.get_by_test_id("reset").click()
    code = page.get_by_test_id("code-value").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    fits(page)
    shot(page, "reset-375")
    assert not console.errors, console.errors

    worker, worker_console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(worker, "10003", code.lower())
    worker.wait_for_url("**/accounts/password/**")
    expect(worker.get_by_test_id("forced")).to_be_visible()
    expect(worker.get_by_test_id("rules")).to_contain_text("至少 3 种")
    fits(worker)
    shot(worker, "forced-375")
    worker.fill("#id_new_password1", "qwzxtongxin")
    worker.fill("#id_new_password2", "qwzxtongxin")
    worker.get_by_role("button", name="保存新密码").click()
    expect(worker.get_by_test_id("field-error").filter(has_text="至少 3 种")).to_have_count(1)
    worker.fill("#id_new_password1", "Tongxin-2025-ok")
    worker.fill("#id_new_password2", "Tongxin-2025-ok")
    worker.get_by_role("button", name="保存新密码").click()
    worker.wait_for_url(re.compile(r".*/$"))
    expect(worker.locator("main")).to_contain_text("新密码已设置")
    worker.goto("/suggestions/")  # free to go anywhere now
    assert "/accounts/password/" not in worker.url
    assert not worker_console.errors, worker_console.errors


def test_admin_prints_a_teams_sheet_on_a_phone(open_page, company_live):
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto("/accounts/users/sheet/")
    fits(page)
    page.select_option("#id_unit", label="\u3000\u3000运行一班")
    page.get_by_test_id("print-sheet").click()
    expect(page.get_by_test_id("slip")).to_have_count(1)
    expect(page.get_by_test_id("slip")).to_contain_text("张伟")
    expect(page.get_by_test_id("slip-code")).to_have_text(re.compile(r"^[A-Z0-9-]{14}$"))
    fits(page)
    shot(page, "sheet-375")
    assert not console.errors, console.errors
