"""The API: the same selectors, filter and services as the pages."""

import pytest

from apps.feed import services
from apps.feed.choices import PostKind
from apps.feed.models import Comment, Post

from .factories import docx_disguised, image, pdf, publish

API = "/api/v1/feed"


def test_publish_read_edit_delete(client, company):
    client.force_login(company.users["bumen"])
    r = client.post(
        f"{API}/posts",
        {
            "kind": "plan",
            "title": "生产部四季度工作计划",
            "body": '<p>计划</p><img src="x" onerror="alert(1)">',
            "unit_id": company.units["prod"].pk,
            "audience": "scope",
            "audience_unit_id": company.units["prod"].pk,
            "period_kind": "quarter",
            "period_year": 2025,
            "period_no": 4,
            "images": [image()],
            "files": [pdf()],
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    pid = body["id"]
    assert body["period"] == "2025年第4季度" and "onerror" not in body["body"]
    assert len(body["images"]) == 1 and body["files"][0]["name"] == "plan.pdf"
    assert body["can_edit"] is True

    client.force_login(company.users["zhigong"])
    r = client.get(f"{API}/posts/{pid}")
    assert r.status_code == 200 and r.json()["read_count"] == 1 and r.json()["can_edit"] is False
    assert client.get(f"{API}/posts/{pid}").json()["read_count"] == 1
    r = client.post(f"{API}/posts/{pid}/edit", {"title": "x", "body": "<p>y</p>"})
    assert r.status_code == 403

    client.force_login(company.users["bumen"])
    token = body["images"][0]["url"].split("/")[-2]
    r = client.post(
        f"{API}/posts/{pid}/edit",
        {
            "title": "改过",
            "body": "<p>新</p>",
            "audience": "company",
            "period_kind": "month",
            "period_year": 2025,
            "period_no": 11,
            "remove": [token],
        },
    )
    assert r.status_code == 200, r.content
    assert r.json()["period"] == "2025年11月" and r.json()["images"] == []
    assert r.json()["audience_unit"]["name"] == "示范公司"
    assert client.delete(f"{API}/posts/{pid}").status_code == 204
    assert client.get(f"{API}/posts/{pid}").status_code == 404


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({"title": ""}, 400, "required"),
        ({"body": "<script>x</script>"}, 400, "required"),
        ({"unit_id": 999999}, 400, "unit_unknown"),
        ({"audience": "scope", "audience_unit_id": "tech"}, 400, "scope_not_held"),
        ({"audience": "everyone"}, 400, "bad_audience"),
        ({"files": "disguised"}, 400, "upload_disguised"),
        ({"period_year": "abc"}, 422, "invalid"),
    ],
)
def test_publish_refused(client, company, data, status, code):
    client.force_login(company.users["bumen"])
    payload = {
        "kind": "progress",
        "title": "进展",
        "body": "<p>内容</p>",
        "unit_id": company.units["prod"].pk,
    }
    payload.update(data)
    if payload.get("audience_unit_id") == "tech":
        payload["audience_unit_id"] = company.units["tech"].pk
    if payload.get("files") == "disguised":
        payload["files"] = [docx_disguised()]
    r = client.post(f"{API}/posts", payload)
    assert r.status_code == status, r.content
    assert r.json()["detail"]["code"] == code
    assert r.json()["detail"]["message"]
    assert not Post.objects.exists()


