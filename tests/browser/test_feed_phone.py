"""The department feed on a phone: an employee finds a post in the feed, reads it with its
photo, and comments; a department head publishes a scoped plan from the phone form, and the
period and scope fields appear only when they apply."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser

TITLE = "运行一班安全生产百日攻坚第3周进展"
COMMENT = "我们班组也可以借鉴这个做法"


def fits(page):
    """Nothing sticks out sideways on a 375-px screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"feed-{name}.png"), full_page=True)


def test_employee_reads_a_post_and_comments_on_a_phone(open_page, company_live):
    from apps.feed import services
    from apps.feed.choices import PostKind
    from apps.feed.models import Comment, Post
    from apps.feed.tests.factories import image, publish

    company = company_live
    post = publish(
        company,
        title=TITLE,
        body="<p>本周整改隐患 <strong>12</strong> 项</p><script>alert('x')</script>",
        images=[image()],
    )
    hidden = publish(company, by="dangwei", unit="tech", audience="tech", title="技术部内部通报")
    publish(company, kind=PostKind.PLAN, title="生产部二季度工作计划")

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    # Not in the bottom bar (it is full for cadres): the workbench shortcut leads to the feed.
    page.get_by_role("link", name="工作动态").first.click()
    page.wait_for_url("**/feed/")
    expect(page).to_have_title("工作动态 · 同心 · 智慧党群")
    cards = page.get_by_test_id("post-card")
    expect(cards).to_have_count(2)
    expect(page.get_by_test_id("feed")).not_to_contain_text(hidden.title)
    fits(page)
    shot(page, "list")

    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/feed/{post.pk}/")
    expect(page.get_by_test_id("title")).to_have_text(TITLE)
    expect(page.get_by_test_id("body")).to_contain_text("本周整改隐患 12 项")
    gallery = page.get_by_test_id("gallery").locator("img")
    expect(gallery).to_have_count(1)
    # The photo loads through the permission-checked file view (waited for: a busy CI is slow).
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=gallery] img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    expect(page.get_by_test_id("reads")).to_contain_text("1 人阅读")
    expect(page.get_by_test_id("no-comments")).to_be_visible()
    fits(page)

    form = page.get_by_test_id("comment-form")
    form.get_by_label("评论").fill(COMMENT)
    form.get_by_role("button", name="发表评论").click()
    expect(page.get_by_test_id("comment")).to_have_count(1)
    expect(page.get_by_test_id("comment")).to_contain_text(COMMENT)
    expect(page.get_by_test_id("comment")).to_contain_text("张伟")
    fits(page)
    shot(page, "post")
    assert not console.errors, console.errors

    post.refresh_from_db()
    assert post.read_count == 1 and post.comment_count == 1
    assert Comment.objects.get().body == COMMENT
    assert Post.objects.count() == 3 and services.attachments_of(post)


def test_head_publishes_a_scoped_plan_on_a_phone(open_page, company_live):
    from apps.feed.models import Post

    company = company_live
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "bumen")
    page.goto("/feed/")
    page.get_by_test_id("tabs").get_by_role("link", name="发布").click()
    page.wait_for_url("**/feed/new/")
    form = page.get_by_test_id("post-form")
    year = form.get_by_label("年份")
    expect(year).to_be_hidden()  # a progress update has no period
    form.locator("label", has_text="工作计划").click()
    expect(year).to_be_visible()
    form.get_by_label("计划周期").select_option(label="季度")
    form.get_by_label("季度或月份").fill("3")
    form.get_by_label("标题").fill("生产部三季度工作计划")
    form.locator("trix-editor").click()
    page.keyboard.type("确保三季度零事故,完成产量计划")
    unit = form.get_by_label("可见单位(含下级)")
    expect(unit).to_be_hidden()
    form.locator("label", has_text="指定范围").click()
    expect(unit).to_be_visible()
    unit.select_option(label="\u3000生产部")
    fits(page)
    shot(page, "form")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("title")).to_have_text("生产部三季度工作计划")
    expect(page.get_by_test_id("period")).to_contain_text("第3季度")
    expect(page.get_by_test_id("audience")).to_contain_text("仅生产部可见")
    fits(page)
    assert not console.errors, console.errors
    post = Post.objects.get()
    assert post.audience_unit == company.units["prod"] and post.period_kind == "quarter"
    assert "确保三季度零事故" in post.body
