"""苗头预警 on a phone: a 党委 cadre opens the list, the warning with its chart, and dismisses it
with a reason. Everything fits 375 px; the console stays clean."""

from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_cadre_handles_a_warning_on_a_phone(open_page, company_live):
    from apps.alerts.choices import Kind, Status
    from apps.alerts.models import Warning

    warning = Warning.objects.create(
        unit=company_live.units["team1"],
        week=date(2026, 11, 23),
        kind=Kind.SPIKE,
        term="夜班津贴",
        observed=8,
        baseline="0.60",
        p_value=0.00001,
        series=[0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 8],
        sources=["appeals"],
    )
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto("/alerts/")
    fits(page)
    page.get_by_role("link", name="查看").first.click()
    expect(page.get_by_test_id("observed")).to_have_text("8")
    expect(page.locator("[data-chart='alert-chart'] canvas")).to_be_visible()
    href = page.get_by_role("link", name="诉求").get_attribute("href")
    unit = company_live.units["team1"].pk
    assert href.startswith(f"/appeals/?unit={unit}&received_from=2026-11-23&received_to=2026-11-29")
    fits(page)
    page.get_by_label("排除理由").fill("已核实,本月已补发")
    page.get_by_role("button", name="排除").click()
    expect(page.get_by_text("已核实,本月已补发")).to_be_visible()
    warning.refresh_from_db()
    assert warning.status == Status.DISMISSED
    assert console.errors == []


def test_a_numeric_warning_and_the_thresholds_on_a_phone(open_page, company_live):
    """A branch missing its meetings two months in a row: the sentence, the months' chart and
    the links to each month's 三会一课; then 阈值设置 refuses 13 months with the value kept."""
    from apps.alerts.choices import Kind
    from apps.alerts.models import AlertPolicy, Warning

    Warning.objects.create(
        unit=company_live.units["branch2"],
        week=date(2026, 11, 23),
        kind=Kind.MEETINGS,
        term="三会一课按规定召开率",
        observed=2,
        baseline=100,
        series=[75.0, 50.0],
        facts={"labels": ["2026-09", "2026-10"], "held": [3, 2], "due": [4, 4]},
        links=[
            {"label": "2026-09 三会一课", "url": "/meetings/compliance/?unit=1"},
            {"label": "2026-10 三会一课", "url": "/meetings/compliance/?unit=1"},
        ],
    )
    RESULTS.mkdir(exist_ok=True)
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        extra = {"is_mobile": True, "has_touch": True} if viewport is PHONE else {}
        page, console = open_page(viewport, **extra)
        log_in(page, "dangwei")
        page.goto("/alerts/")
        if viewport is PHONE:
            fits(page)
        page.get_by_role("link", name="查看").first.click()
        expect(page.get_by_test_id("summary")).to_have_text("连续 2 个月三会一课未按规定召开")
        expect(page.locator("[data-chart='alert-chart'] canvas")).to_be_visible()
        expect(page.get_by_role("link", name="2026-10 三会一课")).to_be_visible()
        if viewport is PHONE:
            fits(page)
        page.screenshot(path=str(RESULTS / f"alerts-numeric-{name}.png"), full_page=True)
        page.goto("/alerts/")
        page.get_by_role("link", name="阈值设置").click()
        page.get_by_label("连续未按规定开会月数").fill("13")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("连续未按规定开会月数应在 1 到 12 之间")).to_be_visible()
        expect(page.get_by_label("连续未按规定开会月数")).to_have_value("13")
        if viewport is PHONE:
            fits(page)
        page.screenshot(path=str(RESULTS / f"alerts-settings-{name}.png"), full_page=True)
        assert not AlertPolicy.objects.exists()
        assert [e for e in console.errors if "400" not in e] == []  # the refusal, on purpose
