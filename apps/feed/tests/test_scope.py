"""Who sees a post: the whole company for a company-wide one; for a scoped one the people of the
subtree (by department, team or party branch) and the cadres whose roles reach it; everyone
else gets 404 on the page, the API, its files and its comments."""

import pytest

from apps.core.scopekit import Post, ScopeCase, scope_contract
from apps.feed import services
from apps.feed.choices import PostKind
from apps.feed.models import Comment
from apps.feed.models import Post as FeedPost  # Post is the kit's write

from .factories import image, publish

EVERYONE = ["admin", "dangwei", "shuji", "bumen", "zhigong", "tech_shuji", "norole"]


def visible(user):
    return set(FeedPost.objects.visible_to(user).values_list("pk", flat=True))


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


test_scoped_post_scope = scope_contract(
    ScopeCase(
        record="scoped",
        sees=["admin", "dangwei", "shuji", "bumen", "zhigong"],
        blind=["tech_shuji", "norole"],
        detail="/feed/{r.pk}/",
        api_detail="/api/v1/feed/posts/{r.pk}",
        list="/feed/",
        api_list="/api/v1/feed/posts",
        urls=[lambda r: f"/files/{services.attachments_of(r)[0].token}/"],
        blind_urls=["/feed/{r.pk}/edit/", "/api/v1/feed/posts/{r.pk}/comments"],
        blind_posts=[Post("/feed/{r.pk}/comments/", {"body": "x"})],
    )
)


@pytest.mark.parametrize("username", ["tech_shuji", "norole"])
def test_comments_follow_the_post(company, scoped, username):
    assert not Comment.objects.visible_to(company.users[username]).exists()


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
    assert FeedPost.all_objects.filter(pk=post.pk, deleted_at__isnull=False).exists()


def test_one_query_for_visibility(company, django_assert_num_queries):
    """The employee's feed is one query (after the per-request scope and audience lookups)."""
    publish(company)
    user = company.users["zhigong"]
    list(FeedPost.objects.visible_to(user))  # computes and caches scope and audience on the user
    with django_assert_num_queries(1):
        list(FeedPost.objects.visible_to(user))
