"""苗头预警 on a phone: a 党委 cadre opens the list, the warning with its chart, and dismisses it
with a reason. Everything fits 375 px; the console stays clean."""

from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

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
