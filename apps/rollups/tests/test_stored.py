"""The stored indicator values: what is read back is what the calculators computed; the cockpit
shows them (and when they were computed) until the next refresh; a unit or period without a
stored value is computed at once; the tasks store the cockpit's window."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from apps.appeals.tests.factories import NOW, accepted, submit
from apps.core import indicators
from apps.insights import tasks
from apps.insights.periods import Period
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.rollups import selectors, services
from apps.rollups.models import StoredValue

pytestmark = pytest.mark.django_db

MONTH = Period.containing("month", NOW.date())


@pytest.fixture
def appeals(company):
    submit(company)
    accepted(company)
    accepted(company)


@pytest.fixture
def counter():
    """An indicator whose value the test sets: {'value': n}."""
    state = {"value": 7}

    def fn(*, units, start, end):
        return {u.pk: indicators.Value(Decimal(state["value"]), state["value"], 1) for u in units}

    indicators.register("dues.test_count", "测试计数", measure="件", direction="higher", fn=fn)
    yield state
    indicators._calculators.pop("dues.test_count")


def test_what_is_read_back_is_what_the_calculators_computed(
    company, appeals, django_assert_num_queries
):
    units = list(OrgUnit.objects.all())
    rows = services.refresh([MONTH])
    assert rows == len(units) * len(indicators.choices())
    with django_assert_num_queries(1):
        got = selectors.indicator_values(units, [MONTH])
    assert got.as_of is not None
    for code, _label in indicators.choices():
        live = indicators.get(code).fn(units=units, start=MONTH.start, end=MONTH.end)
        assert got.of(MONTH)[code] == live, code
    # Numbers keep their kind: a count stays an int, a rate its decimal places.
    received = got.of(MONTH)["appeals.on_time_rate"][company.units["company"].pk]
    assert (
        received
        == indicators.get("appeals.on_time_rate").fn(
            units=[company.units["company"]], start=MONTH.start, end=MONTH.end
        )[company.units["company"].pk]
    )


def test_a_second_refresh_replaces_the_values(company, counter):
    services.refresh([MONTH])
    counter["value"] = 9
    services.refresh([MONTH])
    unit = company.units["company"]
    assert StoredValue.objects.filter(code="dues.test_count", unit=unit).count() == 1
    got = selectors.indicator_values([unit], [MONTH], codes=["dues.test_count"])
    assert got.of(MONTH)["dues.test_count"][unit.pk].value == 9


def test_the_cockpit_shows_the_stored_value_and_its_time_until_the_next_refresh(
    client, login, company, counter
):
    login("dangwei")
    query = {"period": "month", "at": f"{NOW:%Y-%m}"}
    services.refresh([MONTH])
    counter["value"] = 8  # the records changed after the refresh

    def shown():
        cache.clear()
        page = client.get("/insights/", query)
        figure = next(f for f in page.context["cockpit"].figures() if f.code == "dues.test_count")
        return figure.value, page.content.decode()

    value, html = shown()
    assert value == 7
    assert "指标数据计算于" in html
    services.refresh([MONTH])
    assert shown()[0] == 8


def test_a_unit_or_period_without_stored_values_is_computed_now(company, counter):
    services.refresh([MONTH])
    root = company.units["company"]
    new = OrgUnit.objects.add_child(root, {"name": "新成立车间", "kind": UnitKind.DEPARTMENT})
    counter["value"] = 5
    got = selectors.indicator_values([root, new], [MONTH], codes=["dues.test_count"])
    assert got.of(MONTH)["dues.test_count"][root.pk].value == 7  # stored
    assert got.of(MONTH)["dues.test_count"][new.pk].value == 5  # computed now
    other = MONTH.previous()
    got = selectors.indicator_values([root], [other], codes=["dues.test_count"])
    assert got.as_of is None
    assert got.of(other)["dues.test_count"][root.pk].value == 5


def test_the_window_holds_each_kinds_period_the_one_before_and_a_year_ago():
    every, trend = tasks.window(date(2026, 12, 3))
    assert [(p.kind, p.start) for p in every] == [
        ("month", date(2026, 12, 1)),
        ("month", date(2026, 11, 1)),
        ("month", date(2025, 12, 1)),
        ("quarter", date(2026, 10, 1)),
        ("quarter", date(2026, 7, 1)),
        ("quarter", date(2025, 10, 1)),
        ("year", date(2026, 1, 1)),
        ("year", date(2025, 1, 1)),
    ]
    # The trend chart's six periods of each kind, less those already stored for every figure.
    assert Period("month", date(2026, 7, 1)) in trend
    assert Period("year", date(2021, 1, 1)) in trend
    assert not set(trend) & set(every)


def test_the_task_stores_the_whole_window_first_then_the_running_periods(company, counter):
    today = date.today()
    tasks.refresh_running.call_local()
    every, trend = tasks.window(today)
    stored = set(StoredValue.objects.values_list("kind", "start").distinct())
    assert stored == {(p.kind, p.start) for p in every + trend}
    trend_only = trend[0]
    assert not StoredValue.objects.filter(
        kind=trend_only.kind, start=trend_only.start, code="dues.test_count"
    ).exists()
    counter["value"] = 3
    tasks.refresh_running.call_local()
    month = Period.containing("month", today)
    unit = company.units["company"]
    got = selectors.indicator_values([unit], [month, month.previous()], codes=["dues.test_count"])
    assert got.of(month)["dues.test_count"][unit.pk].value == 3  # running: refreshed
    assert got.of(month.previous())["dues.test_count"][unit.pk].value == 7  # closed: kept
