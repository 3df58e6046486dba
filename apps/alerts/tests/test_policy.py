"""The thresholds page and API: bounds refused with a Chinese message and what was typed kept,
only admins of the company, audited; and a numeric warning's scope."""

from datetime import date
from decimal import Decimal

from auditlog.models import LogEntry
from django.urls import reverse

from apps.alerts.choices import Kind
from apps.alerts.models import AlertPolicy, Warning

GOOD = {
    "p_value": "0.0100",
    "min_count": "5",
    "baseline_weeks": "10",
    "new_term_weeks": "3",
    "overdue_ratio": "1.50",
    "overdue_min": "5",
    "satisfaction_drop": "0.50",
    "missed_months": "2",
}


def test_the_page_saves_the_company_thresholds_audited(client, login, company):
    login("dangwei")
    url = reverse("alerts:policy")
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="policy-form"' in page.content.decode()
    data = {**GOOD, "company": company.units["company"].pk, "overdue_ratio": "2.25"}
    r = client.post(url, data)
    assert r.status_code == 302
    policy = AlertPolicy.objects.get(company=company.units["company"])
    assert policy.overdue_ratio == Decimal("2.25") and policy.missed_months == 2
    assert LogEntry.objects.get_for_object(policy).exists()


def test_the_page_refuses_a_value_out_of_bounds_and_keeps_what_was_typed(client, login, company):
    login("dangwei")
    data = {**GOOD, "company": company.units["company"].pk, "missed_months": "13"}
    r = client.post(reverse("alerts:policy"), data)
    page = r.content.decode()
    assert r.status_code == 400
    assert "连续未按规定开会月数应在 1 到 12 之间" in page
    assert 'value="13"' in page
    assert not AlertPolicy.objects.exists()
    r = client.post(reverse("alerts:policy"), {**data, "missed_months": "2", "min_count": ""})
    assert r.status_code == 400 and "请填写最少次数" in r.content.decode()


def test_the_page_is_for_admins_only(client, login, company):
    login("bumen")
    assert client.get(reverse("alerts:policy")).status_code == 403


def test_the_api_reads_and_sets_with_bounds(client, login, company):
    login("dangwei")
    pk = company.units["company"].pk
    got = client.get("/api/v1/alerts/policy", {"company": pk}).json()
    assert got["overdue_min"] == 5 and got["satisfaction_drop"] == 0.5
    body = {**{k: float(v) if "." in v else int(v) for k, v in GOOD.items()}, "company": pk}
    r = client.put("/api/v1/alerts/policy", {**body, "satisfaction_drop": 5}, "application/json")
    assert r.status_code == 400
    assert r.json()["detail"]["field"] == "satisfaction_drop"
    assert "满意度下降(分)应在 0.10 到 4.00 之间" in r.json()["detail"]["message"]
    assert not AlertPolicy.objects.exists()
    r = client.put("/api/v1/alerts/policy", {**body, "overdue_min": 8}, "application/json")
    assert r.status_code == 200 and r.json()["overdue_min"] == 8
    assert AlertPolicy.objects.get().overdue_min == 8
    # Another company, or none: a 404; no admin role: a 403.
    assert client.get("/api/v1/alerts/policy", {"company": 999999}).status_code == 404
    login("bumen")
    assert client.get("/api/v1/alerts/policy", {"company": pk}).status_code == 403


def test_a_numeric_warning_of_another_unit_is_a_404(client, login, company):
    w = Warning.objects.create(
        unit=company.units["prod"],
        week=date(2026, 11, 23),
        kind=Kind.OVERDUE,
        term="逾期未办结事项",
        observed=6,
        baseline=2,
        series=[2, 2, 6],
        facts={"weeks": 2, "by_kind": {"appeal": 6}},
        links=[{"label": "急难愁盼诉求 6", "url": "/supervision/?state=overdue"}],
    )
    login("tech_shuji")
    assert client.get(reverse("alerts:detail", args=[w.pk])).status_code == 404
    assert client.get(f"/api/v1/alerts/warnings/{w.pk}").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/alerts/warnings/{w.pk}").status_code in (401, 403, 404)
    login("bumen")
    page = client.get(reverse("alerts:detail", args=[w.pk])).content.decode()
    assert "逾期未办结 6 件,前 2 周平均 2.0 件" in page and "state=overdue" in page
    api = client.get(f"/api/v1/alerts/warnings/{w.pk}").json()
    assert api["evidence"][0]["label"] == "急难愁盼诉求 6" and api["observed"] == 6.0


def test_the_api_list_of_numeric_warnings_answers_in_constant_queries(
    client, login, company, django_assert_max_num_queries
):
    for i, unit in enumerate(("prod", "tech", "safety", "team1", "branch1")):
        Warning.objects.create(
            unit=company.units[unit],
            week=date(2026, 11, 23),
            kind=Kind.SATISFACTION,
            term="诉求满意度",
            observed=Decimal("3.50") + i,
            baseline=Decimal("4.60"),
            facts={"rated": 6, "baseline_rated": 20, "months": 3},
        )
    login("dangwei")
    with django_assert_max_num_queries(11):
        data = client.get("/api/v1/alerts/warnings", {"kind": "satisfaction"}).json()
    assert data["count"] == 5 and len(data["items"]) == 5
    assert any("下降 1.10 分" in item["summary"] for item in data["items"])
