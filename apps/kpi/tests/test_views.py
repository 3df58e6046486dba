"""The 量化考核 pages: the scorecards in the user's scope, filtered and paged; one scorecard with
its lines; another unit's scorecard is a 404."""

from decimal import Decimal

import pytest

from apps.kpi.models import Scorecard, ScoreLine

pytestmark = pytest.mark.django_db


def test_the_assessor_sees_every_scorecard(client, login, company, cards):
    cards["prod"].total, cards["prod"].grade = Decimal("91.5"), "excellent"
    cards["prod"].save()
    login("dangwei")
    response = client.get("/kpi/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "生产部" in body and "91.5" in body and 'data-grade="excellent"' in body
    assert f"/kpi/{cards['tech'].pk}/" in body


def test_a_unit_sees_its_own_and_not_another(client, login, company, cards):
    ScoreLine.objects.filter(scorecard=cards["prod"]).update(
        numerator=Decimal("1"), denominator=Decimal("2"), points=Decimal("50"), url="/hazards/"
    )
    login("bumen")
    body = client.get("/kpi/").content.decode()
    assert "生产部" in body and f"/kpi/{cards['tech'].pk}/" not in body
    detail = client.get(f"/kpi/{cards['prod'].pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "隐患按期整改率" in text and 'href="/hazards/"' in text and "明细" in text
    assert client.get(f"/kpi/{cards['tech'].pk}/").status_code == 404


def test_filters(client, login, company, cards):
    cards["tech"].grade = "poor"
    cards["tech"].save()
    login("dangwei")
    period = cards["prod"].period_id
    assert client.get(f"/kpi/?period={period}").context["page"].paginator.count == 2
    assert client.get(f"/kpi/?period={period + 99}").context["page"].paginator.count == 0
    page = client.get("/kpi/?grade=poor").context["page"]
    assert [c.unit.name for c in page.object_list] == [cards["tech"].unit.name]
    assert client.get("/kpi/?unit_kind=department").context["page"].paginator.count == 2
    assert client.get("/kpi/?unit_kind=team").context["page"].paginator.count == 0
    empty = client.get("/kpi/?grade=good").content.decode()
    assert 'data-testid="empty"' in empty


def test_empty_says_what_to_do(client, login, company):
    login("dangwei")
    body = client.get("/kpi/").content.decode()
    assert "开启考核期并计算" in body


def test_list_queries_do_not_grow(
    client,
    login,
    company,
    cards,
    django_assert_max_num_queries,
):
    login("dangwei")
    Scorecard.objects.filter(pk=cards["tech"].pk).delete()
    with django_assert_max_num_queries(20) as few:
        client.get("/kpi/")
    period = cards["prod"].period
    for key in ("tech", "company"):
        Scorecard.objects.create(period=period, unit=company.units[key])
    assert Scorecard.objects.visible_to(company.users["dangwei"]).count() == 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/kpi/")
