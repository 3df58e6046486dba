"""The installable web app's shell (issue 17 §3, the shell only): the service worker takes
control and caches the shell; offline, a page says the network is down instead of the
browser's error page."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.browser


def test_the_shell_is_cached_and_offline_pages_say_so(open_page, company_live):
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    page.goto("/accounts/login/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate(
        "caches.keys().then(ks => caches.open(ks[0])).then(c => c.keys())"
        ".then(rs => rs.map(r => new URL(r.url).pathname))"
    )
    assert "/static/css/app.css" in cached and "/static/js/app.js" in cached
    page.reload()  # now controlled by the worker
    assert console.errors == []
    page.context.set_offline(True)
    page.goto("/meetings/mine/")
    expect(page.get_by_role("heading", name="网络已断开")).to_be_visible()
    assert all("ERR_INTERNET_DISCONNECTED" in e for e in console.errors)
