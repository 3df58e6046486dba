"""The pages: feed with filters and cursor, case library, a post with comments, the publish and
edit forms (refused input kept), curation; query counts that do not grow with the rows."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.feed import selectors, services
from apps.feed.choices import PostKind
from apps.feed.models import Comment, Post, PostRead, Tag
from apps.feed.selectors import PAGE_SIZE

from .factories import docx_disguised, image, pdf, publish


def titles(response):
    return [p.title for p in response.context["posts"]]


def many(company, n, **kw):
    now = timezone.now()
    return [
        publish(company, title=f"动态{i:03d}", now=now - timedelta(minutes=i), **kw)
        for i in range(n)
    ]


def test_feed_newest_first_with_cursor(client, company):
    many(company, PAGE_SIZE + 5)
    client.force_login(company.users["zhigong"])
    r = client.get("/feed/")
    assert r.status_code == 200
    assert titles(r)[:2] == ["动态000", "动态001"] and len(titles(r)) == PAGE_SIZE
    cursor = r.context["next_cursor"]
    assert cursor and 'data-testid="more"' in r.content.decode()
    r = client.get("/feed/", {"cursor": cursor})
    assert titles(r) == [f"动态{i:03d}" for i in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert r.context["next_cursor"] is None
    # A bad cursor starts over instead of failing.
    assert titles(client.get("/feed/", {"cursor": "abc_x"}))[0] == "动态000"


def test_feed_filters(client, company):
    publish(company, title="生产部进展")
    publish(company, kind=PostKind.PLAN, title="生产部二季度计划")
    publish(company, by="dangwei", unit="tech", kind=PostKind.CASE, title="技术部突击队")
    publish(company, kind=PostKind.PLAN, title="运行一班计划", unit="team1", period_no=4)
    client.force_login(company.users["zhigong"])
    assert set(titles(client.get("/feed/", {"kind": "plan"}))) == {
        "生产部二季度计划",
        "运行一班计划",
    }
    prod = company.units["prod"].pk
    assert "技术部突击队" not in titles(client.get("/feed/", {"unit": prod}))
    assert titles(client.get("/feed/", {"unit": company.units["team1"].pk})) == ["运行一班计划"]
    assert titles(client.get("/feed/", {"q": "突击"})) == ["技术部突击队"]
    assert titles(client.get("/feed/", {"period": "2025-Q2", "kind": "plan"})) == [
        "生产部二季度计划"
    ]
    assert titles(client.get("/feed/", {"period": "2025-05", "kind": "plan"})) == [
        "生产部二季度计划"
    ]
    assert len(titles(client.get("/feed/", {"period": "2025", "kind": "plan"}))) == 2
    today = timezone.localdate()
    month = client.get("/feed/", {"period": f"{today.year}-{today.month:02d}", "kind": "progress"})
    assert titles(month) == ["生产部进展"]
    # Bad filters: a message, no 500.
    r = client.get("/feed/", {"period": "2025-13", "unit": "abc"})
    assert r.status_code == 200 and 'data-testid="filter-errors"' in r.content.decode()


def test_case_library_tags_and_featured(client, company):
    a = publish(company, kind=PostKind.CASE, title="党员先锋岗案例")
    publish(company, kind=PostKind.CASE, title="未精选案例")
    publish(company, title="不是案例")
    services.post_curate(actor=company.users["dangwei"], post=a, featured=True, tags=["先锋岗"])
    tag = Tag.objects.get(name="先锋岗")
    client.force_login(company.users["zhigong"])
    r = client.get("/feed/cases/")
    assert set(titles(r)) == {"党员先锋岗案例", "未精选案例"}
    assert [t.name for t in r.context["tags"]] == ["先锋岗"]
    assert titles(client.get("/feed/cases/", {"featured": "true"})) == ["党员先锋岗案例"]
    assert titles(client.get("/feed/cases/", {"tag": tag.pk})) == ["党员先锋岗案例"]
    assert titles(client.get("/feed/cases/", {"q": "未精选"})) == ["未精选案例"]


def test_empty_states_say_what_to_do(client, company):
    client.force_login(company.users["bumen"])
    assert "发布第一条动态" in client.get("/feed/").content.decode()
    client.force_login(company.users["zhigong"])
    html = client.get("/feed/").content.decode()
    assert 'data-testid="empty"' in html and 'href="/feed/new/' not in html
    assert "案例库还是空的" in client.get("/feed/cases/").content.decode()


def test_post_page_counts_a_reader_once_and_shows_files(client, company):
    post = publish(company, images=[image()], files=[pdf()])
    client.force_login(company.users["zhigong"])
    for _i in range(3):
        r = client.get(f"/feed/{post.pk}/")
    html = r.content.decode()
    assert 'data-testid="gallery"' in html and "plan.pdf" in html
    post.refresh_from_db()
    assert post.read_count == 1 and PostRead.objects.count() == 1
    # An employee gets no edit buttons and no audit history.
    assert 'data-testid="actions"' not in html and 'data-testid="history"' not in html


def test_script_is_shown_inert(client, company):
    post = publish(company)
    # An older or imported row with script in it: the page sanitizes again on display.
    Post.objects.filter(pk=post.pk).update(
        body='<p>正文</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    )
    client.force_login(company.users["zhigong"])
    body = client.get(f"/feed/{post.pk}/").content.decode()
    assert "<script>alert(1)" not in body and "onerror" not in body and "正文" in body


def test_publish_through_the_form(client, company):
    client.force_login(company.users["bumen"])
    r = client.get("/feed/new/?kind=plan")
    assert r.status_code == 200 and r.context["form"]["kind"].initial == "plan"
    assert r.context["form"]["unit"].initial == company.units["prod"].pk
    r = client.post(
        "/feed/new/",
        {
            "kind": "plan",
            "title": "生产部三季度工作计划",
            "body": '<p onmouseover="x()">重点工作</p><script>bad()</script>',
            "unit": company.units["prod"].pk,
            "audience": "scope",
            "audience_unit": company.units["prod"].pk,
            "period_kind": "quarter",
            "period_year": 2025,
            "period_no": 3,
            "images": [image()],
            "files": [pdf()],
        },
    )
    post = Post.objects.get()
    assert r.status_code == 302 and r.url == f"/feed/{post.pk}/"
    assert post.body == "<p>重点工作</p>" and post.period_label == "2025年第3季度"
    assert len(selectors.attachments_of(post)) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"audience_unit": "tech"}, "有效的选项"),
        ({"title": ""}, "必填"),
        ({"body": "<p> </p>"}, "请填写内容"),
        ({"files": "disguised"}, "与扩展名"),
        ({"period_kind": ""}, "计划周期"),
    ],
)
def test_refused_form_keeps_what_was_typed(client, company, change, message):
    client.force_login(company.users["bumen"])
    data = {
        "kind": "plan",
        "title": "生产部三季度工作计划",
        "body": "<p>重点工作</p>",
        "unit": company.units["prod"].pk,
        "audience": "scope",
        "audience_unit": company.units["prod"].pk,
        "period_kind": "quarter",
        "period_year": 2025,
        "period_no": 3,
    }
    for key, value in change.items():
        if key == "audience_unit":
            value = company.units[value].pk
        if key == "files":
            value = [docx_disguised()]
        data[key] = value
    r = client.post("/feed/new/", data)
    assert r.status_code == 400
    html = r.content.decode()
    assert message in html
    if change.get("title") != "":
        assert 'value="生产部三季度工作计划"' in html
    assert not Post.objects.exists()


def test_employee_cannot_open_the_form(client, company):
    client.force_login(company.users["zhigong"])
    assert client.get("/feed/new/").status_code == 403
    post = publish(company)
    assert client.get(f"/feed/{post.pk}/edit/").status_code == 403
    assert client.post(f"/feed/{post.pk}/delete/").status_code == 403
    assert client.get(f"/feed/{post.pk}/curate/").status_code == 403


def test_edit_and_delete_through_pages(client, company):
    post = publish(company, files=[pdf()])
    token = selectors.attachments_of(post)[0].token
    client.force_login(company.users["bumen"])
    r = client.get(f"/feed/{post.pk}/edit/")
    assert r.status_code == 200 and r.context["form"]["title"].initial == post.title
    r = client.post(
        f"/feed/{post.pk}/edit/",
        {"title": "改过的标题", "body": "<p>新</p>", "audience": "company", "remove": [token]},
    )
    assert r.status_code == 302
    post.refresh_from_db()
    assert post.title == "改过的标题" and not selectors.attachments_of(post)
    html = client.get(f"/feed/{post.pk}/").content.decode()
    assert 'data-testid="edited"' in html and 'data-testid="history"' in html
    r = client.post(f"/feed/{post.pk}/delete/")
    assert r.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_curate_through_the_page(client, company):
    case = publish(company, kind=PostKind.CASE)
    client.force_login(company.users["dangwei"])
    r = client.post(f"/feed/{case.pk}/curate/", {"featured": "on", "tags": "党员先锋岗, 责任区"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.featured and case.tags.count() == 2
    r = client.post(f"/feed/{case.pk}/curate/", {"featured": "on", "tags": "长" * 21})
    assert r.status_code == 400 and "过长" in r.content.decode()
    progress = publish(company)
    assert client.get(f"/feed/{progress.pk}/curate/").status_code == 403


def test_comment_through_the_page(client, company):
    post = publish(company)
    client.force_login(company.users["zhigong"])
    r = client.post(f"/feed/{post.pk}/comments/", {"body": "学习了,值得推广"})
    assert r.status_code == 302
    html = client.get(f"/feed/{post.pk}/").content.decode()
    assert "学习了,值得推广" in html
    # Too long: refused with the message, and the text comes back in the box.
    r = client.post(f"/feed/{post.pk}/comments/", {"body": "长" * 501}, follow=True)
    html = r.content.decode()
    assert "500" in html and "长" * 501 in html
    assert Comment.objects.count() == 1
    comment = Comment.objects.get()
    client.force_login(company.users["norole"])
    r = client.post(f"/feed/comments/{comment.pk}/remove/", follow=True)
    assert "只有评论人" in r.content.decode()
    client.force_login(company.users["zhigong"])
    client.post(f"/feed/comments/{comment.pk}/remove/")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("username", ["zhigong", "shuji", "admin"])
def test_feed_query_count_does_not_grow(client, company, username, django_assert_max_num_queries):
    client.force_login(company.users[username])
    many(company, 3, kind=PostKind.CASE)
    client.get("/feed/")
    posts = many(company, 30, kind=PostKind.CASE)
    for p in posts[:10]:
        services.post_curate(
            actor=company.users["dangwei"], post=p, featured=True, tags=["甲", "乙"]
        )
    for url in ("/feed/", "/feed/cases/", "/feed/?kind=case&featured=true"):
        with django_assert_max_num_queries(17):
            assert client.get(url).status_code == 200


def test_post_page_query_count(client, company, django_assert_max_num_queries):
    post = publish(company, images=[image()], files=[pdf()])
    for i in range(20):
        services.comment_add(actor=company.users["zhigong"], post=post, body=f"评论{i}")
    client.force_login(company.users["bumen"])
    with django_assert_max_num_queries(24):
        assert client.get(f"/feed/{post.pk}/").status_code == 200


def test_reader_who_sees_little_of_a_busy_feed(client, company, monkeypatch):
    """The newest posts are all for 技术部: 张伟 still gets the older company-wide ones."""
    from apps.feed import selectors

    monkeypatch.setattr(selectors, "WINDOW", 5)
    now = timezone.now()
    for i in range(3):
        publish(company, title=f"全公司{i}", now=now - timedelta(days=1, minutes=i))
    for i in range(8):
        publish(company, by="dangwei", unit="tech", audience="tech", title=f"技术部{i}", now=now)
    client.force_login(company.users["zhigong"])
    assert titles(client.get("/feed/")) == ["全公司0", "全公司1", "全公司2"]


def test_my_posts(client, company):
    publish(company, title="李明发的")
    publish(company, by="shuji", title="王建国发的")
    client.force_login(company.users["bumen"])
    assert titles(client.get("/feed/", {"mine": "true"})) == ["李明发的"]
    r = client.get("/api/v1/feed/posts", {"mine": "true"})
    assert [p["title"] for p in r.json()["items"]] == ["李明发的"]


BIG = "99999999999999999999"


@pytest.mark.parametrize(
    "query",
    [
        "unit=abc",
        f"unit={BIG}",
        "tag=abc",
        f"tag={BIG}",
        "cursor=garbage_1",
        f"cursor={BIG}{BIG}_{BIG}",
        "period=2025-Q9",
        f"published={BIG}",
        "since=yesterday",
        "kind=news&featured=maybe",
    ],
)
def test_bad_filter_values_answer_200(client, company, query):
    client.force_login(company.users["bumen"])
    for url in ("/feed/", "/feed/cases/"):
        assert client.get(f"{url}?{query}").status_code == 200, (url, query)


def test_bad_unit_ids_over_the_api_are_422(client, company):
    client.force_login(company.users["bumen"])
    assert client.get(f"/api/v1/feed/posts?unit={BIG}").status_code == 422
    r = client.post(
        "/api/v1/feed/posts",
        {"kind": "progress", "title": "进展", "body": "<p>内容</p>", "unit_id": BIG},
    )
    assert r.status_code == 422 and not Post.objects.exists()


def test_figures_chart_is_built_on_the_server_with_its_links(client, company):
    publish(company, kind=PostKind.CASE)
    client.force_login(company.users["bumen"])
    html = client.get("/feed/figures/").content.decode()
    assert 'data-chart="feed-chart"' in html and "js/charts.js" in html
    assert "feed/figures.js" not in html
    option = json.loads(html.split('id="feed-chart" type="application/json">')[1].split("<")[0])
    case = next(s for s in option["series"] if s["name"] == "优秀案例")
    assert sum(case["data"]) == 1 and case["stack"] == "total"
    month = case["data"].index(1)
    assert case["links"][month].startswith("/feed/?") and "kind=case" in case["links"][month]
