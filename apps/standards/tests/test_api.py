"""The API: the same selectors and services as the pages, with Chinese errors and no 500s."""

from datetime import timedelta

from django.utils import timezone

from apps.standards.choices import ReviewStatus

from .factories import YEAR, exe_as_pdf, photo

S = ReviewStatus


def _ids(review):
    rows = {ri.item.title: ri.pk for ri in review.items.select_related("item")}
    return rows["党员活动室标识统一"], rows["三会一课按规定频次召开"]


def test_list_with_filters(client, login, rnd):
    login("dangwei")
    data = client.get("/api/v1/standards/reviews?limit=1").json()
    assert data["count"] == 2 and len(data["items"]) == 1 and data["counts"]["draft"] == 2
    data = client.get("/api/v1/standards/reviews?q=技术").json()
    assert [i["branch"]["name"] for i in data["items"]] == ["技术支部"]
    assert client.get("/api/v1/standards/reviews?result=failed").json()["count"] == 2
    r = client.get("/api/v1/standards/reviews?status=bogus")
    assert r.status_code == 422 and r.json()["detail"]["message"] == "筛选条件无效。"
    assert client.get("/api/v1/standards/reviews?limit=0").status_code == 422


def test_the_whole_workflow(client, login, review1):
    login("shuji")
    manual, meetings = _ids(review1)
    base = f"/api/v1/standards/reviews/{review1.pk}"
    r = client.post(f"{base}/items/{manual}/self", {"score": "60", "note": "x"})
    assert r.status_code == 400 and "0 到 50.0 分之间" in r.json()["detail"]["message"]
    r = client.post(f"{base}/items/{manual}/self", {"score": "50", "files": [exe_as_pdf()]})
    assert r.status_code == 400 and r.json()["detail"]["field"] == f"files_{manual}"
    r = client.post(f"{base}/items/{manual}/self", {"score": "50", "files": [photo()]})
    assert r.status_code == 200
    item = next(i for i in r.json()["items"] if i["id"] == manual)
    assert item["self_score"] == "50.0" and len(item["files"]) == 1
    r = client.post(f"{base}/submit")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "self_incomplete"
    client.post(f"{base}/items/{meetings}/self", {"score": "30"})
    r = client.post(f"{base}/submit")
    assert r.status_code == 200 and r.json()["status"] == S.SUBMITTED
    assert client.post(f"{base}/submit").status_code == 409
    assert client.post(f"{base}/finalize", {}, content_type="application/json").status_code == 403

    login("dangwei")
    r = client.post(
        f"{base}/scores",
        {"items": {str(manual): {"score": "49"}}},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "reason_required"
    r = client.post(
        f"{base}/scores",
        {"items": {str(manual): {"score": "50"}, str(meetings): {"score": "30"}}},
        content_type="application/json",
    )
    assert r.status_code == 200
    r = client.post(f"{base}/finalize", {"comment": "好"}, content_type="application/json")
    body = r.json()
    assert r.status_code == 200 and body["status"] == S.FINALIZED
    assert body["score"] == "90.0" and body["passed"] is True  # 10 + 0 + 30 + 50
    r = client.post(f"{base}/return", {"comment": "x"}, content_type="application/json")
    assert r.status_code == 409


def test_scores_of_wrong_type_are_a_clear_422(client, login, review1):
    login("dangwei")
    r = client.post(
        f"/api/v1/standards/reviews/{review1.pk}/scores",
        {"items": {"abc": {"score": "x"}}},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"]["message"]


def test_rounds_and_checklists(client, login, checklist, company):
    login("dangwei")
    today = timezone.localdate()
    body = {
        "year": YEAR,
        "unit_id": company.units["gb"].pk,
        "title": "生产党总支专项检查",
        "period_start": f"{YEAR}-01-01",
        "period_end": f"{YEAR}-01-31",
        "deadline": (today + timedelta(days=7)).isoformat(),
    }
    r = client.post("/api/v1/standards/rounds", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["counts"]["total"] == 1  # only 生产一支部
    r = client.post("/api/v1/standards/rounds", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "period_taken"
    bad = {
        **body,
        "deadline": (today - timedelta(days=1)).isoformat(),
        "period_start": f"{YEAR}-02-01",
        "period_end": f"{YEAR}-02-27",
    }
    r = client.post("/api/v1/standards/rounds", bad, content_type="application/json")
    assert r.status_code == 400 and "不能早于今天" in r.json()["detail"]["message"]
    r = client.post(
        "/api/v1/standards/rounds", {**body, "year": 1990}, content_type="application/json"
    )
    assert r.status_code == 422
    assert client.get("/api/v1/standards/rounds").json()["count"] == 1
    data = client.get(f"/api/v1/standards/checklists/{YEAR}").json()
    assert data["total_points"] == "100.0" and len(data["items"]) == 4
    auto = {i["judge"]: i["auto"] for i in data["items"]}
    assert auto["standards.roster_current"] and not auto["elsewhere.not_installed"]
    r = client.post(
        f"/api/v1/standards/checklists/{YEAR + 1}/copy", {}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["year"] == YEAR + 1
    assert client.get("/api/v1/standards/checklists/1999").status_code == 404
    login("shuji")
    r = client.post("/api/v1/standards/rounds", body, content_type="application/json")
    assert r.status_code == 403


def test_openapi_lists_the_endpoints(client, login):
    login("admin")
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in (
        "/api/v1/standards/reviews",
        "/api/v1/standards/reviews/{review_id}/finalize",
        "/api/v1/standards/figures",
        "/api/v1/standards/rounds",
        "/api/v1/standards/branches/{branch_id}",
    ):
        assert p in paths, p
