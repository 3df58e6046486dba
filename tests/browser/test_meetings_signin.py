"""Meeting sign-in on a phone, the way a scan does it: the invitee opens the QR code's URL, logs
in, comes back to the meeting, taps once and is signed in; a second tap stores nothing new; a
stale code gets a clear message. Then the 补学 of a missed meeting and "my meetings" at 375 px."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"meetings-{name}.png"), full_page=True)


def _member(company):
    from apps.accounts.models import User
    from apps.orgs.choices import PoliticalStatus
    from apps.orgs.models import PartyMembership, Person

    person = Person.objects.create(
        employee_no="10020", name="李强", gender="M", department=company.units["prod"],
        political_status=PoliticalStatus.PARTY_MEMBER,
    )  # fmt: skip
    PartyMembership.objects.create(person=person, branch=company.units["branch1"])
    User.objects.create_user(username="liqiang", password="demo12345", person=person)
    return person


def test_scan_sign_in_on_a_phone(open_page, company_live):
    from django.utils import timezone

    from apps.meetings import services, signin
    from apps.meetings.models import Attendance
    from apps.meetings.tests.factories import kind

    company = company_live
    member = _member(company)
    start = timezone.now() + timedelta(minutes=5)
    meeting = services.meeting_plan(
        actor=company.users["shuji"], unit=company.units["branch1"], kind=kind("theme_day"),
        topic="主题党日:重温入党誓词", starts_at=start, ends_at=start + timedelta(hours=1),
        place="党员活动室", host=company.people["shuji"],
    )  # fmt: skip
    url = "/meetings/signin/?" + urlencode({"t": signin.signin_token(meeting)})

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    page.goto(url)  # the phone's camera opens the code's URL: log in first, then come back
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "liqiang")
    page.fill("#id_password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_url("**/meetings/signin/**")
    expect(page.get_by_text("主题党日:重温入党誓词")).to_be_visible()
    fits(page)
    shot(page, "signin")
    page.get_by_test_id("signin-button").click()
    expect(page.get_by_test_id("signin-done")).to_have_text("签到成功")
    fits(page)
    row = Attendance.objects.get(meeting=meeting, person=member)
    assert row.signed_in_at is not None and row.sign_method == "qr"
    first = row.signed_in_at

    # Back and tap again: already signed in, nothing stored twice.
    page.goto(url)
    expect(page.get_by_test_id("signin-done")).to_have_text("您已签到。")
    row.refresh_from_db()
    assert row.signed_in_at == first

    # A code from five minutes ago: a clear message, no record touched.
    stale = signin.signin_token(meeting, now=timezone.now() - timedelta(minutes=5))
    page.goto("/meetings/signin/?" + urlencode({"t": stale}))
    expect(page.get_by_test_id("signin-error")).to_contain_text("已过期")
    assert Attendance.objects.exclude(signed_in_at=None).count() == 1
    # The stale code's page is answered 400 on purpose; nothing else may fail.
    expected = ("/meetings/signin/", "status of 400 (Bad Request)")
    assert [e for e in console.errors if not any(x in e for x in expected)] == []


def test_makeup_and_my_meetings_on_a_phone(open_page, company_live):
    from django.utils import timezone

    from apps.meetings import services
    from apps.meetings.models import Attendance
    from apps.meetings.tests.factories import kind

    company = company_live
    member = _member(company)
    start = timezone.now() + timedelta(minutes=1)
    meeting = services.meeting_plan(
        actor=company.users["shuji"], unit=company.units["branch1"], kind=kind("study_session"),
        topic="党纪学习教育专题学习会", starts_at=start, ends_at=start + timedelta(hours=1),
        place="三楼会议室", host=company.people["shuji"],
    )  # fmt: skip
    services.meeting_close(
        actor=company.users["shuji"], meeting=meeting, minutes="<p>学习了《条例》第一章。</p>",
        now=start + timedelta(minutes=30),
    )  # fmt: skip

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    from .conftest import log_in

    log_in(page, "liqiang")
    page.locator("nav.tx-bottombar").get_by_role("link", name="我的会议").click()
    page.wait_for_url("**/meetings/mine/")
    fits(page)
    shot(page, "mine")
    page.get_by_test_id("makeups").get_by_text("党纪学习教育专题学习会").click()
    expect(page.get_by_text("学习了《条例》第一章。")).to_be_visible()
    fits(page)
    page.get_by_label("学习体会(选填)").fill("认真学习了《条例》,对照检查自身。")
    page.get_by_test_id("makeup-done").click()
    page.wait_for_url("**/meetings/mine/")
    expect(page.get_by_text("补学已完成。")).to_be_visible()
    assert Attendance.objects.get(meeting=meeting, person=member).makeup_status == "done"
    assert console.errors == []
