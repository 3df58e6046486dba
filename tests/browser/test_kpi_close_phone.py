"""量化考核 on a phone: the assessor's period page with the computation's progress bar and the
ranking; a department head objects to its result during the 公示; the assessor answers; a
branch member casts the 民主评议 vote. Everything fits 375 px; the console stays clean."""

from datetime import date
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"kpi-{name}.png"), full_page=True)


def test_the_close_of_a_period_on_a_phone(open_page, company_live):
    from apps.core.progress import progress_clear, progress_put
    from apps.kpi import services
    from apps.kpi.choices import Source
    from apps.kpi.models import Indicator, ManualScore, Objection, Period, Scheme, SchemeItem
    from apps.orgs.models import PartyMembership

    company = company_live
    scheme = Scheme.objects.create(
        year=2026, unit_kind="department", name="2026年部门党建考核", status="open"
    )
    report = Indicator.objects.create(code="rp", name="调研报告质量", source=Source.MANUAL)
    item = SchemeItem.objects.create(
        scheme=scheme, indicator=report, weight=D(100), floor=0, target=100
    )
    period = Period.objects.create(scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31))
    ManualScore.objects.create(period=period, unit=company.units["prod"], item=item, value=D(92))
    services.period_compute(period)
    dangwei = company.users["dangwei"]
    services.period_publish(actor=dangwei, period=period)
    card = period.scorecards.get(unit=company.units["prod"])

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "bumen")
    page.goto(f"/kpi/{card.pk}/")
    expect(page.get_by_test_id("rank")).to_contain_text("第 1 名")
    fits(page)
    page.get_by_test_id("object").click()
    page.get_by_label("申诉的得分项").select_option(label="调研报告质量")
    page.get_by_label("申诉理由").fill("三月报告已按时报送,请核实")
    fits(page)
    shot(page, "objection")
    page.get_by_role("button", name="提交申诉").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("提出申诉")
    objection = Objection.objects.get()

    page2, console2 = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page2, "dangwei")
    key = services.compute_key(period)
    progress_put(key, 1, 2)
    try:
        page2.goto(f"/kpi/periods/{period.pk}/")
        expect(page2.get_by_test_id("progress")).to_contain_text("50%")
        expect(page2.get_by_test_id("ranking")).to_contain_text("生产部")
        fits(page2)
        shot(page2, "period")
    finally:
        progress_clear(key)
    page2.goto(f"/kpi/objections/{objection.pk}/")
    page2.get_by_label("答复意见").fill("已核实,加 3 分")
    page2.get_by_label("更正分值").fill("3")
    fits(page2)
    page2.get_by_role("button", name="提交答复").click()
    expect(page2.get_by_test_id("answer")).to_contain_text("已核实")
    card.refresh_from_db()
    assert card.total == D(95)

    PartyMembership.objects.create(
        person=company.people["zhigong"], branch=company.units["branch1"]
    )
    review = services.cadre_review_create(
        actor=dangwei, period=period, person=company.people["shuji"]
    )
    page3, console3 = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page3, "zhigong")
    page3.goto("/kpi/cadres/")
    page3.get_by_test_id("ballots").get_by_role("link", name="参加评议").click()
    page3.get_by_label("较好").check()
    fits(page3)
    page3.get_by_role("button", name="提交评议").click()
    expect(page3.get_by_test_id("ballots")).to_contain_text("已投票")
    fits(page3)
    assert review.votes.count() == 1
    assert not console.errors and not console2.errors and not console3.errors
