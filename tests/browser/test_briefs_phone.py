"""月度简报 on a phone: a department head picks the month, clicks 生成简报, sees the progress bar
while the brief is made, then downloads the Word document. Everything fits 375 px."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_a_head_requests_a_brief_and_downloads_it(open_page, company_live, monkeypatch):
    from apps.briefs import tasks

    queued = []
    make = tasks.brief_make_task
    # The worker is held back until the page has shown the bar (tests run Huey immediately).
    monkeypatch.setattr(tasks, "brief_make_task", queued.append)

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "bumen")
    page.goto("/briefs/")
    expect(page.get_by_test_id("empty")).to_contain_text("生成简报")
    form = page.get_by_test_id("request-form")
    form.get_by_label("单位").select_option(label="生产部")
    form.get_by_role("button", name="生成简报").click()
    expect(page.get_by_test_id("progress")).to_contain_text("正在生成简报")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    make.call_local(queued[0])  # the worker runs; the polled bar reloads the page
    downloads = page.get_by_test_id("downloads")
    expect(downloads).to_be_visible(timeout=10_000)
    with page.expect_download() as got:
        downloads.get_by_role("link", name="下载简报(Word)").click()
    assert got.value.suggested_filename.endswith(".docx")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not console.errors, console.errors
