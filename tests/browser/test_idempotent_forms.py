"""A form that is not the shared form page (here a feed comment) still carries an idempotency
key, added by app.js at its first submit: the same submission sent again — a double tap, a
resend after a lost answer — is answered from the first and stored once."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_a_comment_sent_twice_is_stored_once(open_page, company_live):
    from apps.feed.models import Comment
    from apps.feed.tests.factories import publish

    post = publish(company_live, title="三号机组检修完成")
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    page.goto(f"/feed/{post.pk}/")
    form = page.get_by_test_id("comment-form")
    form.get_by_label("评论").fill("辛苦了!")
    with page.expect_request(lambda r: r.method == "POST") as sent:
        form.get_by_role("button", name="发表评论").click()
    expect(page.get_by_test_id("comment")).to_have_count(1)
    body = sent.value.post_data
    assert "idempotency_key=" in body
    again = page.request.post(
        sent.value.url,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": sent.value.url},
        data=body,
        max_redirects=0,
    )
    assert again.headers.get("idempotent-replay") == "true"
    assert Comment.objects.filter(post=post).count() == 1
    # A new comment typed afterwards is a new submission, with a new key.
    page.goto(f"/feed/{post.pk}/")
    form.get_by_label("评论").fill("向检修班学习")
    form.get_by_role("button", name="发表评论").click()
    expect(page.get_by_test_id("comment")).to_have_count(2)
    assert console.errors == []
