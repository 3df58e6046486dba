"""The rich-text toolbar speaks Chinese (issue 10 §3: it was Trix's English) and still works:
its bold button formats what is typed, on a phone."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_the_toolbar_is_chinese_and_formats_text(open_page, company_live):
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "bumen")
    page.goto("/feed/new/")
    toolbar = page.get_by_test_id("richtext-toolbar")
    bold = toolbar.get_by_role("button", name="粗体")
    expect(bold).to_have_attribute("title", "粗体")
    expect(toolbar).not_to_contain_text("Bold")
    expect(toolbar.locator("[data-trix-action=attachFiles]")).to_have_count(0)
    page.locator("trix-editor").click()
    bold.click()
    page.keyboard.type("零事故")
    expect(page.locator("input[name=body]")).to_have_value("<div><strong>零事故</strong></div>")
    assert not console.errors, console.errors
