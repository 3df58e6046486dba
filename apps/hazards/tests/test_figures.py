"""Figures against hand-computed values."""

from datetime import date, timedelta

import pytest

from apps.hazards.choices import HazardLevel, HazardStatus
from apps.hazards.selectors import Period, figures

from .factories import local, make_hazard

S = HazardStatus


@pytest.fixture
def data(company):
    team1, tech = company.units["team1"], company.units["tech"]
    m = local
    # January: 3 found (one rejected does not count), 1 rectified on time.
    make_hazard(company, reported_at=m(2025, 1, 5, 9), status=S.REJECTED)
    make_hazard(
        company,
        reported_at=m(2025, 1, 6, 9),
        status=S.RECTIFIED,
        due_at=m(2025, 1, 20, 18),
        rectified_at=m(2025, 1, 15, 10),
    )
    make_hazard(
        company,
        reported_at=m(2025, 1, 7, 9),
        status=S.RECTIFIED,
        due_at=m(2025, 1, 10, 18),
        rectified_at=m(2025, 2, 3, 10),  # late, rectified in February
        unit=tech,
    )
    make_hazard(company, reported_at=m(2025, 1, 8, 9), status=S.REPORTED, level=HazardLevel.MAJOR)
    # February: 2 found, both open; one 重大 overdue in 技术部.
    make_hazard(
        company,
        reported_at=m(2025, 2, 10, 9),
        status=S.RECTIFYING,
        level=HazardLevel.MAJOR,
        due_at=m(2025, 2, 12, 18),
        owner_unit=tech,
        unit=tech,
    )
    make_hazard(
        company,
        reported_at=m(2025, 2, 11, 9),
        status=S.SUBMITTED,
        level=HazardLevel.LARGER,
        due_at=m(2025, 3, 12, 18),
        unit=team1,
    )
    # Outside the period: found in December, rectified in January on time.
    make_hazard(
        company,
        reported_at=m(2024, 12, 20, 9),
        status=S.RECTIFIED,
        due_at=m(2025, 1, 3, 18),
        rectified_at=m(2025, 1, 2, 9),
    )
    return Period(date(2025, 1, 1), date(2025, 2, 28))


def test_totals(company, safety, data):
    f = figures(user=safety, period=data, now=local(2025, 3, 1, 9))
    t = f["totals"]
    assert t["found"] == 5
    assert t["rectified"] == 3
    assert t["on_time"] == 2
    assert t["on_time_rate"] == 66.7
    assert t["open_major"] == 2
    assert t["open"] == 3
    assert t["overdue"] == 1
    assert [(m["month"], m["found"], m["rectified"], m["on_time"]) for m in f["by_month"]] == [
        ("2025-01", 3, 2, 2),
        ("2025-02", 2, 1, 0),
    ]
    assert {r["level"]: r["count"] for r in f["open_by_level"]} == {
        "general": 0,
        "larger": 1,
        "major": 2,
    }


def test_by_unit(company, safety, data):
    f = figures(user=safety, period=data, now=local(2025, 3, 1, 9))
    rows = {r["name"]: r for r in f["by_unit"]}
    assert set(rows) == {"生产部", "技术部"}
    prod, tech = rows["生产部"], rows["技术部"]
    assert (prod["found"], prod["rectified"], prod["on_time"], prod["open_major"]) == (3, 2, 2, 1)
    assert (tech["found"], tech["rectified"], tech["on_time"], tech["open_major"]) == (2, 1, 0, 1)
    assert tech["on_time_rate"] == 0.0
    assert f"unit={company.units['tech'].pk}" in tech["links"]["found"]


def test_links_lead_to_the_same_rows(client, company, safety, data):
    f = figures(user=safety, period=data, now=local(2025, 3, 1, 9))
    client.force_login(safety)
    for key, expected in (("found", 5), ("rectified", 3), ("on_time", 2), ("open_major", 2)):
        response = client.get(f["links"][key])
        assert response.context["page"].paginator.count == expected, key
    month = f["by_month"][0]["links"]["found"]
    assert client.get(month).context["page"].paginator.count == 3


def test_unit_filter_and_scope(company, safety, data):
    tech = company.units["tech"]
    f = figures(user=safety, period=data, unit=tech, now=local(2025, 3, 1, 9))
    assert f["totals"]["found"] == 2
    # 技术支部 reaches 技术部 only.
    f = figures(user=company.users["tech_shuji"], period=data, now=local(2025, 3, 1, 9))
    assert f["totals"]["found"] == 2
    assert f["totals"]["rectified"] == 1


def test_page_and_api(client, company, safety, data):
    client.force_login(safety)
    r = client.get("/hazards/figures/?start=2025-01-01&end=2025-02-28")
    assert r.status_code == 200
    # the monthly bars open the ledger of the hazards behind each bar
    months = r.context["charts"]["months"]["series"]
    assert [s["name"] for s in months] == ["发现", "整改验收"]
    assert all(link.startswith("/hazards/?") for link in months[0]["links"])
    assert b'data-chart="hz-chart-months"' in r.content and b'id="hz-chart-months"' in r.content
    assert r.context["data"]["totals"]["found"] == 5
    r = client.get("/api/v1/hazards/figures?start=2025-01-01&end=2025-02-28")
    assert r.status_code == 200
    assert r.json()["totals"]["found"] == 5
    assert client.get("/hazards/figures/?start=bad&unit=x").status_code == 200


def test_employees_have_no_figures(client, company):
    client.force_login(company.users["norole"])
    assert client.get("/hazards/figures/").status_code == 404
    assert client.get("/api/v1/hazards/figures").status_code == 404


def test_default_period_is_twelve_months():
    from apps.hazards.selectors import default_period

    p = default_period(date(2025, 7, 15))
    assert (p.start, p.end) == (date(2024, 8, 1), date(2025, 7, 15))
    assert len(p.months()) == 12
    assert p.start - timedelta(days=1) < p.start
