"""The API: the same selectors and services as the pages, Chinese errors as 4xx, query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.collab.choices import ActionStatus
from apps.collab.models import ActionItem, Resolution

from .factories import make_item, make_session

API = "/api/v1/collab"


def _iso(delta):
    return (timezone.now() + delta).isoformat()


def test_lists_and_detail(client, company, login, body, session):
    item = make_item(company, session)
    login("bumen")
    r = client.get(f"{API}/meetings").json()
    assert r["count"] == 1 and r["items"][0]["open_actions"] == 1
    detail = client.get(f"{API}/meetings/{body.pk}").json()
    assert [m["unit"]["name"] for m in detail["members"]] == ["生产部", "技术部"]
    r = client.get(f"{API}/sessions", {"meeting": body.pk}).json()
    assert r["items"][0]["actions"] == 1
    s = client.get(f"{API}/sessions/{session.pk}").json()
    assert s["resolutions_list"][0]["actions"][0]["id"] == item.pk
    r = client.get(f"{API}/actions", {"state": "open", "mine": True}).json()
    assert [i["id"] for i in r["items"]] == [item.pk] and r["counts"]["open"] == 1


def test_the_loop_over_the_api(client, company, login, body, session):
    login("dangwei")
    r = client.post(
        f"{API}/sessions/{session.pk}/resolutions",
        {"text": "开展冬季四防检查"},
        content_type="application/json",
    )
    assert r.status_code == 201
    resolution = Resolution.objects.get()
    payload = {
        "title": "冬季四防专项检查",
        "expected_result": "检查覆盖全部车间",
        "owner_unit_id": company.units["prod"].pk,
        "owner_person_id": None,
        "due_at": _iso(timedelta(days=10)),
    }
    r = client.post(
        f"{API}/resolutions/{resolution.pk}/actions", payload, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"]["message"] == "请指定责任人。"
    payload.update(owner_person_id=company.people["bumen"].pk, due_at=_iso(-timedelta(days=1)))
    r = client.post(
        f"{API}/resolutions/{resolution.pk}/actions", payload, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "deadline_past"
    payload["due_at"] = _iso(timedelta(days=10))
    r = client.post(
        f"{API}/resolutions/{resolution.pk}/actions", payload, content_type="application/json"
    )
    assert r.status_code == 201
    pk = r.json()["id"]

    login("bumen")
    assert client.post(f"{API}/actions/{pk}/progress", {"note": "已布置"}).status_code == 200
    assert client.post(f"{API}/actions/{pk}/request", {"note": "已完成"}).status_code == 200
    r = client.post(f"{API}/actions/{pk}/accept", {}, content_type="application/json")
    assert r.status_code == 403
    login("dangwei")
    r = client.post(f"{API}/actions/{pk}/accept", {"note": "同意"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == ActionStatus.CLOSED
    assert [e["what"] for e in r.json()["timeline"]] == ["交办", "报送进展", "申请办结", "同意办结"]
    r = client.post(f"{API}/actions/{pk}/accept", {}, content_type="application/json")
    assert r.status_code == 409


def test_topics_over_the_api(client, company, login, session):
    login("bumen")
    r = client.post(
        f"{API}/sessions/{session.pk}/topics",
        {"unit_id": company.units["safety"].pk, "title": "安全生产百日攻坚"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "不是该联席会议的成员单位" in r.json()["detail"]["message"]
    r = client.post(
        f"{API}/sessions/{session.pk}/topics",
        {"unit_id": company.units["prod"].pk, "title": "安全生产百日攻坚"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["agenda"][0]["title"] == "安全生产百日攻坚"


def test_minutes_over_the_api_are_sanitized(client, login, session):
    login("dangwei")
    r = client.put(
        f"{API}/sessions/{session.pk}/minutes",
        {"minutes": "<p onmouseover='x()'>纪要<script>1</script></p>", "publish": True},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["minutes_html"] == "<p>纪要</p>" and r.json()["status"] == "published"


def test_bad_input_is_422_not_500(client, login, session):
    login("dangwei")
    r = client.post(
        f"{API}/meetings/{session.meeting_id}/sessions",
        {"held_at": "not a date", "place": "x"},
        content_type="application/json",
    )
    assert r.status_code == 422
    r = client.put(
        f"{API}/sessions/{session.pk}/attendance",
        [{"member_id": 999999, "presence": "present"}],
        content_type="application/json",
    )
    assert r.status_code == 400
    assert client.get(f"{API}/actions?limit=0").status_code == 422
    assert client.get(f"{API}/actions/999999").status_code == 404


def test_openapi_lists_the_endpoints(client, login):
    login("dangwei")
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/collab/meetings",
        "/api/v1/collab/sessions/{session_id}",
        "/api/v1/collab/actions/{action_id}/return",
    ):
        assert path in paths


@pytest.mark.parametrize("url", ["/meetings", "/sessions", "/actions"])
def test_list_endpoint_query_counts(
    client, company, login, body, url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login("dangwei")
    make_item(company, make_session(company, body))
    with CaptureQueriesContext(connection) as ctx:
        client.get(API + url)
    for days in (30, 60, 90):
        s = make_session(company, body, days=days)
        make_item(company, s)
        make_item(company, s, title="第二项")
    assert ActionItem.objects.count() == 7
    with django_assert_max_num_queries(len(ctx)):
        assert client.get(API + url).status_code == 200
