"""纪委 cadres create and edit key posts, their holders and risk points on pages and over the
API, in their scope only; edits show on the record's timeline (issue 14 §1)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core.errors import DomainError
from apps.integrity import services
from apps.integrity.models import KeyPost, PostCategory, PostHolding, RiskPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadre(company):
    """A 纪委 cadre of 生产部 only (no key needed to edit posts)."""
    user = User.objects.create_user(username="jiwei_prod", password="x")
    RoleAssignment.objects.create(user=user, role=Role.DISCIPLINE, unit=company.units["prod"])
    return user


def _cat(name="采购"):
    return PostCategory.objects.get(name=name)


def test_a_cadre_creates_a_post_adds_a_holder_and_a_risk_on_pages(client, company, cadre):
    client.force_login(cadre)
    page = client.get("/integrity/posts/").content.decode()
    assert 'data-testid="post-new"' in page
    r = client.get("/integrity/posts/new/")
    units = list(r.context["form"].fields["unit"].queryset)
    assert company.units["prod"] in units and company.units["tech"] not in units
    r = client.post(
        "/integrity/posts/new/",
        {"name": "采购专责", "category": _cat().pk, "unit": company.units["prod"].pk},
    )
    post = KeyPost.objects.get()
    assert r.status_code == 302 and r["Location"] == post.get_absolute_url()
    r = client.post(
        f"/integrity/posts/{post.pk}/holders/new/",
        {"person": "10002", "since": (timezone.localdate() - timedelta(days=400)).isoformat()},
    )
    assert r.status_code == 302
    holding = PostHolding.objects.get()
    assert holding.person == company.people["bumen"] and holding.until is None
    r = client.post(
        f"/integrity/posts/{post.pk}/risks/new/",
        {
            "title": "供应商选择倾向性",
            "level": "high",
            "controls": "三家以上询比价",
            "owner": "10002",
            "review_months": "6",
        },
    )
    risk = RiskPoint.objects.get()
    assert r.status_code == 302 and r["Location"] == risk.get_absolute_url()
    assert risk.next_review_on == services.risk_next_review(timezone.localdate(), 6)
    assert risk.created_by == cadre
    # an edit is on the risk's timeline
    r = client.post(
        f"/integrity/risks/{risk.pk}/edit/",
        {
            "title": "供应商选择倾向性",
            "level": "medium",
            "controls": "三家以上询比价,纪委监督开标",
            "owner": "10002",
            "review_months": "12",
            "next_review_on": risk.next_review_on.isoformat(),
        },
    )
    assert r.status_code == 302
    risk.refresh_from_db()
    assert risk.level == "medium" and risk.review_months == 12
    page = client.get(risk.get_absolute_url()).content.decode()
    assert 'data-testid="timeline"' in page and 'data-action="change"' in page
    # the holder leaves the post
    r = client.post(f"/integrity/posts/{post.pk}/holders/{holding.pk}/end/")
    holding.refresh_from_db()
    assert r.status_code == 302 and holding.until == timezone.localdate()


def test_edits_are_refused_with_their_message_and_keep_what_was_typed(client, company, cadre):
    post = services.key_post_create(
        actor=cadre, name="采购专责", category=_cat(), unit=company.units["prod"]
    )
    client.force_login(cadre)
    r = client.post(
        "/integrity/posts/new/",
        {"name": "采购专责", "category": _cat().pk, "unit": company.units["prod"].pk},
    )
    assert r.status_code == 400 and "已有名为“采购专责”的关键岗位" in r.content.decode()
    r = client.post(
        f"/integrity/posts/{post.pk}/risks/new/",
        {
            "title": "围标串标",
            "level": "high",
            "controls": "",
            "owner": "10002",
            "review_months": "12",
        },
    )
    html = r.content.decode()
    assert r.status_code == 400 and "请填写防控措施" in html and "围标串标" in html
    r = client.post(
        f"/integrity/posts/{post.pk}/risks/new/",
        {
            "title": "围标串标",
            "level": "high",
            "controls": "监督",
            "owner": "10002",
            "review_months": "12",
            "next_review_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert r.status_code == 400 and "不能早于今天" in r.content.decode()
    r = client.post(
        f"/integrity/posts/{post.pk}/holders/new/",
        {"person": "10002", "since": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert r.status_code == 400 and "到岗日期不能晚于今天" in r.content.decode()
    assert not RiskPoint.objects.exists() and not PostHolding.objects.exists()
    with pytest.raises(DomainError, match="复核周期"):
        services.risk_create(
            actor=cadre,
            post=post,
            title="x",
            level="low",
            controls="y",
            owner=company.people["bumen"],
            review_months=48,
        )


@pytest.mark.parametrize("who", ["dangwei", "shuji", "zhigong", "tech_jiwei"])
def test_others_cannot_create_or_edit(client, company, cadre, who):
    post = services.key_post_create(
        actor=cadre, name="采购专责", category=_cat(), unit=company.units["prod"]
    )
    if who == "tech_jiwei":
        user = User.objects.create_user(username="jiwei_tech", password="x")
        RoleAssignment.objects.create(user=user, role=Role.DISCIPLINE, unit=company.units["tech"])
    else:
        user = company.users[who]
    client.force_login(user)
    for url in (
        f"/integrity/posts/{post.pk}/edit/",
        f"/integrity/posts/{post.pk}/holders/new/",
        f"/integrity/posts/{post.pk}/risks/new/",
    ):
        assert client.get(url).status_code == 404, url
    if who != "tech_jiwei":
        assert client.get("/integrity/posts/new/").status_code == 404
    else:  # another unit's 纪委 may not put a post in 生产部
        r = client.post(
            "/integrity/posts/new/",
            {"name": "出纳", "category": _cat("财务").pk, "unit": company.units["prod"].pk},
        )
        assert r.status_code == 400
    r = client.put(
        f"/api/v1/integrity/key-posts/{post.pk}",
        {"name": "改名", "category_id": _cat().pk, "unit_id": company.units["prod"].pk},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert KeyPost.objects.get().name == "采购专责" and KeyPost.objects.count() == 1


def test_the_api_writes_posts_holders_and_risks(client, company, cadre):
    client.force_login(cadre)
    r = client.post(
        "/api/v1/integrity/key-posts",
        {"name": "出纳", "category_id": _cat("财务").pk, "unit_id": company.units["prod"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    r = client.put(
        f"/api/v1/integrity/key-posts/{pid}",
        {
            "name": "出纳岗",
            "category_id": _cat("财务").pk,
            "unit_id": company.units["team1"].pk,
            "duties": "现金收付",
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["name"] == "出纳岗"
    assert r.json()["unit"]["name"] == "运行一班"
    r = client.post(
        f"/api/v1/integrity/key-posts/{pid}/holders",
        {"person_id": company.people["zhigong"].pk, "since": "2020-03-01"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["person"]["name"] == "张伟"
    r = client.post(
        f"/api/v1/integrity/key-posts/{pid}/holders",
        {"person_id": company.people["zhigong"].pk, "since": "2020-03-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "integrity.already_holds"
    body = {
        "title": "坐支现金",
        "level": "high",
        "controls": "日清月结,双人复核",
        "owner_id": company.people["bumen"].pk,
        "review_months": 12,
    }
    r = client.post(
        f"/api/v1/integrity/key-posts/{pid}/risk-points", body, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["level_label"] == "高"
    rid = r.json()["id"]
    r = client.put(
        f"/api/v1/integrity/risk-points/{rid}",
        {**body, "level": "low"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["level"] == "low"
    r = client.put(
        f"/api/v1/integrity/risk-points/{rid}",
        {**body, "level": "极高"},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = client.post(
        "/api/v1/integrity/key-posts",
        {"name": "出纳", "category_id": 99999, "unit_id": company.units["prod"].pk},
        content_type="application/json",
    )
    assert r.status_code == 400 or r.status_code == 422
    assert KeyPost.objects.count() == 1 and RiskPoint.objects.get().level == "low"
