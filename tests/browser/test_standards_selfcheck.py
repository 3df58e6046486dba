"""Branch standardization in a real browser: the secretary of 生产一支部 fills the monthly
self-check on a 375-px phone (scores, a note, a photo as evidence) and submits it; the platform
judges the items it can; the 党群工作部 scores it on a PC and finalizes; the 达标率 page shows the
branch as 达标 and its number links to it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"standards-{name}.png"), full_page=True)


def test_secretary_self_checks_on_a_phone_and_the_office_finalizes(open_page, company_live):
    from apps.hazards.tests.factories import png_bytes
    from apps.standards import services
    from apps.standards.models import BranchReview
    from apps.standards.tests.factories import make_checklist

    company = company_live
    checklist = make_checklist(threshold=80)
    today = timezone.localdate()
    services.round_open(
        actor=company.users["dangwei"],
        checklist=checklist,
        unit=company.units["party"],
        title="一月支部标准化检查",
        period_start=today.replace(year=checklist.year, month=1, day=1),
        period_end=today.replace(year=checklist.year, month=1, day=31),
        deadline=today + timedelta(days=7),
    )
    review = BranchReview.objects.get(branch=company.units["branch1"])
    rows = {ri.item.title: ri.pk for ri in review.items.select_related("item")}
    room, meetings = rows["党员活动室标识统一"], rows["三会一课按规定频次召开"]

    # 1. 王建国 (shuji) opens the self-check from the 支部标准化 page on his phone.
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto("/standards/")
    page.get_by_test_id("my-selfchecks").get_by_role("link").first.click()
    page.wait_for_url(f"**/standards/reviews/{review.pk}/selfcheck/")
    fits(page)
    form = page.get_by_test_id("selfcheck")
    expect(form.locator(f"[data-item='{rows['支部委员会配备齐全']}']")).to_contain_text("平台判定")

    # An out-of-range score is refused with a clear message; what was typed stays.
    page.fill(f"#score_{room}", "60")
    page.fill(f"#note_{room}", "活动室已统一挂牌")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("0 到 50.0 分之间")
    expect(page.locator(f"#note_{room}")).to_have_value("活动室已统一挂牌")
    console.errors.clear()  # the refusal is a 400 on purpose

    page.fill(f"#score_{room}", "50")
    page.fill(f"#score_{meetings}", "30")
    page.set_input_files(
        f"#files_{room}", {"name": "room.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    fits(page)
    shot(page, "selfcheck")
    submit = page.get_by_test_id("submit")
    box = submit.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], "submit is in reach"
    submit.click()
    page.wait_for_url(f"**/standards/reviews/{review.pk}/")
    expect(page.get_by_test_id("actions")).not_to_contain_text("填写自查")
    verdicts = page.get_by_test_id("verdict")
    expect(verdicts.first).to_contain_text("书记已配备")
    fits(page)
    shot(page, "submitted")
    assert not console.errors, console.errors

    # 2. 刘芳 (dangwei) scores on a PC and finalizes: 10 + 0 + 30 + 45 = 85 ≥ 80.
    page, console = open_page(DESKTOP)
    log_in(page, "dangwei")
    page.goto(f"/standards/reviews/{review.pk}/")
    page.get_by_role("link", name="评分").click()
    page.fill(f"#score_{room}", "45")
    page.fill(f"#score_{meetings}", "30")
    page.get_by_test_id("finalize").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("扣分时须写明扣分理由")
    console.errors.clear()
    page.fill(f"#reason_{room}", "党务公开栏未更新")
    page.get_by_test_id("finalize").click()
    page.wait_for_url(f"**/standards/reviews/{review.pk}/")
    expect(page.locator("[data-figure=score]")).to_have_text("85.0")

    # 3. The 达标率 page: 生产一支部 达标, 技术支部 not yet (1 of 2 → 50.0%); the number links.
    page.goto(f"/standards/?year={checklist.year}")
    rate = page.locator("[data-figure=rate]")
    expect(rate).to_have_text("50.0%")
    shot(page, "overview")
    page.get_by_test_id("totals").get_by_role("link").first.click()
    expect(page.get_by_test_id("reviews")).to_contain_text("生产一支部")
    expect(page.get_by_test_id("reviews")).not_to_contain_text("技术支部")
    assert not console.errors, console.errors
