"""班组长竞聘 on a phone: an employee of the team opens the notice from the menu, sees each
condition checked against the roster, applies (an empty statement is refused, nothing stored);
then, in the 民主测评, a team member votes once and a second ballot is refused. Everything fits
375 px; the console stays clean."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_apply_then_vote_on_a_phone(open_page, company_live):
    from apps.selections import services
    from apps.selections.models import Applicant, Ballot
    from apps.selections.tests.factories import make_selection, member

    company = company_live
    today = timezone.localdate()
    selection = make_selection(
        company,
        title="运行一班班组长公开竞聘",
        apply_from=today - timedelta(days=1),
        apply_until=today + timedelta(days=3),
    )
    services.selection_publish(actor=company.users["dangwei"], selection=selection)
    _p, applicant = member(company, "30001", "韩梅")
    _p, voter = member(company, "30002", "孙强")
    for user in (applicant, voter):
        user.set_password("demo12345")
        user.save()

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, applicant.username)
    page.goto("/selections/")
    fits(page)
    page.get_by_role("link", name="运行一班班组长公开竞聘").first.click()
    page.wait_for_url(re.compile(rf"/selections/{selection.pk}/$"))
    fits(page)
    page.goto(f"/selections/{selection.pk}/apply/")
    expect(page.get_by_test_id("checks")).to_contain_text("符合")
    fits(page)
    page.get_by_role("button", name="提交报名").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    assert not Applicant.objects.exists()
    page.get_by_label("竞聘陈述").fill("十年运行经验,带过新员工。")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "selections-apply.png"), full_page=True)
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url(re.compile(rf"/selections/{selection.pk}/$"))
    assert Applicant.objects.get().person.name == "韩梅"

    admin = company.users["dangwei"]
    selection.refresh_from_db()
    services.selection_close_apply(actor=admin, selection=selection)
    services.selection_start_rounds(actor=admin, selection=selection)

    page.context.clear_cookies()
    log_in(page, voter.username)
    page.goto(f"/selections/{selection.pk}/vote/")
    fits(page)
    page.get_by_label("优秀").first.check()
    page.screenshot(path=str(RESULTS / "selections-vote.png"), full_page=True)
    page.get_by_role("button", name="提交投票").click()
    page.wait_for_url(re.compile(rf"/selections/{selection.pk}/$"))
    assert Ballot.objects.count() == 1
    page.goto(f"/selections/{selection.pk}/vote/")
    expect(page.get_by_test_id("voted")).to_be_visible()
    page.get_by_label("称职").first.check()
    page.get_by_role("button", name="提交投票").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("只能投一次")
    assert Ballot.objects.count() == 1
    # The refused submit answers 400 (the form with its message); nothing else went wrong.
    assert [e for e in console.errors if "400" not in e] == []
