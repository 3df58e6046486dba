"""Key posts, 廉政风险点, rotation and review reminders, the 廉洁承诺 (issue 14 §1)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.core.models import Notification
from apps.integrity import services
from apps.integrity.models import (
    IntegritySettings,
    KeyPost,
    Pledge,
    PostCategory,
    PostHolding,
    RiskPoint,
)
from apps.supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def _post(company, unit="prod", name="采购专责"):
    cat = PostCategory.objects.get(name="采购")
    return KeyPost.objects.create(name=name, category=cat, unit=company.units[unit])


def _risk(company, post, *, next_review_on, owner="bumen"):
    return RiskPoint.objects.create(
        post=post,
        title="供应商选择倾向性",
        level="high",
        controls="三家以上询比价",
        owner=company.people[owner],
        review_months=12,
        next_review_on=next_review_on,
    )


def _now(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def test_the_six_categories_are_there_by_default():
    assert list(PostCategory.objects.values_list("name", flat=True)) == [
        "采购",
        "财务",
        "物资",
        "招投标",
        "工程",
        "人事",
    ]


def test_a_risk_point_past_its_review_date_is_reminded_once_and_supervised(
    company, django_capture_on_commit_callbacks
):
    post = _post(company)
    risk = _risk(company, post, next_review_on=date(2026, 6, 30))
    assert services.risks_remind(now=_now(date(2026, 6, 30))) == "0 risk points due"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.risks_remind(now=_now(date(2026, 7, 1))) == "1 risk points due"
    item = SupervisedItem.objects.get(kind="integrity_risk")
    assert item.owner_unit == company.units["prod"] and item.owner_person == company.people["bumen"]
    assert Notification.objects.filter(user=company.users["bumen"]).count() == 1
    assert services.risks_remind(now=_now(date(2026, 7, 2))) == "0 risk points due"
    risk.refresh_from_db()
    assert risk.reminded_on == date(2026, 7, 1)


def test_a_review_moves_the_next_date_a_cycle_on_and_closes_the_item(company, jiwei):
    post = _post(company)
    risk = _risk(company, post, next_review_on=date(2026, 1, 31))
    services.risks_remind(now=_now(date(2026, 2, 2)))
    services.risk_review(actor=jiwei, risk=risk, today=date(2026, 2, 3))
    risk.refresh_from_db()
    assert risk.last_review_on == date(2026, 2, 3) and risk.next_review_on == date(2027, 2, 3)
    assert risk.reminded_on is None
    assert SupervisedItem.objects.get(kind="integrity_risk").closed_at is not None


def test_rotation_is_reminded_after_the_configured_years(
    company, jiwei, django_capture_on_commit_callbacks
):
    conf = IntegritySettings.current()
    conf.rotation_years = 3
    conf.save()
    post = _post(company)
    PostHolding.objects.create(post=post, person=company.people["zhigong"], since=date(2023, 7, 2))
    assert services.rotation_remind(now=_now(date(2026, 7, 1))) == "0 holdings due for rotation"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rotation_remind(now=_now(date(2026, 7, 2))) == "1 holdings due for rotation"
    assert Notification.objects.filter(user=company.users["zhigong"]).count() == 1
    assert Notification.objects.filter(user=jiwei, title__contains="应安排轮岗").count() == 1
    assert services.rotation_remind(now=_now(date(2026, 7, 3))) == "0 holdings due for rotation"


def test_the_pledge_is_signed_once_a_year_with_its_text(client, company):
    today = timezone.localdate()
    client.force_login(company.users["zhigong"])
    r = client.post("/integrity/pledge/", follow=True)
    assert "尚未发布" in r.content.decode()
    assert not Pledge.objects.exists()
    conf = IntegritySettings.current()
    conf.pledge_year, conf.pledge_text = today.year, "本人郑重承诺:不收受礼品礼金。"
    conf.save()
    r = client.post("/integrity/pledge/", follow=True)
    assert 'data-testid="signed"' in r.content.decode()
    pledge = Pledge.objects.get()
    assert pledge.person == company.people["zhigong"] and pledge.text == conf.pledge_text
    r = client.post("/integrity/pledge/", follow=True)
    assert "已签署廉洁承诺" in r.content.decode()
    assert Pledge.objects.count() == 1


def test_key_posts_and_risks_follow_the_scope(client, company):
    post = _post(company)
    risk = _risk(company, post, next_review_on=date(2030, 1, 1))
    client.force_login(company.users["bumen"])  # head of 生产部: own unit
    assert client.get(f"/integrity/posts/{post.pk}/").status_code == 200
    assert client.get(f"/integrity/risks/{risk.pk}/").status_code == 200
    client.force_login(company.users["tech_shuji"])  # another unit
    assert client.get(f"/integrity/posts/{post.pk}/").status_code == 404
    assert client.get(f"/integrity/risks/{risk.pk}/").status_code == 404
    assert client.get("/api/v1/integrity/risk-points").json()["count"] == 0
    client.force_login(company.users["norole"])
    assert client.get(f"/integrity/posts/{post.pk}/").status_code == 404
    client.logout()
    assert client.get("/integrity/posts/").status_code == 302


def test_a_non_handler_cannot_record_a_review(client, company):
    post = _post(company)
    risk = _risk(company, post, next_review_on=date(2020, 1, 1))
    client.force_login(company.users["bumen"])
    client.post(f"/integrity/risks/{risk.pk}/")
    risk.refresh_from_db()
    assert risk.last_review_on is None


@pytest.mark.parametrize(
    "url",
    [
        "/integrity/posts/",
        "/integrity/risks/",
        "/api/v1/integrity/risk-points",
        "/api/v1/integrity/key-posts",
    ],
)
def test_the_lists_read_a_constant_number_of_queries(
    client, company, url, django_assert_max_num_queries
):
    client.force_login(company.users["dangwei"])
    for i in range(3):
        _risk(company, _post(company, name=f"岗位{i}"), next_review_on=date(2026, 1, 1))
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    for i in range(20):
        _risk(company, _post(company, name=f"岗位x{i}"), next_review_on=date(2026, 1, 1))
    with django_assert_max_num_queries(18):
        r = client.get(url)
    assert r.status_code == 200
    count = r.json()["count"] if "api" in url else r.context["page"].paginator.count
    assert count == 23


def test_the_risk_chart_counts_by_category_and_level_and_links_to_the_rows(client, company):
    post = _post(company)
    _risk(company, post, next_review_on=date(2030, 1, 1))
    _risk(company, post, next_review_on=date(2030, 1, 1))
    client.force_login(company.users["dangwei"])
    r = client.get("/integrity/risks/")
    chart = r.context["chart"]
    high = next(s for s in chart["series"] if s["name"] == "高")
    assert high["data"][0] == 2 and sum(high["data"]) == 2
    link = high["links"][0]
    assert client.get(link).context["page"].paginator.count == 2
    assert client.get("/integrity/risks/?level=low").context["page"].paginator.count == 0
