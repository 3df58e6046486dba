"""党费 on a phone: a branch secretary opens the branch's ledger, records a member's month of
dues (the 工号, the month, the way paid), is refused a second payment for the same month with
what was typed kept, and sees the month paid in the ledger. Everything fits 375 px; the console
stays clean. The standard's rows are made here: the live server flushes the data migration's."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_secretary_records_a_payment_on_a_phone(browser, open_page, company_live):
    from apps.dues import services
    from apps.dues.models import DuesPayment
    from apps.dues.tests.factories import standard_rows

    standard_rows()
    year = timezone.localdate().year
    services.base_save(
        actor=company_live.users["shuji"],
        person=company_live.people["shuji"],
        year=year,
        income="6000",
    )
    branch = company_live.units["branch1"].pk
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto("/dues/")
    page.wait_for_url(re.compile(rf"/dues/branches/{branch}/"))
    fits(page)
    expect(page.get_by_test_id("ledger")).to_contain_text("王建国")
    page.get_by_test_id("pay").click()
    page.wait_for_url(re.compile(r"/dues/pay/"))
    fits(page)
    page.get_by_label("党员工号").fill("10001")
    page.get_by_label("月份").select_option(value="1")
    page.get_by_label("交纳方式").select_option(label="转账")
    page.get_by_label("备注").fill("微信转账")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "dues-pay.png"), full_page=True)
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(rf"/dues/branches/{branch}/"))
    expect(page.get_by_test_id("totals")).to_contain_text("90.00")
    fits(page)
    page.screenshot(path=str(RESULTS / "dues-branch.png"), full_page=True)
    assert DuesPayment.objects.get().method == "transfer"
    # The same month again: refused, with the note typed still there.
    page.goto(f"/dues/pay/?branch={branch}")
    page.get_by_label("党员工号").fill("10001")
    page.get_by_label("月份").select_option(value="1")
    page.get_by_label("备注").fill("重复登记")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("已交纳")
    expect(page.get_by_label("备注")).to_have_value("重复登记")
    fits(page)
    assert DuesPayment.objects.count() == 1
    for path in (
        "/dues/arrears/",
        "/dues/remittances/",
        "/dues/import/",
        "/dues/mine/",
        "/dues/reliefs/",
        "/dues/rates/",
    ):
        page.goto(path)
        fits(page)
    page.screenshot(path=str(RESULTS / "dues-mine.png"), full_page=True)
    # The committee's ledger at a desk.
    desk, desk_console = open_page(DESKTOP)
    log_in(desk, "dangwei")
    desk.goto("/dues/")
    expect(desk.get_by_test_id("ledger")).to_contain_text("生产一支部")
    desk.screenshot(path=str(RESULTS / "dues-ledger-1280.png"), full_page=True)
    desk.goto(f"/dues/branches/{branch}/?year={year}")
    desk.screenshot(path=str(RESULTS / "dues-branch-1280.png"), full_page=True)
    # The refused submit answers 409/400 (the form with its message); nothing else went wrong.
    assert [e for e in console.errors if "400" not in e and "409" not in e] == []
    assert desk_console.errors == []


def test_the_committee_adds_a_version_of_the_standard_on_a_phone(browser, open_page, company_live):
    from apps.dues.models import DuesRate
    from apps.dues.tests.factories import standard_rows

    standard_rows()
    nxt = timezone.localdate().year + 1
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto("/dues/rates/")
    fits(page)
    page.get_by_test_id("standard-new").click()
    page.wait_for_url(re.compile(r"/dues/rates/new/"))
    fits(page)
    page.get_by_label("施行日期").fill(f"{nxt}-01-01")
    page.locator("#id_upper_2").fill("2999")  # below the first bracket's 3000: refused
    RESULTS.mkdir(exist_ok=True)
    page.get_by_role("button", name="保存新标准").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("大于上一档上限")
    expect(page.locator("#id_upper_2")).to_have_value("2999")
    fits(page)
    page.screenshot(path=str(RESULTS / "dues-standard-375.png"), full_page=True)
    page.locator("#id_upper_2").fill("6000")
    page.get_by_role("button", name="保存新标准").click()
    page.wait_for_url(re.compile(r"/dues/rates/$"))
    expect(page.get_by_test_id("history")).to_contain_text(f"{nxt}-01-01")
    fits(page)
    assert DuesRate.objects.filter(start_on__year=nxt).count() == 4
    desk, desk_console = open_page(DESKTOP)
    log_in(desk, "dangwei")
    desk.goto("/dues/rates/")
    desk.screenshot(path=str(RESULTS / "dues-rates-1280.png"), full_page=True)
    assert [e for e in console.errors if "400" not in e] == []
    assert desk_console.errors == []


def test_the_committee_decides_reductions_on_a_phone(browser, open_page, company_live):
    """The 党委 opens the pending requests of every branch, refuses one with its reason and
    approves the other, from the list, at 375 px; then the list at a desk."""
    from apps.dues import services
    from apps.dues.models import DuesRelief
    from apps.dues.tests.factories import standard_rows

    standard_rows()
    year = timezone.localdate().year
    asks = []
    for key, actor, kind in (("shuji", "shuji", "reduce"), ("tech_worker", "tech_shuji", "exempt")):
        services.base_save(
            actor=company_live.users["dangwei"],
            person=company_live.people[key],
            year=year,
            income="6000",
        )
        asks.append(
            services.relief_request(
                actor=company_live.users[actor],
                person=company_live.people[key],
                year=year,
                month_from=1,
                month_to=3,
                kind=kind,
                amount="30" if kind == "reduce" else None,
                reason="家属重病,收入减少",
            )
        )
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto("/dues/reliefs/?status=pending")
    phone = page.get_by_test_id("reliefs-phone")
    expect(phone).to_contain_text("王建国")
    expect(phone).to_contain_text("陈静")
    expect(phone).to_contain_text("少收 180.00 元")
    fits(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "dues-reliefs-375.png"), full_page=True)
    card = phone.locator(f'[data-relief="{asks[0].pk}"]')
    card.get_by_placeholder("不批准的理由").fill("已按少交标准交纳")
    card.get_by_test_id("refuse").click()
    page.wait_for_url(re.compile(r"/dues/reliefs/\?status=pending"))
    expect(page.get_by_test_id("reliefs-phone")).not_to_contain_text("王建国")
    page.get_by_test_id("reliefs-phone").locator(f'[data-relief="{asks[1].pk}"]').get_by_test_id(
        "approve"
    ).click()
    page.wait_for_url(re.compile(r"/dues/reliefs/\?status=pending"))
    expect(page.get_by_test_id("empty")).to_contain_text("没有待审批的申请")
    fits(page)
    assert dict(DuesRelief.objects.values_list("pk", "status")) == {
        asks[0].pk: "rejected",
        asks[1].pk: "approved",
    }
    assert DuesRelief.objects.get(pk=asks[0].pk).decision_note == "已按少交标准交纳"
    page.goto(f"/dues/reliefs/{asks[0].pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("已按少交标准交纳")
    fits(page)
    desk, desk_console = open_page(DESKTOP)
    log_in(desk, "dangwei")
    desk.goto("/dues/reliefs/")
    expect(desk.get_by_test_id("reliefs")).to_contain_text("未批准")
    desk.screenshot(path=str(RESULTS / "dues-reliefs-1280.png"), full_page=True)
    assert console.errors == [] and desk_console.errors == []
