"""送达 in the browser (issue 17 §1): the system admin sets up 企业微信 against a local fake of
its API — the secret is never shown back — and sends a test message; an employee on a phone
turns a kind off on that channel and sets quiet hours."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from apps.notify.models import Preference
from apps.notify.tests.fakes import CREDENTIALS, FakeVendors

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"notify-{name}.png"), full_page=True)


def test_admin_sets_up_wecom_and_an_employee_chooses_on_a_phone(open_page, company_live):
    cache.clear()
    c = CREDENTIALS["wecom"]
    with FakeVendors() as vendors:
        page, console = open_page()
        log_in(page, "admin")
        page.goto("/notify/channels/")
        expect(page.get_by_test_id("no-site-url")).to_be_visible()
        page.get_by_test_id("configure-wecom").click()
        page.get_by_label("启用该渠道").check()
        page.get_by_role("checkbox", name="急难愁盼", exact=True).check()
        page.get_by_label("接口地址").fill(vendors.url)
        page.get_by_label("企业ID(corpid)").fill(c["corpid"])
        page.get_by_label("应用AgentId").fill(c["agentid"])
        page.get_by_label("应用Secret").fill(c["corpsecret"])
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("渠道设置已保存。")).to_be_visible()
        expect(page.get_by_text("已设置;留空则保留原值")).to_be_visible()
        assert c["corpsecret"] not in page.content()
        expect(page.get_by_label("应用Secret")).to_have_value("")
        shot(page, "channel")

        page.get_by_test_id("test-link").click()
        page.get_by_label("接收账号").fill("10003")
        page.get_by_role("button", name="发送").click()
        expect(page.get_by_text("测试消息已发送")).to_be_visible()
        assert vendors.sent("/cgi-bin/message/send")[0]["body"]["touser"] == "10003"
        assert not vendors.violations
        assert console.errors == []

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "admin")
    for path in ("/notify/channels/", "/notify/channels/wecom/", "/notify/deliveries/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    shot(page, "deliveries-375")
    page.context.clear_cookies()
    log_in(page, "zhigong")
    page.goto("/notify/preferences/")
    expect(page.get_by_test_id("grid")).to_be_visible()
    box = page.get_by_test_id("on_appeals_wecom").get_by_role("checkbox")
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_label("免打扰开始").fill("22:00")
    page.get_by_label("免打扰结束").fill("07:00")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "preferences-375")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("通知偏好已保存。")).to_be_visible()
    pref = Preference.objects.get(user=company_live.users["zhigong"])
    assert pref.muted == ["appeals:wecom"] and str(pref.quiet_from) == "22:00:00"
    assert console.errors == []
