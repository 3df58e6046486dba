"""The audit-log search page on a 375-px phone: the system administrator filters by a person's
name and reads the entries as cards, with nothing sticking out sideways."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_the_administrator_searches_the_audit_log_on_a_phone(open_page, company_live):
    from auditlog.context import set_actor

    company = company_live
    person = company.people["zhigong"]
    with set_actor(company.users["dangwei"]):
        person.position = "值班员"
        person.save()
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "admin")
    page.goto("/audit/")
    page.fill("#id_actor", "刘芳")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/audit/?*")
    cards = page.get_by_test_id("audit-cards")
    expect(cards).to_be_visible()
    expect(cards).to_contain_text("刘芳")
    expect(cards).to_contain_text("岗位")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not console.errors
