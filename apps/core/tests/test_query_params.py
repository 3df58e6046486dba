"""A query string's id and day: anything else is no value, never a database error."""

from datetime import date

import pytest

from apps.core.params import DB_INT_MAX, parse_day, query_row
from apps.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_a_row_by_a_query_strings_id(company):
    unit = company.units["company"]
    rows = OrgUnit.objects.all()
    assert query_row(rows, {"unit": str(unit.pk)}, "unit") == unit
    for bad in ("", "x", "0", "-1", str(DB_INT_MAX + 1), "9" * 40):
        assert query_row(rows, {"unit": bad}, "unit") is None, bad
    assert query_row(rows.exclude(pk=unit.pk), {"unit": str(unit.pk)}, "unit") is None


def test_a_day_from_a_query_string():
    assert parse_day("2026-03-01") == date(2026, 3, 1)
    for bad in (None, "", "2026-13-01", "yesterday"):
        assert parse_day(bad) is None


def test_a_figures_page_ignores_an_id_too_large_for_the_database(client, login, company):
    login("dangwei")
    response = client.get("/hazards/figures/", {"unit": "9" * 40})
    assert response.status_code == 200
