"""The page shell in a real browser: phone bottom bar, PC side menu, the login form."""

from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in


def test_secretary_on_a_phone_opens_the_roster_from_the_bottom_bar(
    open_page, company_live, live_server
):
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    assert page.url == f"{live_server.url}/"
    expect(page.locator("main")).to_contain_text("王建国,您好")

    bottom = page.locator("nav.tx-bottombar")
    expect(bottom).to_be_visible()
    expect(page.locator("aside.tx-sidebar")).to_be_hidden()
    # Nothing sticks out sideways on a 375-px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(RESULTS / "home-375.png"), full_page=True)

    bottom.get_by_role("link", name="人员名册").click()
    page.wait_for_url("**/orgs/people/**")
    expect(page).to_have_title("人员名册 · 同心 · 智慧党群")
    main = page.locator("main")
    # The roster lists the people in shuji's scope (生产部), and nobody from 技术部.
    expect(main).to_contain_text("张伟")
    expect(main).not_to_contain_text("陈静")
    expect(bottom.get_by_role("link", name="人员名册")).to_have_class("active")
    assert not console.errors, console.errors


def test_home_on_a_pc_has_the_side_menu_and_no_console_errors(open_page, company_live):
    page, console = open_page(DESKTOP)
    log_in(page, "dangwei")
    sidebar = page.locator("aside.tx-sidebar")
    expect(sidebar).to_be_visible()
    expect(sidebar.get_by_role("link", name="角色授权")).to_be_visible()
    expect(page.locator("nav.tx-bottombar")).to_be_hidden()
    # Tabler's CSS and our own are applied (the party-red accent on the primary colour).
    accent = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--tblr-primary').trim()"
    )
    assert accent.lower() == "#c8161d"
    assert page.evaluate("typeof htmx") == "object"  # our scripts loaded under the CSP
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "home-1280.png"), full_page=True)
    assert (RESULTS / "home-1280.png").stat().st_size > 10_000
    assert not console.errors, console.errors


def test_wrong_password_shows_chinese_error_and_keeps_username(open_page, company_live):
    page, _console = open_page(PHONE, is_mobile=True)
    log_in(page, "shuji", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("账号或密码不正确")
    expect(page.locator("#id_username")).to_have_value("shuji")
    expect(page.locator("#id_password")).to_have_value("")
    assert "/accounts/login/" in page.url
