"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's
live_server. One browser per session; a fresh context (cookies, viewport) per test.

Never `playwright install`: the browser is /usr/bin/chromium (scripts/ensure_chromium.sh)."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to work
# beside it without this (the tests themselves are plain synchronous code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def pytest_configure(config):
    # Known to xdist; declared here too so `-p no:xdist --strict-markers` runs still collect.
    config.addinivalue_line("markers", "xdist_group(name): run the group on one xdist worker")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # One worker runs them all (make test uses --dist loadgroup): one browser, not two.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/ensure_chromium.sh` (as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def company_live(transactional_db):
    """The named company in a database the live server's thread can see."""
    from apps.orgs.testing import build_company

    return build_company()


class Console:
    """Errors the page reported: console.error, uncaught exceptions, CSP refusals, 4xx/5xx."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "response",
            lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport) -> (page, console); closes the context after the test."""
    contexts = []

    def _open(viewport=DESKTOP, **kwargs):
        context = browser.new_context(
            viewport=viewport, locale="zh-CN", base_url=live_server.url, **kwargs
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        return page, Console(page)

    yield _open
    for context in contexts:
        context.close()


def log_in(page, username, password="demo12345"):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
