"""/api/v1/talks: the pages' selectors and services, with the same refusals."""

from datetime import date

import pytest

from apps.appeals.models import Appeal
from apps.talks.models import ConcernTag, Talk

from .factories import record
from .test_indicators import talks  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _body(company, **changes):
    body = {
        "person": company.people["zhigong"].pk,
        "day": "2026-03-02",
        "place": "site",
        "kind": "daily",
        "state": "fair",
        "summary": "现场交流,谈到技能培训的打算。",
        "concerns": [{"tag": ConcernTag.objects.get(name="职业发展").pk, "note": "想考高级工"}],
    }
    body.update(changes)
    return body


def test_create_and_read(client, login, company):
    login("shuji")
    response = client.post("/api/v1/talks", _body(company), content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["person"]["name"] == "张伟" and data["state_label"] == "一般"
    assert data["concerns"][0]["tag"]["name"] == "职业发展"
    assert client.get(f"/api/v1/talks/{data['id']}").json()["summary"].startswith("现场交流")


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"person": 999999}, 422, "person"),
        ({"day": "2999-01-01"}, 400, "day"),
        ({"state": "happy"}, 400, "state"),
        ({"concerns": [{"tag": 999999}]}, 400, "concerns"),
    ],
)
def test_bad_input(client, login, company, changes, status, field):
    login("shuji")
    response = client.post(
        "/api/v1/talks", _body(company, **changes), content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["detail"]["field"] == field
    assert Talk.objects.count() == 0


def test_outside_the_scope_is_refused(client, login, company):
    login("shuji")
    body = _body(company, person=company.people["tech_worker"].pk)
    response = client.post("/api/v1/talks", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "talk_out_of_scope"


def test_list_filters_and_pages(client, login, company, talks, django_assert_max_num_queries):  # noqa: F811
    login("dangwei")
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/talks?limit=2").json()
    assert data["count"] == 5 and len(data["items"]) == 2
    assert client.get("/api/v1/talks?state=wavering").json()["count"] == 1
    assert client.get("/api/v1/talks?start=2026-04-01").json()["count"] == 1
    assert client.get("/api/v1/talks?kind=nope").status_code == 422


def test_concern_to_appeal(client, login, company):
    login("shuji")
    talk = record(company, tags=["食堂住宿"], day=date(2026, 3, 1))
    concern = talk.concerns.get()
    url = f"/api/v1/talks/{talk.pk}/concerns/{concern.pk}/appeal"
    data = client.post(url).json()
    appeal = Appeal.objects.get()
    assert data["concerns"][0]["appeal"]["id"] == appeal.pk
    assert client.post(url).status_code == 409
    assert client.post(f"/api/v1/talks/{talk.pk}/concerns/999999/appeal").status_code == 404


def test_openapi_lists_the_talk_endpoints(client, login):
    login("shuji")
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/talks" in paths
    assert "/api/v1/talks/{talk_id}/concerns/{concern_id}/appeal" in paths


def test_counts_for_a_line_manager(client, company, talks):  # noqa: F811
    from .factories import team_leader

    client.force_login(company.users["bumen"])
    data = client.get("/api/v1/talks/counts?start=2026-01-01&end=2026-03-31").json()
    assert (data["total"], data["people"]) == (3, 2)  # the 生产部 talks; 安全部 is not his
    assert {"label": "食堂住宿", "count": 2} in data["by_tag"]
    client.force_login(team_leader(company))
    data = client.get("/api/v1/talks/counts?start=2026-01-01&end=2026-03-31").json()
    assert data["total"] == 1  # 张伟, of 运行一班
    other = company.units["tech"].pk
    assert client.get(f"/api/v1/talks/counts?unit={other}").status_code == 400


def test_report_submit_and_score(client, login, company, talks):  # noqa: F811
    login("shuji")
    body = {
        "unit": company.units["branch1"].pk,
        "year": 2026,
        "quarter": 1,
        "analysis": "本季度职工思想总体稳定,夜班职工对食堂供餐意见集中," * 3,
    }
    created = client.post("/api/v1/talks/reports", body, content_type="application/json")
    assert created.status_code == 201
    report = created.json()
    assert report["figures"]["talks"] == 3
    again = client.post("/api/v1/talks/reports", body, content_type="application/json")
    assert again.status_code == 409
    scores = {"score_data": 20, "score_analysis": 20, "score_problems": 20, "score_measures": 15}
    url = f"/api/v1/talks/reports/{report['id']}/score"
    assert client.post(url, scores, content_type="application/json").status_code == 403
    login("dangwei")
    scored = client.post(url, scores, content_type="application/json").json()
    assert (scored["score"], scored["status"]) == (75, "scored")
    assert client.get("/api/v1/talks/reports?status=scored").json()["count"] == 1
