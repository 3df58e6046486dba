"""Who sees a post: the whole company for a company-wide one; for a scoped one the people of the
subtree (by department, team or party branch) and the cadres whose roles reach it; everyone
else gets 404 on the page, the API, its files and its comments."""

import pytest

from apps.feed import services
from apps.feed.choices import PostKind
from apps.feed.models import Comment, Post

from .factories import image, publish

EVERYONE = ["admin", "dangwei", "shuji", "bumen", "zhigong", "tech_shuji", "norole"]


def visible(user):
    return set(Post.objects.visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def scoped(company):
    """A case of 生产部 for 生产部 only, with a photo and a comment."""
    post = publish(company, kind=PostKind.CASE, audience="prod", images=[image()])
    services.comment_add(actor=company.users["zhigong"], post=post, body="学习了")
    return post


@pytest.mark.parametrize("username", EVERYONE)
def test_company_wide_is_seen_by_every_employee(company, username):
    post = publish(company)
    assert post.pk in visible(company.users[username])


@pytest.mark.parametrize("username", ["admin", "dangwei", "shuji", "bumen", "zhigong"])
def test_scoped_seen_inside(client, company, scoped, username):
    client.force_login(company.users[username])
    assert client.get(f"/feed/{scoped.pk}/").status_code == 200
    assert client.get(f"/api/v1/feed/posts/{scoped.pk}").status_code == 200
    token = services.attachments_of(scoped)[0].token
    assert client.get(f"/files/{token}/").status_code == 200


@pytest.mark.parametrize("username", ["tech_shuji", "norole"])
def test_scoped_is_404_outside(client, company, scoped, username):
    user = company.users[username]
    client.force_login(user)
    assert client.get(f"/feed/{scoped.pk}/").status_code == 404
    assert client.get(f"/feed/{scoped.pk}/edit/").status_code == 404
    assert client.post(f"/feed/{scoped.pk}/comments/", {"body": "x"}).status_code == 404
    assert client.get(f"/api/v1/feed/posts/{scoped.pk}").status_code == 404
    assert client.get(f"/api/v1/feed/posts/{scoped.pk}/comments").status_code == 404
    token = services.attachments_of(scoped)[0].token
    assert client.get(f"/files/{token}/").status_code == 404
    assert scoped.pk not in visible(user)
    assert not Comment.objects.visible_to(user).exists()
    listed = client.get("/api/v1/feed/posts").json()["items"]
    assert scoped.pk not in [p["id"] for p in listed]


def test_anonymous_sees_nothing(client, company, scoped):
    assert client.get("/feed/").status_code == 302
    assert client.get(f"/feed/{scoped.pk}/").status_code == 302
    assert client.get("/api/v1/feed/posts").status_code == 401
    from django.contrib.auth.models import AnonymousUser

    assert not Post.objects.visible_to(AnonymousUser()).exists()


def test_party_subtree_reaches_members_by_branch(company):
    """A post to 生产党总支 reaches its branches' members and secretaries, not the non-members
    of the department nor the members of other branches."""
    post = publish(company, by="dangwei", unit="party", audience="gb")
    assert post.pk in visible(company.users["shuji"])  # secretary and member of 生产一支部
    assert post.pk not in visible(company.users["zhigong"])  # in 生产部, not a party member
    assert post.pk not in visible(company.users["tech_shuji"])  # 技术支部, outside 生产党总支
    assert post.pk not in visible(company.users["norole"])


def test_team_member_sees_department_scope_and_team_scope(company):
    dept = publish(company, audience="prod")
    team = publish(company, audience="team1")
    zhigong = visible(company.users["zhigong"])
    assert {dept.pk, team.pk} <= zhigong
    # 运行一班's post is not for the rest of the company …
    assert team.pk not in visible(company.users["norole"])
    # … but the department head who holds the team above it sees it.
    assert team.pk in visible(company.users["bumen"])


def test_soft_deleted_is_gone(client, company):
    post = publish(company)
    services.post_delete(actor=company.users["bumen"], post=post)
    assert post.pk not in visible(company.users["admin"])
    client.force_login(company.users["bumen"])
    assert client.get(f"/feed/{post.pk}/").status_code == 404
    assert Post.all_objects.filter(pk=post.pk, deleted_at__isnull=False).exists()


def test_one_query_for_visibility(company, django_assert_num_queries):
    """The employee's feed is one query (after the per-request scope and audience lookups)."""
    publish(company)
    user = company.users["zhigong"]
    list(Post.objects.visible_to(user))  # computes and caches scope and audience on the user
    with django_assert_num_queries(1):
        list(Post.objects.visible_to(user))
