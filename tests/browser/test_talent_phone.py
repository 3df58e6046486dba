"""人才队伍 on a phone: a judge scores a practical round of a skills contest (a score out of range
is refused with the number kept, a score given once shows as theirs); a cadre records a
contest award, has it approved, and sees the winner enter the 高技能人才库. Everything fits
375 px; the console stays clean. Screenshots of the main pages at 375 and 1280 px."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _contest(company):
    # The live server flushes the database: the levels the data migration made are made here.
    from apps.talent import services
    from apps.talent.models import TalentLevel

    level = TalentLevel.objects.get_or_create(name="技师", defaults={"rank": 4})[0]
    return services.contest_create(
        actor=company.users["admin"],
        title="2026年职工职业技能竞赛",
        level="company",
        year=date.today().year,
        unit=company.units["prod"],
        start_on=date(2026, 3, 1),
        end_on=date(2026, 3, 20),
        trades="电工、焊工",
        pool_level=level,
    )


def test_a_judge_scores_a_practical_round_on_a_phone(open_page, company_live):
    from apps.accounts.models import User
    from apps.orgs.models import Person
    from apps.talent import services
    from apps.talent.models import RoundScore

    company = company_live
    c = _contest(company)
    judge = Person.objects.create(
        employee_no="90001", name="评委老周", gender="M", department=company.units["prod"]
    )
    User.objects.create_user(username="pingwei", password="demo12345", person=judge)
    r = services.round_add(
        actor=company.users["admin"],
        contest=c,
        kind="practical",
        name="实操考核",
        held_on=date(2026, 3, 10),
        weight=60,
        judges=[judge],
    )
    for key in ("zhigong", "bumen"):
        services.entrant_add(
            actor=company.users["admin"],
            contest=c,
            person=company.people[key],
            trade=c.trades.first(),
        )

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "pingwei")
    page.goto("/talent/judging/")
    fits(page)
    page.get_by_test_id("my-rounds").get_by_role("link").first.click()
    page.wait_for_url(re.compile(rf"/talent/rounds/{r.pk}/$"))
    fits(page)
    score = page.get_by_label("张伟 的分数")
    score.fill("120")
    score.press("Enter")
    expect(page.get_by_test_id("score-error")).to_contain_text("分数须在 0 到 100 之间")
    expect(page.get_by_label("张伟 的分数")).to_have_value("120")
    fits(page)
    page.get_by_label("张伟 的分数").fill("88.5")
    page.get_by_label("张伟 的分数").press("Enter")
    expect(page.get_by_test_id("mine").first).to_contain_text("88.5")
    fits(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "talent-round-375.png"), full_page=True)
    assert list(RoundScore.objects.values_list("score", flat=True)) == [88.5]
    # The refused submit answers 400 (the page with its message); nothing else went wrong.
    assert [e for e in console.errors if "400" not in e] == []


def test_a_cadre_records_an_award_and_the_winner_enters_the_pool(open_page, company_live):
    from apps.talent import services
    from apps.talent.models import TalentEntry

    company = company_live
    c = _contest(company)
    e = services.entrant_add(
        actor=company.users["admin"],
        contest=c,
        person=company.people["zhigong"],
        trade=c.trades.first(),
    )
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "admin")
    page.goto(f"/talent/contests/{c.pk}/")
    fits(page)
    page.get_by_role("link", name="登记奖励").click()
    page.wait_for_url(re.compile(rf"/talent/entrants/{e.pk}/award/$"))
    page.get_by_label("金额(元)").fill("12000")
    page.get_by_label("奖励事由").fill("电工一等奖")
    page.get_by_role("button", name="登记奖励").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text(
        "超过个人上限 10000.00 元"
    )
    expect(page.get_by_label("奖励事由")).to_have_value("电工一等奖")
    fits(page)
    page.get_by_label("金额(元)").fill("10000")
    page.get_by_role("button", name="登记奖励").click()
    page.wait_for_url(re.compile(rf"/talent/contests/{c.pk}/$"))
    page.get_by_role("link", name="审批").click()
    page.get_by_label("批准", exact=True).check()
    page.get_by_role("button", name="审批奖励").click()
    page.wait_for_url(re.compile(rf"/talent/contests/{c.pk}/$"))
    expect(page.get_by_test_id("in-pool")).to_contain_text("已入人才库")
    fits(page)
    page.screenshot(path=str(RESULTS / "talent-contest-375.png"), full_page=True)
    assert TalentEntry.objects.get().person == company.people["zhigong"]
    page.goto("/talent/")
    fits(page)
    expect(page.get_by_test_id("cards")).to_contain_text("张伟")
    page.screenshot(path=str(RESULTS / "talent-pool-375.png"), full_page=True)
    for path in (
        "/talent/contests/",
        "/talent/honours/",
        "/talent/brands/",
        "/talent/mentorships/",
        "/talent/priority/",
    ):
        page.goto(path)
        fits(page)
    assert [m for m in console.errors if "400" not in m] == []
    desk, _console = open_page(DESKTOP)
    log_in(desk, "admin")
    for name, path in (("pool", "/talent/"), ("contest", f"/talent/contests/{c.pk}/")):
        desk.goto(path)
        desk.screenshot(path=str(RESULTS / f"talent-{name}-1280.png"), full_page=True)


def test_a_cadre_awards_an_honour_from_the_assessment_results_on_a_phone(open_page, company_live):
    from apps.talent.models import Honour
    from apps.talent.tests.factories import excellent_card

    company = company_live
    card = excellent_card(company, "prod")
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "admin")
    page.goto("/talent/honours/new/")
    page.get_by_label("荣誉类别").select_option("collective")
    page.get_by_label("年度").fill("2025")
    page.get_by_role("button", name="列出候选").click()
    page.wait_for_url(re.compile(r"kind=collective"))
    fits(page)
    page.get_by_role("button", name="登记荣誉").click()  # nothing picked: refused, kept
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("候选名单")
    page.get_by_label("荣誉名称").fill("安全生产先进集体")
    page.get_by_label(re.compile("生产部 · ")).check()
    page.get_by_role("button", name="登记荣誉").click()
    page.wait_for_url(re.compile(r"/talent/honours/$"))
    fits(page)
    expect(page.get_by_test_id("source").first).to_have_attribute("href", f"/kpi/{card.pk}/")
    page.screenshot(path=str(RESULTS / "talent-honours-375.png"), full_page=True)
    assert Honour.objects.get().scorecard_id == card.pk
    assert [m for m in console.errors if "400" not in m] == []
