"""组织关系转接 on a phone: a branch secretary moves a member to another branch from the list
(the person by 工号, the branch from the list), lands on the transfer, and the member is on the
other branch's roster. Everything fits 375 px; the console stays clean."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_secretary_starts_a_transfer_on_a_phone(open_page, company_live):
    from apps.orgs.models import PartyMembership

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto("/transfers/")
    fits(page)
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_test_id("start-inside").click()
    page.wait_for_url(re.compile(r"/transfers/inside/$"))
    fits(page)
    page.get_by_label("党员工号").fill("10001")
    page.get_by_label("转入支部").select_option(label="生产一支部")
    page.get_by_label("转接原因").fill("岗位调整")
    page.get_by_role("button", name="公司内转接").click()
    # The same branch is refused with the reason typed still there.
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text(
        "转入支部与所在支部相同"
    )
    expect(page.get_by_label("转接原因")).to_have_value("岗位调整")
    fits(page)
    page.get_by_label("转入支部").select_option(label="技术支部")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "transfers-inside.png"), full_page=True)
    page.get_by_role("button", name="公司内转接").click()
    page.wait_for_url(re.compile(r"/transfers/\d+/$"))
    expect(page.locator("body")).to_contain_text("技术支部")
    fits(page)
    assert PartyMembership.objects.get(person__employee_no="10001").branch.name == "技术支部"
    for path in ("/transfers/", "/transfers/flowing/", "/appraisals/", "/appraisals/committees/"):
        page.goto(path)
        fits(page)
    # The refused submit answers 400 (the form with its message); nothing else went wrong.
    assert [e for e in console.errors if "400" not in e] == []
