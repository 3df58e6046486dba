"""谈心谈话 on a phone: a branch secretary records a talk in a few taps (the person by 工号,
chips for kind, place, state and concern), lands on the talk with its concern, and turns the
concern into a 督办 follow-up. Everything fits 375 px; the console stays clean."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_secretary_records_a_talk_on_a_phone(open_page, company_live):
    from apps.supervision.models import SupervisedItem
    from apps.talks.models import ConcernTag, Talk

    ConcernTag.objects.get_or_create(name="家庭困难", defaults={"sort": 30})
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto("/talks/new/")
    fits(page)
    page.get_by_label("谈话对象").fill("10003")
    for group, chip in (
        ("谈话类型", "困难帮扶"),
        ("谈话地点", "宿舍"),
        ("思想状态", "需关注"),
        ("关注问题", "家庭困难"),
    ):
        label = page.get_by_role("group", name=group).locator("label", has_text=chip)
        assert label.bounding_box()["height"] >= 36  # a thumb hits it
        label.click()
    page.get_by_label("问题说明").fill("父亲住院,请假照顾")
    page.get_by_label("谈话要点").fill("到宿舍看望,了解到家里老人住院,经济压力大。")
    fits(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "talks-record.png"), full_page=True)
    page.get_by_role("button", name="保存谈话").click()
    page.wait_for_url(re.compile(r"/talks/\d+/$"))
    talk = Talk.objects.get()
    assert (talk.person.employee_no, talk.kind, talk.place, talk.state) == (
        "10003",
        "hardship",
        "dorm",
        "attention",
    )
    expect(page.get_by_test_id("summary")).to_contain_text("经济压力大")
    expect(page.get_by_test_id("concern")).to_contain_text("父亲住院")
    fits(page)
    page.get_by_test_id("to-follow").click()
    expect(page.get_by_test_id("follow-up")).to_be_visible()
    assert SupervisedItem.objects.filter(kind="talk_concern", object_id=talk.concerns.get().pk)
    fits(page)
    for path in ("/talks/coverage/", "/talks/counts/"):  # the figures, charts drawn, on a phone
        page.goto(path)
        expect(page.locator("[data-chart] canvas").first).to_be_visible()
        fits(page)
    assert console.errors == []
