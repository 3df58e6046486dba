"""The cockpit: every figure is its area's figure and lands on its records; another scope's unit
is a 404; bad periods are refused on the page; query count does not grow with the units; the
league table, its export and the API."""

import io

import pytest
from openpyxl import load_workbook

from apps.appeals.tests.factories import NOW, accepted, submit
from apps.core import indicators
from apps.insights import figures
from apps.insights.periods import Period

pytestmark = pytest.mark.django_db

MONTH = f"{NOW:%Y-%m}"


@pytest.fixture
def grades(company):
    """A 公示 quarter of 2026 with 生产部 graded 优秀 and 技术部 良好."""
    from datetime import date

    from apps.kpi.models import Period as KpiPeriod
    from apps.kpi.models import Scheme, Scorecard

    scheme = Scheme.objects.create(year=2026, unit_kind="department", name="2026年部门党建考核")
    period = KpiPeriod.objects.create(
        scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31), status="public"
    )
    Scorecard.objects.create(period=period, unit=company.units["prod"], grade="excellent")
    Scorecard.objects.create(period=period, unit=company.units["tech"], grade="good")


@pytest.fixture
def appeals(company):
    """Two appeals accepted by 生产部, one still waiting for an owner unit."""
    submit(company)
    accepted(company)
    accepted(company)


def test_every_figure_is_its_areas_figure_and_lands_on_its_records(
    client, login, company, appeals, grades
):
    login("dangwei")
    unit = company.units["company"]
    period = Period.parse("month", MONTH)
    page = client.get("/insights/", {"unit": unit.pk, "period": "month", "at": MONTH})
    assert page.status_code == 200
    cp = page.context["cockpit"]
    ledgers = {ledger.code for ledger in figures.LEDGERS}
    registered = {code for code, _label in indicators.choices()}
    seen = {f.code for f in cp.figures()}
    assert registered <= seen  # every registered indicator shows, with no code here
    assert ledgers <= seen
    for f in cp.figures():
        records = client.get(f.url)
        assert records.status_code == 200, f.code
        if f.code in ledgers or f.code.startswith("kpi.grade_"):
            # A count is the area's list under the same filters: the list shows as many.
            assert records.context["page"].paginator.count == f.value, f.code
        else:
            got = indicators.get(f.code).fn(units=[unit], start=period.start, end=period.end)
            assert got[unit.pk].value == f.value, f.code
    received = next(f for f in cp.figures() if f.code == "appeals.received")
    assert received.value == 2
    assert received.previous == 0  # 环比: nothing the month before
    graded = {f.code: f.value for f in cp.figures() if f.code.startswith("kpi.grade_")}
    assert graded == {
        "kpi.grade_excellent": 1,
        "kpi.grade_good": 1,
        "kpi.grade_fair": 0,
        "kpi.grade_poor": 0,
    }


def test_the_appeals_figure_matches_the_appeals_figures_page(client, login, company, appeals):
    login("dangwei")
    unit = company.units["company"]
    start, end = Period.parse("month", MONTH).start, Period.parse("month", MONTH).end
    cp = client.get("/insights/", {"unit": unit.pk, "at": MONTH}).context["cockpit"]
    area = client.get(
        "/appeals/figures/", {"unit": unit.pk, "received_from": start, "received_to": end}
    ).context["data"]["totals"]
    received = next(f for f in cp.figures() if f.code == "appeals.received")
    assert received.value == area["received"]


def test_a_unit_of_another_scope_is_a_404(client, login, company):
    login("bumen")  # 生产部's head
    assert client.get("/insights/", {"unit": company.units["tech"].pk}).status_code == 404
    assert client.get("/insights/", {"unit": "x"}).status_code == 404
    assert client.get("/insights/league/", {"unit": company.units["tech"].pk}).status_code == 404
    assert (
        client.get("/api/v1/insights/cockpit", {"unit": company.units["tech"].pk}).status_code
        == 404
    )
    own = client.get("/insights/", {"unit": company.units["prod"].pk})
    assert own.status_code == 200


def test_an_employee_has_no_cockpit(client, login):
    login("zhigong")
    assert client.get("/insights/").status_code == 403
    assert client.get("/api/v1/insights/cockpit").status_code == 403


@pytest.mark.parametrize(
    "params", [{"period": "week"}, {"at": "2026-13"}, {"at": "x"}, {"at": "2999-01"}]
)
def test_bad_periods_are_refused_with_a_message(client, login, params):
    login("dangwei")
    for url in ("/insights/", "/insights/screen/", "/insights/league/"):
        response = client.get(url, params)
        assert response.status_code == 400
        assert response.context["error"]
    assert client.get("/api/v1/insights/cockpit", params).status_code == 400


