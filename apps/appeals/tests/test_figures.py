"""The figures against values computed by hand, on the page's selector and the API alike."""

from datetime import datetime

import pytest
from django.utils import timezone

from apps.appeals import selectors, services
from apps.appeals.filters import AppealFilter

from .factories import category, submit

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def ledger(company):
    """A: Jan, 食堂宿舍, 生产部, resolved in 10 days on time, rated 5.
    B: Jan, 交通出行, 安全部, deadline 12 Jan, resolved late in 10 days, rated 3.
    C: Feb, 食堂宿舍, 生产部, still handling.   D: Feb, 工资待遇, not accepted.
    E: Feb, 食堂宿舍, 生产部, resolved in 4 days, not rated.   F: Dec 2025, outside the period."""
    u, units = company.users, company.units
    intake, prod_owner = u["dangwei"], u["bumen"]
    for key in ("prod", "safety"):  # 李明 answers for both units here
        units[key].head = company.people["bumen"]
        units[key].save()

    def make(received, cat, unit=None, due=None, resolved=None, rating=None):
        appeal, _ = submit(company, category=category(cat), now=received)
        if unit:
            services.appeal_accept(
                actor=intake, appeal=appeal, owner_unit=units[unit], due_at=due, now=received
            )
            appeal.refresh_from_db()
        if resolved:
            services.appeal_resolve(actor=prod_owner, appeal=appeal, text="已办", now=resolved)
            appeal.refresh_from_db()
        if rating:
            services.appeal_rate(actor=u["zhigong"], appeal=appeal, rating=rating, now=resolved)
        return appeal

    return {
        "A": make(at(2026, 1, 5, 9), "食堂宿舍", "prod", resolved=at(2026, 1, 15, 9), rating=5),
        "B": make(
            at(2026, 1, 10, 9),
            "交通出行",
            "safety",
            due=at(2026, 1, 12, 18),
            resolved=at(2026, 1, 20, 9),
            rating=3,
        ),
        "C": make(at(2026, 2, 2, 9), "食堂宿舍", "prod"),
        "D": make(at(2026, 2, 3, 9), "工资待遇"),
        "E": make(at(2026, 2, 10, 9), "食堂宿舍", "prod", resolved=at(2026, 2, 14, 9)),
        "F": make(at(2025, 12, 20, 9), "其他", "prod", resolved=at(2025, 12, 22, 9), rating=1),
    }


def _figures(user, **params):
    params = {"received_from": "2026-01-01", "received_to": "2026-12-31", **params}
    qs = AppealFilter(params, queryset=selectors.appeal_list(user=user)).qs
    return selectors.figures(qs)


def test_totals(company, ledger):
    t = _figures(company.users["dangwei"])["totals"]
    assert t["received"] == 5
    assert t["closed"] == 3
    assert t["on_time"] == 2 and t["on_time_pct"] == 66.7
    assert t["avg_days"] == 8.0  # (10 + 10 + 4) / 3
    assert t["rated"] == 2 and t["avg_rating"] == 4.0
    assert t["satisfied"] == 1 and t["satisfied_pct"] == 50.0


def test_by_category_unit_and_month(company, ledger):
    data = _figures(company.users["dangwei"])
    cats = {r["category__name"]: r for r in data["by_category"]}
    assert set(cats) == {"食堂宿舍", "交通出行", "工资待遇"}
    canteen = cats["食堂宿舍"]
    assert (canteen["received"], canteen["closed"], canteen["on_time_pct"]) == (3, 2, 100.0)
    assert canteen["avg_days"] == 7.0 and canteen["avg_rating"] == 5.0
    assert (cats["交通出行"]["on_time_pct"], cats["交通出行"]["avg_days"]) == (0.0, 10.0)
    assert cats["工资待遇"]["closed"] == 0 and cats["工资待遇"]["avg_days"] is None
    units = {r["owner_unit__name"]: r["received"] for r in data["by_unit"]}
    assert units == {"生产部": 3, "安全部": 1, None: 1}
    months = [(r["month"].isoformat(), r["received"], r["closed"]) for r in data["by_month"]]
    assert months == [("2026-01-01", 2, 2), ("2026-02-01", 3, 1)]


def test_the_period_and_scope_narrow_the_figures(company, ledger):
    t = _figures(company.users["dangwei"], received_to="2026-01-31")["totals"]
    assert (t["received"], t["closed"]) == (2, 2)
    # 生产部's head sees the appeals of his department (all submitted by 张伟 of 生产部)
    t = _figures(company.users["tech_shuji"])["totals"]
    assert t["received"] == 0 and t["on_time_pct"] is None


def test_each_figure_links_to_the_ledger_behind_it(client, company, ledger):
    client.force_login(company.users["dangwei"])
    page = client.get(
        "/appeals/figures/", {"received_from": "2026-01-01", "received_to": "2026-12-31"}
    )
    totals = page.context["data"]["totals"]
    on_time = client.get(totals["links"]["on_time"])
    assert {a.pk for a in on_time.context["page"].object_list} == {ledger["A"].pk, ledger["E"].pk}
    satisfied = client.get(totals["links"]["satisfied"])
    assert [a.pk for a in satisfied.context["page"].object_list] == [ledger["A"].pk]
    feb = page.context["data"]["by_month"][1]["link"]
    assert {a.pk for a in client.get(feb).context["page"].object_list} == {
        ledger[k].pk for k in "CDE"
    }


def test_figures_api_matches(client, company, ledger, django_assert_max_num_queries):
    client.force_login(company.users["dangwei"])
    with django_assert_max_num_queries(12):
        r = client.get(
            "/api/v1/appeals/figures", {"received_from": "2026-01-01", "received_to": "2026-12-31"}
        )
    assert r.status_code == 200
    body = r.json()
    assert body["totals"]["received"] == 5 and body["totals"]["on_time_pct"] == 66.7
    assert [m["month"] for m in body["by_month"]] == ["2026-01", "2026-02"]


def test_cached_figures_follow_every_change(company, ledger):
    user = company.users["dangwei"]

    def received():
        fs = AppealFilter(
            {"received_from": "2026-01-01", "received_to": "2026-12-31"},
            queryset=selectors.appeal_list(user=user),
        )
        return selectors.figures_for(user=user, filterset=fs)["totals"]["received"]

    assert received() == 5
    submit(company, now=at(2026, 3, 1, 9))
    assert received() == 6
