"""The API: list (filters, pagination, query counts), detail, submit and each workflow action."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.suggestions.models import Criterion, Suggestion
from apps.supervision.models import SupervisedItem

from .factories import submit

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _post(client, url, data):
    return client.post(url, data, content_type=JSON)


def test_submit_and_walk_the_workflow(client, login, company):
    login("zhigong")
    payload = {
        "title": "电子交接班",
        "problem": "手写记录遗漏",
        "proposal": "改用电子表",
        "category": "management",
        "target_unit_id": company.units["prod"].pk,
        "expected_yuan": "3000.00",
        "co_proposer_nos": ["10001"],
    }
    r = _post(client, "/api/v1/suggestions", payload)
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert r.json()["co_proposers"][0]["employee_no"] == "10001"
    assert r.json()["events"][0]["kind"] == "submitted"
    # the proposer may not score their own
    scores = {c.pk: 90 for c in Criterion.objects.all()}
    assert _post(client, f"/api/v1/suggestions/{sid}/score", {"scores": scores}).status_code == 403
    login("bumen")
    r = _post(client, f"/api/v1/suggestions/{sid}/score", {"scores": scores})
    assert r.status_code == 200 and r.json()["score_total"] == "90.00"
    r = _post(client, f"/api/v1/suggestions/{sid}/decide", {"decision": "reject"})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "reason"
    assert (
        _post(client, f"/api/v1/suggestions/{sid}/decide", {"decision": "adopt"}).status_code == 200
    )
    r = _post(client, f"/api/v1/suggestions/{sid}/verify", {"yuan": "1"})
    assert r.status_code == 403  # 生产部 head is not finance/technology
    past = (timezone.now() - timedelta(days=1)).isoformat()
    r = _post(
        client,
        f"/api/v1/suggestions/{sid}/assign-implementation",
        {"impl_unit_id": company.units["team1"].pk, "due_at": past},
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "deadline_past"
    future = (timezone.now() + timedelta(days=10)).isoformat()
    r = _post(
        client,
        f"/api/v1/suggestions/{sid}/assign-implementation",
        {"impl_unit_id": company.units["team1"].pk, "impl_person_no": "10003", "due_at": future},
    )
    assert r.status_code == 200 and r.json()["status"] == "implementing"
    assert SupervisedItem.objects.filter(closed_at__isnull=True).count() == 1
    r = _post(client, f"/api/v1/suggestions/{sid}/reward", {"yuan": "1", "note": "x"})
    assert r.status_code in (403, 409)
    login("zhigong")
    r = _post(client, f"/api/v1/suggestions/{sid}/implemented", {"note": "已实施"})
    assert r.status_code == 200
    assert SupervisedItem.objects.filter(closed_at__isnull=True).count() == 0
    login("dangwei")
    r = _post(client, f"/api/v1/suggestions/{sid}/verify", {"yuan": "-5"})
    assert r.status_code == 400 and r.json()["detail"]["code"] == "negative_amount"
    r = _post(client, f"/api/v1/suggestions/{sid}/verify", {"yuan": "4500.25"})
    assert r.status_code == 200 and r.json()["verified_yuan"] == "4500.25"
    r = _post(client, f"/api/v1/suggestions/{sid}/verify", {"yuan": "1"})
    assert r.status_code == 409  # already verified
    r = _post(client, f"/api/v1/suggestions/{sid}/reward", {"yuan": "300", "note": "奖"})
    assert r.status_code == 200 and r.json()["status"] == "rewarded"


@pytest.mark.parametrize(
    ("over", "status"),
    [
        ({"title": ""}, 400),
        ({"title": "长" * 101}, 400),
        ({"expected_yuan": "-1"}, 400),
        ({"expected_yuan": "abc"}, 422),
        ({"target_unit_id": 999999}, 400),
        ({"co_proposer_nos": ["nobody"]}, 400),
        ({"campaign_id": 999999}, 400),
    ],
)
def test_bad_submissions(client, login, company, over, status):
    login("zhigong")
    payload = {
        "title": "t",
        "problem": "p",
        "proposal": "q",
        "category": "other",
        "target_unit_id": company.units["prod"].pk,
    }
    payload.update(over)
    r = _post(client, "/api/v1/suggestions", payload)
    assert r.status_code == status, r.content
    assert r.json()["detail"]["message"]
    assert not Suggestion.objects.exists()


def test_list_filters_and_query_count(client, login, company, django_assert_max_num_queries):
    submit(company)
    login("bumen")
    with django_assert_max_num_queries(15) as few:
        r = client.get("/api/v1/suggestions")
    assert r.json()["count"] == 1
    for i in range(20):
        submit(company, title=f"建议{i}", category="technology")
    with django_assert_max_num_queries(15) as many:
        r = client.get("/api/v1/suggestions", {"limit": 10, "category": "technology"})
    assert r.json()["count"] == 20 and len(r.json()["items"]) == 10
    assert len(many.captured_queries) == len(few.captured_queries)
    r = client.get("/api/v1/suggestions", {"status": "bogus"})
    assert r.status_code == 422


def test_campaigns_api(client, login, company):
    login("zhigong")
    r = _post(
        client,
        "/api/v1/suggestions/campaigns",
        {
            "title": "x",
            "organiser_id": company.units["company"].pk,
            "scope_unit_id": company.units["company"].pk,
            "starts_on": "2026-01-01",
            "ends_on": "2099-01-01",
        },
    )
    assert r.status_code == 403
    login("dangwei")
    today = date.today()
    r = _post(
        client,
        "/api/v1/suggestions/campaigns",
        {
            "title": "青年创新创效",
            "organiser_id": company.units["company"].pk,
            "scope_unit_id": company.units["prod"].pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "categories": ["technology"],
        },
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert client.get("/api/v1/suggestions/campaigns").json()["count"] == 1
    login("zhigong")  # inside the scope: sees it and may submit to it
    assert client.get(f"/api/v1/suggestions/campaigns/{cid}").status_code == 200
    r = _post(
        client,
        "/api/v1/suggestions",
        {
            "title": "t",
            "problem": "p",
            "proposal": "q",
            "category": "safety",
            "target_unit_id": company.units["prod"].pk,
            "campaign_id": cid,
        },
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "campaign_category"
    login("norole")
    assert client.get(f"/api/v1/suggestions/campaigns/{cid}").status_code == 404