def test_query_count_does_not_grow_with_the_data(
    client, login, company, django_assert_max_num_queries
):
    login("dangwei")
    params = {"unit": company.units["company"].pk, "at": MONTH}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/insights/", params)
    from django.core.cache import cache

    cache.clear()
    for _i in range(5):
        submit(company)
    accepted(company)
    with django_assert_max_num_queries(len(few)):
        response = client.get("/insights/", params)
    assert response.status_code == 200
    assert 'data-code="appeals.received"' in response.content.decode()


def test_the_cache_is_not_shared_across_scopes(client, login, company, appeals):
    login("dangwei")
    client.get("/insights/", {"at": MONTH})
    login("bumen")
    page = client.get("/insights/", {"at": MONTH})
    assert page.context["cockpit"].unit_id == company.units["prod"].pk


def test_the_league_table_sorts_and_exports(client, login, company, appeals):
    login("dangwei")
    params = {"unit": company.units["company"].pk, "at": MONTH, "sort": "appeals.on_time_rate"}
    page = client.get("/insights/league/", params)
    assert page.status_code == 200
    names = [r["unit"].name for r in page.context["rows"]]
    assert set(names) == {"生产部", "安全部", "技术部", "公司党委"}
    assert "in-map" in page.content.decode()
    xlsx = client.get("/insights/league/export/", params)
    rows = list(load_workbook(io.BytesIO(xlsx.getvalue())).active.values)
    assert rows[0][0] == "单位" and {r[0] for r in rows[1:]} == set(names)
    csv = client.get("/insights/league/export/", {**params, "format": "csv"})
    assert "生产部" in csv.content.decode("utf-8-sig")
    api = client.get("/api/v1/insights/league", params).json()
    assert {r["unit_name"] for r in api["rows"]} == set(names)


def test_the_api_gives_the_pages_figures(client, login, company, appeals):
    login("dangwei")
    params = {"unit": company.units["company"].pk, "at": MONTH}
    page = client.get("/insights/", params).context["cockpit"]
    api = client.get("/api/v1/insights/cockpit", params).json()
    by_code = {f["code"]: f for f in api["figures"]}
    for f in page.figures():
        assert by_code[f.code]["value"] == (None if f.value is None else float(f.value))
        assert by_code[f.code]["url"] == f.url


def test_the_big_screen_refreshes_itself(client, login):
    login("dangwei")
    html = client.get("/insights/screen/").content.decode()
    assert 'data-refresh="300"' in html and "<script>" not in html


def test_an_indicator_registered_later_shows_in_its_area(client, login, company):
    from decimal import Decimal

    def fn(*, units, start, end):
        return {u.pk: indicators.Value(Decimal("12.00"), 3, 25, "/dues/") for u in units}

    indicators.register("dues.later_rate", "后注册的指标", measure="%", direction="higher", fn=fn)
    try:
        login("dangwei")
        cp = client.get("/insights/", {"at": MONTH}).context["cockpit"]
        group = next(g for g in cp.groups if g["area"] == "dues")
        # Beside the area's own (dues.paid_on_time), the one registered now.
        assert ("后注册的指标", Decimal("12.00"), "/dues/") in [
            (f.label, f.value, f.url) for f in group["figures"]
        ]
        league = client.get("/insights/league/", {"at": MONTH}).context
        assert "dues.later_rate" in [c["code"] for c in league["columns"]]
    finally:
        indicators._calculators.pop("dues.later_rate")


def test_the_menu_offers_the_cockpit_to_cadres_only(client, login):
    login("bumen")
    assert "/insights/" in client.get("/").content.decode()
    login("zhigong")
    assert "/insights/" not in client.get("/").content.decode()


def test_the_league_query_count_does_not_grow_with_the_units(
    client, login, company, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.orgs.choices import UnitKind
    from apps.orgs.testing import add

    login("dangwei")
    params = {"at": MONTH, "depth": "all"}
    with CaptureQueriesContext(connection) as few:
        client.get("/insights/league/", params)
    cache.clear()
    for i in range(5):
        add(company.units["prod"], name=f"运行{i + 2}班", kind=UnitKind.TEAM, code=f"T-{i + 2}")
    with django_assert_max_num_queries(len(few)):
        page = client.get("/insights/league/", params)
    assert {"运行2班", "运行6班"} <= {r["unit"].name for r in page.context["rows"]}
