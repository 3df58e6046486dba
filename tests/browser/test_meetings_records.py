"""三会一课 records on a phone: the branch secretary 补录s a meeting held last week (who came,
who was on leave, the minutes), the general branch's secretary opens 记录审核, returns the
record with a reason, and the branch sees the reason on the meeting's page — all at 375 px."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"meetings-{name}.png"), full_page=True)


def test_record_then_review_on_a_phone(open_page, company_live):
    from django.utils import timezone

    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment, User
    from apps.meetings.models import Meeting, RecordReview
    from apps.meetings.tests.factories import kind
    from apps.orgs.choices import PoliticalStatus
    from apps.orgs.models import PartyMembership, Person

    company = company_live
    member = Person.objects.create(
        employee_no="10020", name="李强", gender="M", department=company.units["prod"],
        political_status=PoliticalStatus.PARTY_MEMBER,
    )  # fmt: skip
    PartyMembership.objects.create(person=member, branch=company.units["branch1"])
    zongzhi = User.objects.create_user(username="zongzhi", password="demo12345")
    RoleAssignment.objects.create(
        user=zongzhi, role=Role.BRANCH_SECRETARY, unit=company.units["gb"]
    )
    theme = kind("theme_day")
    held = timezone.localtime() - timedelta(days=6)

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto(f"/meetings/record/?unit={company.units['branch1'].pk}&kind={theme.pk}")
    fits(page)
    page.get_by_label("会议主题").fill("补录:主题党日")
    page.get_by_label("开始时间").fill(held.strftime("%Y-%m-%dT09:00"))
    page.get_by_label("结束时间").fill(held.strftime("%Y-%m-%dT11:00"))
    page.get_by_label("地点").fill("党员活动室")
    page.get_by_test_id("invitees").get_by_text("李强").click()  # untick: he was on leave
    page.get_by_label("请假人员工号").fill("10020")
    page.locator("trix-editor").fill("重温入党誓词")
    shot(page, "record")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("backfilled")).to_be_visible()
    fits(page)
    meeting = Meeting.objects.get()
    assert meeting.backfilled and meeting.attendances.get(person=member).status == "leave"

    errors = console.errors
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)  # another phone
    log_in(page, "zongzhi")
    page.goto("/meetings/reviews/")
    fits(page)
    page.get_by_test_id("reviews").get_by_role("link", name="审核").click()
    page.get_by_text("退回修改").click()
    page.get_by_label("退回理由").fill("缺少会议照片")
    shot(page, "review")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    assert RecordReview.objects.get(meeting=meeting).status == "returned"

    errors += console.errors
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("review")).to_contain_text("缺少会议照片")
    fits(page)
    assert errors + console.errors == []
