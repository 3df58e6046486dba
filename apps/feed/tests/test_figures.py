"""The feed's figures against hand-counted posts, and their links back to those posts."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.feed import services
from apps.feed.choices import PostKind
from apps.feed.selectors import figures

from .factories import publish


def _setup(company):
    now = timezone.now()
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=10)
    earlier = timezone.make_aware(datetime.combine(last_month, time(9)))
    publish(company, title="本月进展一", now=now)
    publish(company, title="本月进展二", unit="team1", now=now)
    publish(company, kind=PostKind.PLAN, title="上月计划", now=earlier)
    case = publish(company, by="dangwei", unit="tech", kind=PostKind.CASE, title="技术部案例")
    services.post_curate(actor=company.users["dangwei"], post=case, featured=True)
    publish(company, by="dangwei", unit="tech", audience="tech", title="技术部内部")
    publish(company, title="去年的进展", now=now - timedelta(days=400))
    return now


def test_figures_by_month_and_unit(company):
    _setup(company)
    bumen = figures(user=company.users["bumen"])
    # 技术部内部 is not for 生产部; last year's post is outside the twelve months.
    assert bumen["totals"] == {"plan": 1, "progress": 2, "case": 1}
    assert bumen["featured"] == 1
    this_month = bumen["by_month"][-1]
    assert this_month["month"] == timezone.localdate().strftime("%Y-%m")
    assert this_month["counts"] == {"plan": 0, "progress": 2, "case": 1}
    assert bumen["by_month"][-2]["counts"]["plan"] == 1
    rows = {r["name"]: r for r in bumen["by_unit"]}
    assert rows["生产部"]["counts"] == {"plan": 1, "progress": 2, "case": 0}  # 运行一班 included
    assert rows["技术部"]["counts"] == {"plan": 0, "progress": 0, "case": 1}
    assert rows["技术部"]["featured"] == 1
    dangwei = figures(user=company.users["dangwei"])
    assert dangwei["totals"] == {"plan": 1, "progress": 3, "case": 1}


def test_figures_link_to_the_posts_behind_them(client, company):
    _setup(company)
    client.force_login(company.users["bumen"])
    data = figures(user=company.users["bumen"])

    def titles(url):
        return sorted(p.title for p in client.get(url).context["posts"])

    prod = next(r for r in data["by_unit"] if r["name"] == "生产部")
    assert titles(prod["cells"][1]["link"]) == ["本月进展一", "本月进展二"]
    assert titles(prod["cells"][0]["link"]) == ["上月计划"]
    assert titles(data["by_month"][-1]["links"]["progress"]) == ["本月进展一", "本月进展二"]
    assert titles(data["by_month"][-2]["links"]["plan"]) == ["上月计划"]
    cards = {c["kind"]: c for c in data["cards"]}
    assert titles(cards["progress"]["link"]) == ["本月进展一", "本月进展二"]  # not last year's
    assert titles(data["featured_link"]) == ["技术部案例"]


def test_figures_page_and_api(client, company, django_assert_max_num_queries):
    _setup(company)
    client.force_login(company.users["dangwei"])
    with django_assert_max_num_queries(16):
        r = client.get("/feed/figures/")
    assert r.status_code == 200 and 'id="feed-chart"' in r.content.decode()
    assert client.get("/api/v1/feed/figures").json()["totals"]["progress"] == 3
    client.force_login(company.users["zhigong"])
    assert client.get("/feed/figures/").status_code == 404
    assert client.get("/api/v1/feed/figures").status_code == 404
