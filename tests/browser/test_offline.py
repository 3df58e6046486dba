"""No signal in the workshop (issue 17 §3, decision 0018): a hazard report with its photo,
submitted when the connection drops, is kept on the phone and sent when the network is back —
stored once, even when sent twice; the everyday lists seen before read offline with a notice;
log-out empties the phone's copies."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def controlled(page):
    """Wait until the service worker controls the page (the first visit only installs it)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_a_report_made_offline_is_sent_once_when_back(open_page, company_live, tmp_path):
    from apps.core.models import Attachment
    from apps.hazards.models import Hazard
    from apps.hazards.tests.factories import png_bytes

    picture = tmp_path / "site.png"
    picture.write_bytes(png_bytes())
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    controlled(page)
    page.goto("/hazards/mine/")  # an everyday list, seen online: kept for reading offline
    page.goto("/hazards/report/")
    page.get_by_label("隐患地点").fill("三号厂房行车轨道")
    page.get_by_label("隐患描述").fill("轨道压板松动,夜班巡检发现")
    page.get_by_label("现场照片").set_input_files(str(picture))

    page.context.set_offline(True)
    page.get_by_role("button", name="提交上报").click()
    expect(page.get_by_role("heading", name="已保存在手机上")).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "offline-saved.png"), full_page=True)
    assert not Hazard.objects.filter(place="三号厂房行车轨道").exists()
    # The list seen before reads offline, with a notice that it is the last-seen copy.
    page.goto("/hazards/mine/")
    expect(page.locator("#tx-offline")).to_contain_text("离线浏览")
    page.screenshot(path=str(RESULTS / "offline-list.png"), full_page=True)
    # A page never seen says the network is down.
    page.goto("/meetings/mine/")
    expect(page.get_by_role("heading", name="网络已断开")).to_be_visible()

    page.context.set_offline(False)
    page.goto("/")
    expect(page.locator("#tx-outbox")).to_contain_text("离线时填写的内容已发送")
    page.screenshot(path=str(RESULTS / "offline-sent.png"), full_page=True)
    hazard = Hazard.objects.get(place="三号厂房行车轨道")
    assert hazard.description == "轨道压板松动,夜班巡检发现"
    photos = Attachment.objects.filter(owner_id=hazard.pk, owner_type__model="hazard")
    assert [p.size for p in photos] == [len(png_bytes())]  # the photo arrived byte for byte
    # The outbox is empty: another page load sends nothing again.
    page.goto("/hazards/mine/")
    expect(page.locator("#tx-offline")).to_be_hidden()
    assert page.evaluate("txOutbox.all().then(es => es.length)") == 0
    assert Hazard.objects.filter(place="三号厂房行车轨道").count() == 1

    # Log-out empties the phone's kept pages.
    page.locator("form[action$='/accounts/logout/']").first.evaluate("f => f.requestSubmit()")
    page.wait_for_url(re.compile(r"/accounts/"))
    assert page.evaluate("caches.has('tongxin-pages')") is False
    offline_errors = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch")
    assert [e for e in console.errors if not any(o in e for o in offline_errors)] == []