def test_employee_cannot_publish(client, company):
    client.force_login(company.users["zhigong"])
    r = client.post(
        f"{API}/posts",
        {"kind": "progress", "title": "t", "body": "<p>b</p>", "unit_id": company.units["prod"].pk},
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "unit_not_held"


def test_list_filters_and_cursor(client, company):
    for i in range(5):
        publish(company, title=f"进展{i}")
    publish(company, kind=PostKind.PLAN, title="计划")
    client.force_login(company.users["zhigong"])
    r = client.get(f"{API}/posts", {"limit": 4})
    page = r.json()
    assert [p["title"] for p in page["items"]] == ["计划", "进展4", "进展3", "进展2"]
    r = client.get(f"{API}/posts", {"limit": 4, "cursor": page["next_cursor"]})
    assert [p["title"] for p in r.json()["items"]] == ["进展1", "进展0"]
    assert r.json()["next_cursor"] is None
    r = client.get(f"{API}/posts", {"kind": "plan", "period": "2025-Q2"})
    assert [p["title"] for p in r.json()["items"]] == ["计划"]
    r = client.get(f"{API}/posts", {"period": "2025-13"})
    assert r.status_code == 422 and r.json()["detail"]["field"] == "period"
    assert "周期格式" in r.json()["detail"]["message"]
    assert client.get(f"{API}/posts", {"limit": 1000}).status_code == 422


def test_curate_and_tags(client, company):
    case = publish(company, kind=PostKind.CASE)
    client.force_login(company.users["bumen"])
    r = client.post(
        f"{API}/posts/{case.pk}/curate",
        {"featured": True, "tags": ["先锋岗"]},
        content_type="application/json",
    )
    assert r.status_code == 403
    client.force_login(company.users["dangwei"])
    r = client.post(
        f"{API}/posts/{case.pk}/curate",
        {"featured": True, "tags": ["先锋岗"]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["featured"] is True
    assert [t["name"] for t in r.json()["tags"]] == ["先锋岗"]
    assert [t["name"] for t in client.get(f"{API}/tags").json()] == ["先锋岗"]
    tag = r.json()["tags"][0]["id"]
    r = client.get(f"{API}/posts", {"featured": "true", "tag": tag})
    assert [p["id"] for p in r.json()["items"]] == [case.pk]


def test_comments(client, company):
    post = publish(company)
    client.force_login(company.users["zhigong"])
    r = client.post(
        f"{API}/posts/{post.pk}/comments", {"body": "点赞"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["author_name"] == "张伟"
    cid = r.json()["id"]
    r = client.post(
        f"{API}/posts/{post.pk}/comments", {"body": "长" * 501}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "too_long"
    client.force_login(company.users["norole"])
    for text in ("二", "三"):
        services.comment_add(actor=company.users["norole"], post=post, body=text)
    listed = client.get(f"{API}/posts/{post.pk}/comments").json()
    assert listed["count"] == 3 and listed["next_cursor"] is None
    assert [c["body"] for c in listed["items"]] == ["点赞", "二", "三"]
    assert [c["can_remove"] for c in listed["items"]] == [False, True, True]
    page = client.get(f"{API}/posts/{post.pk}/comments", {"limit": 2, "offset": 1}).json()
    assert [c["body"] for c in page["items"]] == ["点赞", "二"]
    newest = client.get(f"{API}/posts/{post.pk}/comments", {"limit": 2}).json()
    assert [c["body"] for c in newest["items"]] == ["二", "三"]
    older = client.get(
        f"{API}/posts/{post.pk}/comments", {"limit": 2, "cursor": newest["next_cursor"]}
    ).json()
    assert [c["body"] for c in older["items"]] == ["点赞"]
    assert client.delete(f"{API}/comments/{cid}").status_code == 403
    client.force_login(company.users["bumen"])
    assert client.delete(f"{API}/comments/{cid}").status_code == 204
    assert list(Comment.objects.values_list("body", flat=True)) == ["二", "三"]


def test_list_query_count_does_not_grow(client, company, django_assert_max_num_queries):
    client.force_login(company.users["zhigong"])
    publish(company)
    client.get(f"{API}/posts")
    for i in range(40):
        p = publish(company, kind=PostKind.CASE, title=f"案例{i}")
        if i % 3 == 0:
            services.post_curate(actor=company.users["dangwei"], post=p, featured=True, tags=["甲"])
    with django_assert_max_num_queries(12):
        r = client.get(f"{API}/posts", {"limit": 50})
    assert len(r.json()["items"]) == 41


def test_openapi_lists_the_feed(client, company):
    client.force_login(company.users["zhigong"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/feed/posts",
        "/api/v1/feed/posts/{post_id}",
        "/api/v1/feed/posts/{post_id}/edit",
        "/api/v1/feed/posts/{post_id}/curate",
        "/api/v1/feed/posts/{post_id}/comments",
        "/api/v1/feed/comments/{comment_id}",
        "/api/v1/feed/tags",
        "/api/v1/feed/link-choices",
    ):
        assert path in paths, path
