"""The batch API HR/ERP send figures through: all or nothing, idempotent; the list is scoped."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.production.models import Figure

API = "/api/v1/production/figures"


def post(client, figures):
    return client.post(API, {"figures": figures}, content_type="application/json")


def test_batch_is_idempotent_on_unit_month_measure(client, login):
    login("bumen")
    batch = [
        {"unit": "D-PROD", "month": "2026-03", "measure": "output", "value": 1200},
        {"unit": "运行一班", "month": "2026-03", "measure": "单位成本", "value": "56.20"},
    ]
    assert post(client, batch).json() == {"stored": 2}
    batch[0]["value"] = 1250
    assert post(client, batch).json() == {"stored": 2}
    assert Figure.objects.count() == 2
    assert Figure.objects.get(measure__code="output").value == Decimal(1250)


def test_a_bad_figure_refuses_the_whole_batch(client, login):
    login("bumen")
    r = post(
        client,
        [
            {"unit": "D-PROD", "month": "2026-03", "measure": "output", "value": 1200},
            {"unit": "D-SAFE", "month": "2026-03", "measure": "output", "value": 5},
            {"unit": "D-PROD", "month": "2026-03", "measure": "output", "value": 7},
        ],
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "production_row_errors"
    assert [e["row"] for e in body["rows"]] == [2, 3]
    assert "不在您的管理范围内" in body["rows"][0]["message"]
    assert Figure.objects.count() == 0


def test_list_filters_and_scope(client, login, company):
    login("admin")
    post(
        client,
        [
            {"unit": code, "month": f"2026-0{m}", "measure": "output", "value": m}
            for code in ("D-PROD", "D-SAFE", "T-1")
            for m in (1, 2, 3)
        ],
    )
    login("bumen")
    with CaptureQueriesContext(connection) as few:
        body = client.get(API, {"limit": 2}).json()
    with CaptureQueriesContext(connection) as more:
        client.get(API, {"limit": 6})
    assert len(few) == len(more)  # no query per row
    assert body["count"] == 6 and len(body["items"]) == 2  # 生产部 and its team only
    team = company.units["team1"].pk
    body = client.get(API, {"unit": team, "start": "2026-02-01", "measure": "output"}).json()
    assert sorted(i["month"] for i in body["items"]) == ["2026-02-01", "2026-03-01"]
    assert client.get(API, {"unit": company.units["safety"].pk}).status_code == 404


def test_an_employee_cannot_send_figures(client, login):
    login("zhigong")
    r = post(client, [{"unit": "T-1", "month": "2026-03", "measure": "output", "value": 1}])
    assert r.status_code == 403 and r.json()["detail"]["code"] == "forbidden"
    assert Figure.objects.count() == 0
