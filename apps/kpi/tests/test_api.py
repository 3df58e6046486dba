"""The scorecards over /api/v1/kpi, through the same scope as the pages."""

import pytest

from apps.kpi import services

pytestmark = pytest.mark.django_db


def test_list_and_detail_follow_scope(client, login, company, cards):
    login("bumen")
    page = client.get("/api/v1/kpi/scorecards").json()
    assert page["count"] == 1 and page["items"][0]["unit"]["name"] == "生产部"
    detail = client.get(f"/api/v1/kpi/scorecards/{cards['prod'].pk}").json()
    assert [line["indicator"] for line in detail["lines"]] == ["隐患按期整改率"]
    assert client.get(f"/api/v1/kpi/scorecards/{cards['tech'].pk}").status_code == 404


def test_computed_lines_link_to_their_records(client, login, company, scheme):
    from apps.kpi.models import Period

    period = Period.objects.create(scheme=scheme, start="2025-01-01", end="2025-03-31")
    services.period_compute(period)
    login("dangwei")
    page = client.get(f"/api/v1/kpi/scorecards?period={period.pk}").json()
    assert page["count"] == 3
    detail = client.get(f"/api/v1/kpi/scorecards/{page['items'][0]['id']}").json()
    urls = [line["url"] for line in detail["lines"]]
    assert any(u.startswith("/hazards/") for u in urls)
