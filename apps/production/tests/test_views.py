"""The unit page beside the party-and-masses work, its scope, and the relation across units."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.production.models import Figure, Measure


def test_unit_page_shows_charts_and_work_and_404_outside_scope(client, login, company):
    month = timezone.localdate().replace(day=1)
    output = Measure.objects.get(code="output")
    Figure.objects.create(unit=company.units["prod"], month=month, measure=output, value=10)
    login("bumen")
    r = client.get(f"/production/units/{company.units['prod'].pk}/")
    page = r.content.decode()
    assert r.status_code == 200
    assert 'data-chart="prod-chart-output"' in page and "合理化建议核定效益" in page
    assert client.get(f"/production/units/{company.units['safety'].pk}/").status_code == 404


def test_empty_unit_says_what_to_do(client, login, company):
    login("bumen")
    page = client.get(f"/production/units/{company.units['team1'].pk}/").content.decode()
    assert "还没有生产数据" in page and "/production/import/" in page


def test_relation_with_too_few_units_says_so(client, login, company):
    output = Measure.objects.get(code="output")
    Figure.objects.create(
        unit=company.units["prod"],
        month=timezone.localdate().replace(day=1),
        measure=output,
        value=5,
    )
    login("admin")
    page = client.get(
        "/production/", {"indicator": "suggestions.verified_benefit", "measure": "output"}
    ).content.decode()
    assert "数据太少" in page and "相关不等于因果" in page


def test_list_page_queries_do_not_grow_with_units(client, login, company):
    output = Measure.objects.get(code="output")
    month = timezone.localdate().replace(day=1)
    login("admin")
    url = "/production/?indicator=suggestions.verified_benefit&measure=output"

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    Figure.objects.create(unit=company.units["prod"], month=month, measure=output, value=5)
    one = queries()
    for key in ("safety", "tech", "team1"):
        Figure.objects.create(unit=company.units[key], month=month, measure=output, value=7)
    assert queries() == one
