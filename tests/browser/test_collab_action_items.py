"""A convener turns a resolution into action items on a phone: records the decision, assigns
two items (one refused first for want of an owner, keeping what was typed), and finds them on
the session page and in the one 督办 view; the same flow fits a desktop screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser

DECISION = "实施安全生产百日攻坚,各车间开展隐患自查自改。"
FIRST = "制定百日攻坚实施方案"
SECOND = "组织青年安全生产示范岗创建"


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"collab-{name}.png"), full_page=True)


def _body(company):
    from apps.collab.choices import Line
    from apps.collab.services import meeting_create, member_add, session_create

    dangwei = company.users["dangwei"]
    meeting = meeting_create(
        actor=dangwei, name="党群工作联席会议", convener=company.units["party"]
    )
    for unit, line, person in (("prod", Line.PRODUCTION, "bumen"), ("tech", Line.TECHNOLOGY, None)):
        member_add(
            actor=dangwei,
            meeting=meeting,
            unit=company.units[unit],
            line=line,
            person=company.people.get(person),
        )
    return session_create(
        actor=dangwei,
        meeting=meeting,
        held_at=timezone.now() + timedelta(days=2),
        place="公司办公楼三楼会议室",
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_convener_turns_a_resolution_into_action_items(open_page, company_live, viewport):
    from apps.collab.models import ActionItem
    from apps.supervision.models import SupervisedItem

    company = company_live
    session = _body(company)
    width = viewport["width"]
    page, console = open_page(viewport, is_mobile=width < 500, has_touch=width < 500)
    log_in(page, "dangwei")

    page.goto("/collab/")
    page.get_by_role("link", name="党群工作联席会议").first.click()
    page.get_by_text("第 1 次会议").click()
    page.wait_for_url(f"**/collab/sessions/{session.pk}/")
    fits(page, width)
    page.get_by_test_id("add-resolution").click()
    page.get_by_label("议定事项").fill(DECISION)
    page.get_by_role("button", name="记录议定事项").click()
    page.wait_for_url("**/actions/new/")
    fits(page, width)

    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = page.get_by_test_id("action-form")
    form.get_by_label("督办事项").fill(FIRST)
    form.get_by_label("预期成效").fill("方案印发,任务分解到班组")
    form.get_by_label("责任单位").select_option(label="生产部")
    form.get_by_label("责任人工号").fill("10002")
    form.get_by_label("办结时限").fill(due)
    page.get_by_role("button", name="交办并继续添加").click()
    expect(page.get_by_test_id("existing")).to_contain_text(FIRST)

    # No owner: refused with a clear message, what was typed is kept.
    form.get_by_label("督办事项").fill(SECOND)
    form.get_by_label("预期成效").fill("每个车间至少一个示范岗")
    form.get_by_label("办结时限").fill(due)
    page.get_by_test_id("assign").click()
    expect(page.get_by_test_id("field-error").first).to_have_text("请指定责任单位。")
    expect(form.get_by_label("督办事项")).to_have_value(SECOND)
    fits(page, width)
    shot(page, f"refused-{width}")
    form.get_by_label("责任单位").select_option(label="技术部")
    form.get_by_label("责任人工号").fill("10005")
    page.get_by_test_id("assign").click()
    page.wait_for_url(f"**/collab/sessions/{session.pk}/*")

    resolutions = page.get_by_test_id("resolutions")
    expect(resolutions).to_contain_text(FIRST)
    expect(resolutions).to_contain_text(SECOND)
    fits(page, width)
    shot(page, f"session-{width}")

    page.goto("/supervision/?kind=action_item")
    expect(page.locator("body")).to_contain_text(FIRST)
    fits(page, width)
    # The one refusal above answers 400 on purpose; nothing else may fail.
    unexpected = [e for e in console.errors if "/actions/new/" not in e and "400" not in e]
    assert not unexpected, console.errors
    assert ActionItem.objects.count() == 2
    assert SupervisedItem.objects.filter(kind="action_item", closed_at=None).count() == 2


def test_convener_orders_the_agenda_in_place(open_page, company_live):
    """The up/down buttons swap the agenda with htmx, without leaving the page."""
    from apps.collab.services import topic_submit

    company = company_live
    session = _body(company)
    for unit, title in (("prod", "重点订单交付保障"), ("tech", "关键工艺技术攻关")):
        topic_submit(
            actor=company.users["dangwei"],
            session=session,
            unit=company.units[unit],
            title=title,
        )
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto(f"/collab/sessions/{session.pk}/")
    agenda = page.get_by_test_id("agenda")
    expect(agenda.locator("li").first).to_contain_text("重点订单交付保障")
    agenda.locator("li").first.get_by_role("button", name="下移").click()
    expect(page.get_by_test_id("agenda").locator("li").first).to_contain_text("关键工艺技术攻关")
    assert page.url.endswith(f"/collab/sessions/{session.pk}/")
    fits(page, PHONE["width"])
    assert not console.errors, console.errors
