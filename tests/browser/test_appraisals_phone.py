"""民主评议党员 on a phone: a member writes the self-appraisal and votes a grade for each member
of the branch; the branch secretary sees the counts (never who voted what), is refused
"不合格" without the reason with the grade kept, then decides with it. Everything fits 375 px;
the console stays clean except the refused submit's 400."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_member_appraises_and_votes_and_the_secretary_decides_on_a_phone(
    browser, open_page, company_live
):
    from apps.appraisals import services
    from apps.appraisals.models import AppraisalVote

    # 技术支部: 陈静 (tech_worker) and 刘芳 (the `dangwei` login) are its members.
    a = services.appraisal_open(
        actor=company_live.users["dangwei"], branch=company_live.units["branch2"], year=2025
    )
    chen = a.entries.get(person=company_live.people["tech_worker"])
    liu = a.entries.get(person=company_live.people["dangwei"])
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto(a.get_absolute_url())
    fits(page)
    page.get_by_role("link", name="填写自评").click()
    page.wait_for_url(re.compile(rf"/appraisals/{a.pk}/self/"))
    page.get_by_label("自我评价").fill("一年来认真学习,按时交纳党费,带头完成检修任务。")
    fits(page)
    page.get_by_role("button", name="自我评价").click()
    page.wait_for_url(re.compile(rf"/appraisals/{a.pk}/$"))
    expect(page.get_by_text("带头完成检修任务")).to_be_visible()
    page.get_by_test_id("vote").click()
    page.wait_for_url(re.compile(rf"/appraisals/{a.pk}/vote/"))
    page.locator(f"#id_grade_{chen.pk}").select_option(value="excellent")
    page.locator(f"#id_grade_{liu.pk}").select_option(value="qualified")
    fits(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "appraisals-vote-375.png"), full_page=True)
    page.get_by_role("button", name="评议投票").click()
    page.wait_for_url(re.compile(rf"/appraisals/{a.pk}/$"))
    expect(page.get_by_text("已投票").first).to_be_visible()
    assert AppraisalVote.objects.count() == 2
    # The secretary: counts only; 不合格 needs the reason.
    sec, sec_console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(sec, "tech_shuji")
    sec.goto(a.get_absolute_url())
    expect(sec.get_by_test_id("entries")).to_contain_text("陈静")
    fits(sec)
    sec.goto(f"/appraisals/{a.pk}/entries/{chen.pk}/")
    sec.get_by_label("评定等次").select_option(value="unqualified")
    sec.get_by_role("button", name=re.compile("确定等次")).click()
    expect(sec.locator(".invalid-feedback, .alert-danger").first).to_contain_text("理由")
    expect(sec.get_by_label("评定等次")).to_have_value("unqualified")
    fits(sec)
    sec.get_by_label("评定等次").select_option(value="excellent")
    sec.get_by_role("button", name=re.compile("确定等次")).click()
    sec.wait_for_url(re.compile(rf"/appraisals/{a.pk}/$"))
    chen.refresh_from_db()
    assert chen.grade == "excellent"
    sec.screenshot(path=str(RESULTS / "appraisals-detail-375.png"), full_page=True)
    desk, desk_console = open_page(DESKTOP)
    log_in(desk, "tech_shuji")
    desk.goto(a.get_absolute_url())
    desk.screenshot(path=str(RESULTS / "appraisals-detail-1280.png"), full_page=True)
    assert console.errors == [] and desk_console.errors == []
    assert [e for e in sec_console.errors if "400" not in e] == []
