"""An anonymous appeal in a real browser on a phone: an employee reports a problem anonymously
and is shown a receipt code once; the union accepts it and the owner answers; then, logged out,
the code alone finds the appeal, shows the answer, and takes the rating that closes it. Nothing
in the database links the appeal to the employee."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser

TITLE = "夜班下班后食堂已关门"
DESCRIPTION = "运行一班夜班职工凌晨下班时食堂已经关门,只能饿着肚子回家,希望延长供餐时间。"
REPLY = "已与食堂沟通,下周起夜班供餐延长至凌晨一点。"
RESOLUTION = "食堂已调整排班,夜班职工下班可在一号窗口就餐。"
COMMENT = "解决得很及时,谢谢"


def fits(page):
    """Nothing sticks out sideways on a 375-px screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"appeal-{name}.png"), full_page=True)


def _categories():
    """The default categories come from a data migration, which a transactional test's flush
    may have removed; put one back if so."""
    from apps.appeals.models import Category

    Category.objects.get_or_create(name="食堂宿舍", defaults={"sort": 30})


def test_anonymous_appeal_on_a_phone_followed_and_rated_by_receipt_code(open_page, company_live):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from apps.appeals import services
    from apps.appeals.models import Appeal, AppealEvent
    from apps.core.models import Attachment, Notification

    company = company_live
    _categories()
    zhigong = company.users["zhigong"]

    # 1. 张伟 (zhigong), logged in on his phone, reports a problem anonymously.
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    page.locator("nav.tx-bottombar").get_by_role("link", name="急难愁盼").click()
    page.wait_for_url("**/appeals/")
    expect(page).to_have_title("我的诉求 · 同心 · 智慧党群")
    fits(page)
    shot(page, "mine")
    page.get_by_test_id("new-appeal").click()
    page.wait_for_url("**/appeals/new/")
    form = page.get_by_test_id("appeal-form")
    form.get_by_label("类别").select_option(label="食堂宿舍")
    form.get_by_label("标题").fill(TITLE)
    form.get_by_label("诉求内容").fill(DESCRIPTION)
    form.locator("label.form-selectgroup-item", has_text="紧急").click()
    expect(form.locator("input[name=urgency][value=urgent]")).to_be_checked()
    form.get_by_text("匿名反映").click()
    expect(form.get_by_label("匿名反映")).to_be_checked()
    fits(page)
    shot(page, "form")
    page.get_by_test_id("submit").click()

    # The receipt code is shown once, here, and nowhere else: it came in the fragment of the
    # one page every submit lands on, which then drops it from the address.
    page.wait_for_url("**/appeals/submitted/")
    expect(page).to_have_title("诉求已提交 · 同心 · 智慧党群")
    box = page.get_by_test_id("receipt-code")
    expect(box).to_have_value(re.compile(r"^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$"))
    code = box.input_value()
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "the code is cut off"
    assert code not in page.url and "#" not in page.url
    expect(page.locator("[data-receipt-ready]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    fits(page)
    shot(page, "receipt-issued")
    assert not console.errors, console.errors

    # Nothing is in the ledger until the batch (the every-minute tick runs it at that time).
    assert not Appeal.objects.filter(title=TITLE).exists()
    services.anonymous_batch(now=services.batch_time(timezone.now()))
    appeal = Appeal.objects.get(title=TITLE)
    assert appeal.anonymous and appeal.status == "submitted" and appeal.urgency == "urgent"

    # 2. The party office (dangwei) accepts it and assigns it to 生产部 / 李明 (bumen), who
    # replies and resolves it (through the services: the cadres' pages have their own tests).
    services.appeal_accept(
        actor=company.users["dangwei"],
        appeal=appeal,
        owner_unit=company.units["prod"],
        owner_person=company.people["bumen"],
    )
    appeal.refresh_from_db()
    services.appeal_reply(actor=company.users["bumen"], appeal=appeal, text=REPLY)
    services.appeal_resolve(actor=company.users["bumen"], appeal=appeal, text=RESOLUTION)
    appeal.refresh_from_db()
    assert appeal.status == "answered"

    # 3. Not logged in (a fresh browser), the code alone finds the appeal and its answer.
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    page.goto("/appeals/receipt/")
    expect(page).to_have_title("回执码查询 · 同心 · 智慧党群")
    expect(page.locator("nav.tx-bottombar")).to_have_count(0)
    page.get_by_label("回执码").fill(code.lower().replace("-", " "))  # as typed off a note
    fits(page)
    shot(page, "receipt-form")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_title("匿名诉求进度 · 同心 · 智慧党群")
    main = page.locator("main")
    expect(main).to_contain_text(TITLE)
    expect(page.get_by_test_id("status")).to_have_text("已答复")
    expect(page.get_by_test_id("resolution")).to_contain_text(RESOLUTION)
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text(REPLY)
    expect(timeline).to_contain_text("匿名提交人")
    expect(timeline).not_to_contain_text("张伟")
    expect(main).not_to_contain_text("张伟")
    fits(page)
    shot(page, "receipt-answered")

    # Rating is what an answered appeal waits for: its form comes first.
    forms = page.locator("form[data-testid^=receipt-]")
    expect(forms).to_have_count(3)
    expect(forms.first).to_have_attribute("data-testid", "receipt-rate")

    # Five stars with a comment closes it.
    rate = page.get_by_test_id("receipt-rate")
    stars = rate.locator("label.form-selectgroup-item")
    boxes = [stars.nth(i).bounding_box() for i in range(5)]
    assert all(b and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert len({round(b["x"]) for b in boxes}) == 1, "the five choices stack on a phone"
    rate.locator("label.form-selectgroup-item", has_text="5 星").click()
    expect(rate.locator("input[name=rate-rating][value='5']")).to_be_checked()
    rate.get_by_label("评价意见(可选)").fill(COMMENT)
    shot(page, "receipt-rating")
    rate.get_by_role("button", name="提交评价").click()
    # Queued for the next batch like the submit; written then.
    expect(page.get_by_test_id("notice")).to_contain_text("随下一批匿名诉求写入")
    expect(page.get_by_test_id("pending")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("已答复")
    services.anonymous_batch(now=services.batch_time(timezone.now()))
    page.get_by_role("link", name="查询其他回执码").click()
    page.get_by_label("回执码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("status")).to_have_text("已办结")
    rating = page.get_by_test_id("rating")
    expect(rating).to_contain_text("5 / 5")
    expect(rating).to_contain_text(COMMENT)
    # Closed: nothing more to rate or reopen.
    expect(page.get_by_test_id("receipt-rate")).to_have_count(0)
    expect(page.get_by_test_id("receipt-reopen")).to_have_count(0)
    fits(page)
    shot(page, "receipt-closed")
    assert not console.errors, console.errors

    # 4. Closed, rated, and not a thread leads back to 张伟.
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.rating == 5 and appeal.rating_comment == COMMENT
    assert appeal.anonymous
    assert appeal.submitter_id is None and appeal.submitter_unit_id is None
    ct = ContentType.objects.get_for_model(Appeal)
    entries = LogEntry.objects.filter(content_type=ct, object_pk=str(appeal.pk))
    assert entries.exists()  # the cadres' steps are audited …
    assert not entries.filter(actor=zhigong).exists()  # … the submitter's are not
    events = AppealEvent.objects.filter(appeal=appeal)
    assert events.filter(by_submitter=True).count() == 2  # submitted, rated
    assert not events.filter(actor=zhigong).exists()
    assert not events.filter(by_submitter=True, actor__isnull=False).exists()
    event_ct = ContentType.objects.get_for_model(AppealEvent)
    assert (
        not LogEntry.objects.filter(
            content_type=event_ct,
            object_pk__in=[str(pk) for pk in events.values_list("pk", flat=True)],
        )
        .filter(actor=zhigong)
        .exists()
    )
    assert not Attachment.objects.filter(owner_type=ct, owner_id=appeal.pk).exists()
    assert not Notification.objects.filter(user=zhigong).exists()
