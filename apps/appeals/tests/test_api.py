"""The API: the ledger with filters and paging, detail, submit, and each workflow action."""

import pytest
from django.utils import timezone

from apps.appeals.models import Appeal, Category

from .factories import accepted, answered, run_batch, submit

pytestmark = pytest.mark.django_db

API = "/api/v1/appeals"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_list_filters_pages_and_counts(client, login, company, django_assert_max_num_queries):
    for _ in range(3):
        accepted(company)
    submit(company, title="宿舍漏水")
    login("dangwei")
    with django_assert_max_num_queries(14) as small:
        r = client.get(API, {"limit": 2})
    body = r.json()
    assert r.status_code == 200 and body["count"] == 4 and len(body["items"]) == 2
    assert body["counts"]["handling"] == 3 and body["counts"]["submitted"] == 1
    for _ in range(10):
        accepted(company)
    with django_assert_max_num_queries(len(small.captured_queries)):
        r = client.get(API, {"limit": 20})
    assert len(r.json()["items"]) == 14
    r = client.get(API, {"status": "submitted"})
    assert [i["title"] for i in r.json()["items"]] == ["宿舍漏水"]
    r = client.get(API, {"status": "nonsense"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_filter"


def test_list_is_scoped(client, login, company):
    submit(company)
    login("tech_shuji")
    assert client.get(API).json()["count"] == 0
    login("zhigong")
    assert client.get(API, {"mine": True}).json()["count"] == 1


def test_submit_named_and_anonymous(client, login, company):
    login("zhigong")
    cat = Category.objects.get(name="劳动保护").pk
    data = {"category_id": cat, "title": "手套不够用", "description": "每月只发两副手套,不够用。"}
    r = post(client, API, data)
    assert r.status_code == 201 and r.json()["id"] and r.json()["receipt_code"] is None
    r = post(client, API, {**data, "anonymous": True})
    assert r.status_code == 201 and r.json()["id"] is None and len(r.json()["receipt_code"]) == 19
    r = post(client, API, {**data, "title": ""})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "title"
    r = post(client, API, {**data, "category_id": 999})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "category"
    assert Appeal.objects.count() == 1  # the anonymous one waits for its batch
    run_batch(timezone.now())
    assert Appeal.objects.count() == 2 and Appeal.objects.filter(anonymous=True).count() == 1


def test_workflow_over_the_api(client, login, company):
    appeal, _ = submit(company)
    url = f"{API}/{appeal.pk}"
    login("bumen")
    r = post(client, f"{url}/accept", {"owner_unit_id": company.units["prod"].pk})
    assert r.status_code == 403
    login("dangwei")
    r = post(client, f"{url}/resolve", {"text": "好了"})
    assert r.status_code == 409 and r.json()["detail"]["message"] == "该诉求尚未受理,不能办结。"
    r = post(
        client,
        f"{url}/accept",
        {"owner_unit_id": company.units["prod"].pk, "due_at": "2001-01-01T00:00:00+08:00"},
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "deadline_past"
    r = post(
        client,
        f"{url}/assign",
        {"owner_unit_id": company.units["prod"].pk, "owner_person_id": company.people["bumen"].pk},
    )
    assert r.status_code == 200 and r.json()["status"] == "handling"
    assert r.json()["actions"] == ["reassign"]
    again = {"owner_unit_id": company.units["prod"].pk}
    assert post(client, f"{url}/accept", again).status_code == 409
    login("bumen")
    assert post(client, f"{url}/note", {"text": "在办"}).status_code == 200
    assert post(client, f"{url}/reply", {"text": "下周答复"}).status_code == 200
    r = post(client, f"{url}/resolve", {"text": "已延长供餐"})
    assert r.json()["status"] == "answered"
    assert post(client, f"{url}/rate", {"rating": 5}).status_code == 403
    login("zhigong")
    detail = client.get(url).json()
    assert "note" not in {e["kind"] for e in detail["events"]}
    assert detail["actions"] == ["rate", "reopen", "add_info"]
    assert post(client, f"{url}/reopen", {"reason": "没变化"}).json()["status"] == "handling"
    login("bumen")
    post(client, f"{url}/resolve", {"text": "已增设窗口"})
    login("zhigong")
    r = post(client, f"{url}/rate", {"rating": 4, "comment": "好"})
    assert r.json()["status"] == "closed" and r.json()["rating"] == 4


def test_decline_merge_and_reassign(client, login, company):
    a, _ = submit(company)
    b, _ = submit(company)
    c, _ = accepted(company)
    login("dangwei")
    assert post(client, f"{API}/{a.pk}/decline", {"reason": ""}).status_code == 400
    assert (
        post(client, f"{API}/{a.pk}/decline", {"reason": "非诉求"}).json()["status"] == "declined"
    )
    r = post(client, f"{API}/{b.pk}/merge", {"original_id": c.pk})
    assert r.json()["status"] == "merged" and r.json()["merged_into_id"] == c.pk
    r = post(
        client,
        f"{API}/{c.pk}/reassign",
        {"owner_unit_id": company.units["safety"].pk, "reason": "职责调整"},
    )
    assert r.status_code == 200 and r.json()["owner_unit"]["name"] == "安全部"


def test_detail_hides_the_anonymous_submitter(client, login, company):
    appeal, _ = answered(company, anonymous=True)
    login("dangwei")
    body = client.get(f"{API}/{appeal.pk}").json()
    assert body["anonymous"] and body["submitter"] is None and body["submitter_unit"] is None
    submitted = next(e for e in body["events"] if e["kind"] == "submitted")
    assert submitted["actor"] is None and submitted["by_submitter"]


def test_api_needs_a_login_except_for_the_receipt(client, company):
    assert client.get(API).status_code == 401
    r = post(client, f"{API}/receipt", {"code": "xx"})
    assert r.status_code == 404
