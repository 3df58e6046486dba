"""The setup over /api/v1/kpi: the same rules as the pages (a calculator or manual, weights
summing to 100 before opening, periods, a manual score with evidence, an adjustment); only
the party admin."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.kpi.models import Indicator, ManualScore, Period, Scheme

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
API = "/api/v1/kpi"


def pdf():
    return SimpleUploadedFile("佐证.pdf", PDF, "application/pdf")


def test_only_the_party_admin(client, login, company):
    login("shuji")
    assert client.get(f"{API}/indicators").status_code == 403
    assert client.post(f"{API}/schemes", {}, content_type="application/json").status_code in (
        403,
        422,
    )
    login("dangwei")
    assert client.get(f"{API}/indicators").json()["count"] == 0


def test_a_scheme_from_indicators_to_a_manual_score(client, login, company):
    login("dangwei")
    post = lambda url, body: client.post(f"{API}{url}", body, content_type="application/json")  # noqa: E731
    bad = post("/indicators", {"code": "x.rate", "name": "某某率", "calculator": "nope"})
    assert bad.status_code == 400 and bad.json()["detail"]["field"] == "calculator"
    rate = post(
        "/indicators",
        {"code": "hazards.on_time_rate", "name": "隐患按期整改率", "measure": "%",
         "calculator": "hazards.on_time_rate", "unit_kinds": ["department"]},
    ).json()  # fmt: skip
    report = post(
        "/indicators",
        {"code": "manual.report", "name": "调研报告质量", "measure": "分", "source": "manual"},
    ).json()
    scheme = post(
        "/schemes", {"name": "2026年部门考核", "year": 2026, "unit_kind": "department"}
    ).json()
    url = f"/schemes/{scheme['id']}"
    post(f"{url}/items", {"indicator_id": rate["id"], "weight": 70, "floor": 60, "target": 95})
    steps = {"rule": "steps", "steps": [[60, 50], [90, 100]]}
    detail = post(f"{url}/items", {"indicator_id": report["id"], "weight": 20, **steps}).json()
    assert detail["weight_total"] == "90.00"
    assert detail["items"][1]["steps"] == [[90.0, 100.0], [60.0, 50.0]]
    refused = post(f"{url}/open", {})
    assert refused.status_code == 400 and refused.json()["detail"]["code"] == "weights_not_100"
    item = detail["items"][1]["id"]
    client.put(
        f"{API}{url}/items/{item}",
        {"indicator_id": report["id"], "weight": 30, **steps},
        content_type="application/json",
    )
    assert post(f"{url}/open", {}).json()["status"] == "open"
    periods = post(f"{url}/periods", {}).json()["periods"]
    assert [p["start"] for p in periods] == ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]
    assert post(f"{url}/periods", {}).status_code == 409

    manual = f"{API}/periods/{periods[0]['id']}/manual-scores"
    prod = company.units["prod"]
    body = {"item_id": item, "unit_id": prod.pk, "value": "101"}
    out = client.post(manual, {**body, "evidence": pdf()})
    assert out.status_code == 400 and out.json()["detail"]["code"] == "value_out_of_range"
    missing = client.post(manual, {**body, "value": "88"})
    assert missing.json()["detail"]["code"] == "evidence_required"
    saved = client.post(manual, {**body, "value": "88", "note": "扎实", "evidence": pdf()})
    assert saved.status_code == 200 and saved.json()["value"] == "88.0000"
    assert saved.json()["evidence"]["url"].startswith("/files/")
    assert client.get(manual).json()["count"] == 1
    team = {**body, "unit_id": company.units["team1"].pk, "value": "50", "evidence": pdf()}
    assert client.post(manual, team).json()["detail"]["code"] == "unit_outside"
    assert ManualScore.objects.count() == 1


def test_adjustment_and_a_locked_scheme(client, login, company):
    indicator = Indicator.objects.create(code="m", name="述职", source="manual")
    scheme = Scheme.objects.create(year=2026, unit_kind="branch", name="支部考核")
    item = scheme.items.create(indicator=indicator, weight=100, rule="rank")
    period = Period.objects.create(
        scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31), status="locked"
    )
    login("dangwei")
    locked = client.put(
        f"{API}/schemes/{scheme.pk}/items/{item.pk}",
        {"indicator_id": indicator.pk, "weight": 50, "rule": "rank"},
        content_type="application/json",
    )
    assert locked.status_code == 409 and locked.json()["detail"]["code"] == "scheme_locked"
    url = f"{API}/periods/{period.pk}/adjustments"
    veto = {"unit_id": company.units["branch1"].pk, "kind": "veto", "reason": "发生较大安全事故"}
    assert client.post(url, {**veto, "evidence": pdf()}).status_code == 409
    Period.objects.filter(pk=period.pk).update(status="open")
    assert client.post(url, veto).json()["detail"]["code"] == "evidence_required"
    made = client.post(url, {**veto, "evidence": pdf()})
    assert made.status_code == 201 and made.json()["kind_label"] == "一票否决"
    assert client.get(url).json()["count"] == 1
    adjustment = f"{url}/{made.json()['id']}"
    Period.objects.filter(pk=period.pk).update(status="public")
    refused = client.delete(adjustment)
    assert refused.status_code == 409 and client.get(url).json()["count"] == 1
    Period.objects.filter(pk=period.pk).update(status="open")
    login("bumen")
    assert client.delete(adjustment).status_code == 403
    login("dangwei")
    assert client.delete(adjustment).status_code == 204
    assert client.get(url).json()["count"] == 0
    assert client.delete(adjustment).status_code == 404


def test_a_manual_score_is_withdrawn(client, login, company):
    indicator = Indicator.objects.create(code="m", name="述职", source="manual")
    scheme = Scheme.objects.create(year=2026, unit_kind="branch", name="支部考核")
    item = scheme.items.create(indicator=indicator, weight=100, rule="rank")
    period = Period.objects.create(scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31))
    login("dangwei")
    url = f"{API}/periods/{period.pk}/manual-scores"
    unit = company.units["branch1"].pk
    made = client.post(url, {"item_id": item.pk, "unit_id": unit, "value": "80", "evidence": pdf()})
    score = f"{url}/{made.json()['id']}"
    Period.objects.filter(pk=period.pk).update(status="locked")
    assert client.delete(score).status_code == 409 and ManualScore.objects.exists()
    Period.objects.filter(pk=period.pk).update(status="open")
    assert client.delete(score).status_code == 204 and not ManualScore.objects.exists()


def test_an_indicator_range_over_the_api(client, login, company):
    login("dangwei")
    typed = {"code": "m.x", "name": "调研报告", "measure": "篇", "source": "manual"}
    bad = client.post(
        f"{API}/indicators", {**typed, "min_value": "3", "max_value": "1"}, "application/json"
    )
    assert bad.status_code == 400 and bad.json()["detail"]["code"] == "bad_range"
    made = client.post(f"{API}/indicators", {**typed, "max_value": "12"}, "application/json")
    assert made.status_code == 201 and Decimal(made.json()["max_value"]) == 12
    assert made.json()["min_value"] is None
