"""查保促 on a phone: an employee reports a hazard with a photo from 随手拍; the safety unit's
head confirms and assigns it; the timeline on the hazard's page shows both steps. The admin
opens 隐患管理设置 on a phone. Everything fits 375 px; the console stays clean."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"hazards-{name}.png"), full_page=True)


def test_report_confirm_and_follow_on_a_phone(open_page, company_live, tmp_path):
    from apps.hazards.choices import HazardStatus
    from apps.hazards.models import Hazard
    from apps.hazards.tests.factories import add_safety_head, png_bytes

    company = company_live
    safety = add_safety_head(company)
    safety.set_password("demo12345")
    safety.save()
    picture = tmp_path / "site.png"
    picture.write_bytes(png_bytes())

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    page.goto("/hazards/mine/")
    page.get_by_test_id("tabs").get_by_role("link", name="随手拍").click()
    page.wait_for_url("**/hazards/report/")
    fits(page)
    page.get_by_label("隐患地点").fill("二号厂房东侧配电柜")
    page.get_by_label("隐患描述").fill("柜门损坏,带电部位外露")
    page.get_by_label("现场照片").set_input_files(str(picture))
    shot(page, "report")
    page.get_by_role("button", name="提交上报").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("上报")
    hazard = Hazard.objects.get(place="二号厂房东侧配电柜")
    assert hazard.status == HazardStatus.REPORTED

    page, console2 = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "anquan")
    page.goto(f"/hazards/{hazard.pk}/")
    page.get_by_role("link", name="确认并交办").click()
    fits(page)
    page.get_by_label("整改责任单位").select_option(str(company.units["prod"].pk))
    page.get_by_role("button", name="确认并交办").click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("确认并交办")
    expect(timeline).to_contain_text("孙安")
    fits(page)
    shot(page, "detail")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING and hazard.owner_unit == company.units["prod"]

    page, console3 = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "admin")
    page.goto("/hazards/settings/")
    expect(page.get_by_test_id("policy-form")).to_contain_text("安全管理部门")
    fits(page)
    shot(page, "settings")
    assert not console.errors and not console2.errors and not console3.errors
