"""Figures against hand-computed values: counts, both 采纳率, Decimal sums, by campaign, month."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.suggestions import selectors, services
from apps.suggestions.models import Suggestion

from .factories import NOW, advance, scores, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(company):
    c = services.campaign_create(
        actor=company.users["dangwei"],
        organiser=company.units["company"],
        title="降本增效金点子",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        scope_unit=company.units["company"],
        now=NOW,
    )
    s1 = advance(
        company, submit(company, campaign=c), "rewarded", benefit="1000.10", reward="100.05"
    )
    s2 = advance(company, submit(company, campaign=c), "verified", benefit="2000.20")
    s3 = submit(company, target="tech")
    services.suggestion_score(
        actor=company.users["dangwei"], suggestion=s3, scores=scores(), now=NOW
    )
    services.suggestion_decide(
        actor=company.users["dangwei"], suggestion=s3, decision="reject", reason="不可行"
    )
    s4 = advance(company, submit(company), "under_review")
    services.suggestion_decide(actor=company.users["dangwei"], suggestion=s4, decision="defer")
    s5 = submit(company, now=NOW + timedelta(days=40))  # April
    s6 = advance(company, submit(company), "implementing")
    return {"c": c, "s": [s1, s2, s3, s4, s5, s6]}


def test_totals_and_rates(company, ledger):
    f = selectors.figures(selectors.suggestion_list(user=company.users["dangwei"]))
    t = f["totals"]
    assert (t["submitted"], t["decided"], t["adopted"]) == (6, 4, 3)
    assert (t["implemented"], t["verified"]) == (2, 2)
    assert t["rate_decided"] == Decimal("75.0")  # 3 ÷ 4
    assert t["rate_submitted"] == Decimal("50.0")  # 3 ÷ 6
    assert t["benefit"] == Decimal("3000.30")
    assert t["rewards"] == Decimal("100.05")
    [camp] = f["by_campaign"]
    assert (camp["campaign__title"], camp["submitted"], camp["adopted"]) == ("降本增效金点子", 2, 2)
    assert camp["benefit"] == Decimal("3000.30") and camp["rate_decided"] == Decimal("100.0")
    months = [(int(r["month"][5:]), r["submitted"], r["adopted"]) for r in f["by_month"]]
    assert months == [(3, 5, 3), (4, 1, 0)]
    units = {r["target_unit__name"]: r["submitted"] for r in f["by_unit"]}
    assert units == {"生产部": 5, "技术部": 1}
    assert [r["target_unit__name"] for r in f["benefit_by_unit"]] == ["生产部"]
    s1, s2, *_rest, s6 = ledger["s"]
    assert [s.pk for s in f["best"]] == [s2.pk, s1.pk, s6.pk]


def test_rates_with_nothing_to_divide():
    assert selectors.rate(0, 0) is None
    assert selectors.rate(1, 3) == Decimal("33.3")
    assert selectors.rate(2, 3) == Decimal("66.7")


def test_figures_follow_scope_and_period(company, ledger):
    # 技术支部 (built on 技术部) reaches only the one suggestion about 技术部
    f = selectors.figures(selectors.suggestion_list(user=company.users["tech_shuji"]))
    assert f["totals"]["submitted"] == 1 and f["totals"]["rate_decided"] == Decimal("0.0")
    from apps.suggestions.filters import SuggestionFilter

    qs = SuggestionFilter(
        {"submitted_from": "2026-04-01"},
        queryset=selectors.suggestion_list(user=company.users["dangwei"]),
    ).qs
    assert selectors.figures(qs)["totals"]["submitted"] == 1


def test_figures_page_links_to_the_list_behind_each_figure(client, login, company, ledger):
    login("dangwei")
    r = client.get(reverse("suggestions:figures"))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'data-testid="rate-decided">75.0%' in body
    assert 'data-testid="rate-submitted">50.0%' in body
    assert 'data-testid="benefit">3,000.30' in body
    assert (
        "stage=adopted" in body
        and 'data-chart="sg-chart-month"' in body
        and 'id="sg-chart-month"' in body
    )
    # the adopted link's list has exactly the adopted ones
    r = client.get(reverse("suggestions:list"), {"stage": "adopted"})
    assert r.context["page"].paginator.count == 3
    r = client.get(reverse("suggestions:list"), {"month": "2026-04-01"})
    assert r.context["page"].paginator.count == 1
    login("zhigong")
    assert client.get(reverse("suggestions:figures")).status_code == 403


def test_figures_api_matches(client, login, company, ledger):
    login("dangwei")
    r = client.get("/api/v1/suggestions/figures")
    assert r.status_code == 200
    t = r.json()["totals"]
    assert t["submitted"] == 6 and t["adopted"] == 3
    assert Decimal(t["rate_decided"]) == Decimal("75.0")
    assert Decimal(t["rate_submitted"]) == Decimal("50.0")
    assert Decimal(t["benefit"]) == Decimal("3000.30")
    assert [m["key"] for m in r.json()["by_month"]] == ["2026-03", "2026-04"]
    assert Suggestion.objects.count() == 6
