"""驾驶舱: the cockpit fits a 375-px phone and a figure's click lands on its records; the big
screen fills a 1920×1080 display, dark, and draws its chart without a console error."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_the_cockpit_on_a_phone_clicks_through_to_the_records(open_page, company_live):
    from apps.appeals.tests.factories import NOW, accepted

    accepted(company_live)
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto(f"/insights/?period=month&at={NOW:%Y-%m}")
    figure = page.locator('[data-code="appeals.received"]')
    expect(figure).to_contain_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    figure.click()
    expect(page).to_have_url(re.compile(r"/appeals/\?unit="))
    expect(page.locator("main")).to_contain_text("食堂晚班没有热饭")
    assert not console.errors, console.errors


def test_the_big_screen_fills_a_meeting_room_display(open_page, company_live):
    page, console = open_page({"width": 1920, "height": 1080})
    log_in(page, "dangwei")
    page.goto("/insights/screen/")
    expect(page.locator("h1")).to_contain_text("数据大屏")
    assert page.locator("body").get_attribute("data-refresh") == "300"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 21, 38)"
    expect(page.locator('[data-chart="in-screen-trend"] canvas')).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    # Nobody scrolls a wall display: the cards are laid into pages that each fit the screen,
    # every card on one of them, and the screen turns through them.
    grid = page.locator(".tx-screen-grid")
    expect(grid).to_have_attribute("data-page", "1")
    pages = int(grid.get_attribute("data-pages"))
    cards = page.locator(".tx-screen-card")
    assert cards.count() > 8  # more than one screenful at 1920×1080
    assert pages > 1
    assert page.locator(".tx-screen-card:not([data-screen-page])").count() == 0
    for n in range(1, pages + 1):
        bottoms = page.evaluate(
            """n => Array.from(document.querySelectorAll('.tx-screen-card')).map(c => {
                 c.hidden = c.dataset.screenPage !== String(n); return c; })
               .filter(c => !c.hidden).map(c => c.getBoundingClientRect().bottom)""",
            n,
        )
        assert bottoms and max(bottoms) <= 1080, (n, bottoms)
    assert not console.errors, console.errors
