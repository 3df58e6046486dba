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


def test_the_period_steps_and_objections_over_the_api(
    client, login, company, period, django_capture_on_commit_callbacks
):
    login("bumen")
    assert client.get(f"/api/v1/kpi/periods/{period.pk}").status_code == 404  # nothing shown yet
    assert client.post(f"/api/v1/kpi/periods/{period.pk}/compute").status_code == 404
    login("dangwei")
    assert client.get("/api/v1/kpi/periods?status=open").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/api/v1/kpi/periods/{period.pk}/compute")
    assert done.status_code == 200 and done.json()["timeline"][0]["action"] == "计算得分"
    detail = client.get(f"/api/v1/kpi/periods/{period.pk}").json()
    assert detail["computed_at"] and detail["progress"] is None and detail["assessor"]
    published = client.post(f"/api/v1/kpi/periods/{period.pk}/publish").json()
    assert published["status"] == "public" and published["public_until"]
    early = client.post(f"/api/v1/kpi/periods/{period.pk}/lock")
    assert early.status_code == 409 and early.json()["detail"]["code"] == "window_open"
    ranking = client.get(f"/api/v1/kpi/periods/{period.pk}/ranking").json()
    assert [r["rank"] for r in ranking] == sorted(r["rank"] for r in ranking) and len(ranking) == 3

    login("bumen")
    mine = client.get(f"/api/v1/kpi/periods/{period.pk}/ranking").json()
    assert [r["unit"]["name"] for r in mine] == ["生产部"] and mine[0]["peers"] == 3
    card = mine[0]["id"]
    other = next(r["id"] for r in ranking if r["unit"]["name"] == "技术部")
    assert (
        client.post(f"/api/v1/kpi/scorecards/{other}/objections", {"reason": "x"}).status_code
        == 404
    )
    bad = client.post(f"/api/v1/kpi/scorecards/{card}/objections", {"reason": "x", "line": 99999})
    assert bad.status_code == 400 and bad.json()["detail"]["code"] == "line_other_card"
    made = client.post(f"/api/v1/kpi/scorecards/{card}/objections", {"reason": "漏计加分"})
    assert made.status_code == 201 and made.json()["timeline"][0]["action"] == "提出申诉"
    oid = made.json()["id"]
    assert (
        client.post(
            f"/api/v1/kpi/objections/{oid}/answer",
            {"accept": True, "answer": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )

    login("dangwei")
    assert (
        client.get(f"/api/v1/kpi/objections?period={period.pk}&status=pending").json()["count"] == 1
    )
    answered = client.post(
        f"/api/v1/kpi/objections/{oid}/answer",
        {"accept": True, "answer": "核实加 5 分", "points": "5"},
        content_type="application/json",
    ).json()
    assert answered["status"] == "accepted"
    again = client.post(
        f"/api/v1/kpi/objections/{oid}/answer",
        {"accept": False, "answer": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["detail"]["code"] == "already_answered"
    not_locked = client.get(f"/api/v1/kpi/periods/{period.pk}/candidates")
    assert not_locked.status_code == 404
