"""The API: the same filters, selectors and services as the pages; Chinese errors, no 500."""

from apps.projects.choices import ProjectStatus
from apps.projects.models import Project

from .factories import END, M1, M2, START, make_project, project_type

S = ProjectStatus


def _body(company, **over):
    u, p = company.units, company.people
    body = {
        "name": "刀具寿命提升降本增效青年突击项目",
        "type_id": project_type().pk,
        "aim": "<p>提升刀具寿命</p><script>alert(1)</script>",
        "lead_unit_id": u["prod"].pk,
        "leader_id": p["bumen"].pk,
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "budget": "80000",
        "targets": [{"name": "降低刀具费用", "measure": "万元", "target_value": "30"}],
        "cooperations": [{"unit_id": u["tech"].pk, "contribution": "刀具选型"}],
        "members": [{"person_id": p["zhigong"].pk, "role": "现场实施"}],
        "milestones": [
            {"title": "完成刀具选型", "owner_unit_id": u["prod"].pk, "due_date": M1.isoformat(),
             "owner_person_id": p["zhigong"].pk},
            {"title": "完成试用", "owner_unit_id": u["tech"].pk, "due_date": M2.isoformat()},
        ],
    }  # fmt: skip
    body.update(over)
    return body


def test_the_loop_over_the_api(client, company, login):
    login("bumen")
    r = client.post("/api/v1/projects/items", _body(company), content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    pid = data["id"]
    assert data["status"] == "draft" and "<script" not in data["aim"]
    assert data["targets"][0]["measure"] == "万元" and len(data["milestones"]) == 2
    assert client.post(f"/api/v1/projects/items/{pid}/submit").json()["status"] == "pending"
    r = client.post(f"/api/v1/projects/items/{pid}/approve", {}, content_type="application/json")
    assert r.status_code == 403 and "党群工作部" in r.json()["detail"]["message"]
    login("dangwei")
    r = client.post(
        f"/api/v1/projects/items/{pid}/approve", {"note": "同意"}, content_type="application/json"
    )
    assert r.json()["status"] == "active"
    login("zhigong")
    mid = next(m["id"] for m in r.json()["milestones"] if m["title"] == "完成刀具选型")
    r = client.post(
        f"/api/v1/projects/milestones/{mid}/progress", {"progress": "40", "note": "选型中"}
    )
    assert r.status_code == 200, r.content
    assert next(m for m in r.json()["milestones"] if m["id"] == mid)["progress"] == 40
    login("bumen")
    target = Project.objects.get(pk=pid).targets.get()
    r = client.post(
        f"/api/v1/projects/items/{pid}/reports",
        {"summary": "<p>进展</p>", "figures": {str(target.pk): "12.5"}},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["targets"][0]["latest_value"] == "12.50"
    r = client.post(
        f"/api/v1/projects/items/{pid}/issues",
        {"title": "刀具到货慢"},
        content_type="application/json",
    )
    issue_id = r.json()["issues"][0]["id"]
    r = client.post(
        f"/api/v1/projects/issues/{issue_id}/resolve",
        {"resolution": "已催货"},
        content_type="application/json",
    )
    assert r.json()["issues"][0]["status"] == "resolved"
    r = client.post(
        f"/api/v1/projects/items/{pid}/acceptance",
        {"summary": "完成", "results": {str(target.pk): "31"}},
        content_type="application/json",
    )
    assert r.status_code == 400 and "里程碑未完成" in r.json()["detail"]["message"]


def test_list_filters_counts_and_queries(client, company, login, django_assert_max_num_queries):
    for _i in range(3):
        make_project(company, status=S.ACTIVE)
    make_project(company, name="草稿项目")
    login("dangwei")
    with django_assert_max_num_queries(13):
        r = client.get("/api/v1/projects/items?limit=2")
    data = r.json()
    assert data["count"] == 4 and len(data["items"]) == 2 and data["counts"]["active"] == 3
    for _i in range(10):
        make_project(company, status=S.ACTIVE)
    with django_assert_max_num_queries(13):
        client.get("/api/v1/projects/items?limit=50")
    r = client.get("/api/v1/projects/items?status=draft")
    assert [i["name"] for i in r.json()["items"]] == ["草稿项目"]
    assert client.get("/api/v1/projects/items?overdue=true").json()["count"] == 0
    assert client.get("/api/v1/projects/items?year=abc").status_code == 422
    timeline = client.get("/api/v1/projects/timeline?status=active").json()
    assert sum(timeline["open"]) == 13 * 2


def test_bad_input_is_a_clear_4xx(client, company, login):
    login("bumen")
    cases = [
        ({"lead_unit_id": None}, "请选择牵头单位"),
        ({"end_date": (START.replace(year=START.year - 1)).isoformat()}, "完成时限不能早于"),
        ({"targets": [{"name": "降低费用", "measure": "万元"}]}, "目标值"),
        (
            {"milestones": [{"title": "x", "owner_unit_id": company.units["prod"].pk,
                             "due_date": END.replace(year=END.year + 1).isoformat()}]},
            "不在项目起止日期",
        ),
        ({"lead_unit_id": 999999}, "没有这个单位"),
        ({"type_id": 999999}, "项目类型"),
    ]  # fmt: skip
    for over, message in cases:
        r = client.post(
            "/api/v1/projects/items", _body(company, **over), content_type="application/json"
        )
        assert r.status_code in (400, 422) and message in r.json()["detail"]["message"], over
    r = client.post("/api/v1/projects/items", {"name": 1}, content_type="application/json")
    assert r.status_code == 422
    assert not Project.objects.exists()


def test_in_openapi(client, login):
    login("dangwei")
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/projects/items",
        "/api/v1/projects/items/{project_id}",
        "/api/v1/projects/items/{project_id}/approve",
        "/api/v1/projects/milestones/{milestone_id}/progress",
        "/api/v1/projects/items/{project_id}/evaluate",
        "/api/v1/projects/timeline",
    ):
        assert path in paths, path


def test_milestone_progress_with_evidence(client, company, login):
    from apps.hazards.tests.factories import EXE, photo

    project = make_project(company, status=S.ACTIVE)
    m = project.milestones.get(owner_person=company.people["zhigong"])
    login("zhigong")
    url = f"/api/v1/projects/milestones/{m.pk}/progress"
    r = client.post(url, {"progress": "30", "note": "x", "evidence": [photo("fake.png", EXE)]})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "evidence"
    r = client.post(url, {"note": "完成", "done": "true", "evidence": [photo()]})
    assert r.status_code == 200
    done = next(x for x in r.json()["milestones"] if x["id"] == m.pk)
    assert done["status"] == "done" and done["progress"] == 100
    login("norole")
    assert client.post(url, {"progress": "30", "note": "x"}).status_code == 404


def test_acceptance_evidence_goes_to_the_pending_request(client, company, login):
    from apps.core.models import Attachment
    from apps.hazards.tests.factories import EXE, photo

    project = make_project(company, status=S.ACCEPTANCE)
    acceptance = project.acceptances.get()
    url = f"/api/v1/projects/items/{project.pk}/acceptance/evidence"
    login("bumen")
    r = client.post(url, {"evidence": [photo("report.png", EXE)]})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "evidence"
    assert client.post(url, {}).json()["detail"]["code"] == "required"
    r = client.post(url, {"evidence": [photo(), photo("site.png")]})
    assert r.status_code == 200
    assert (
        Attachment.objects.filter(owner_id=acceptance.pk, owner_type__model="acceptance").count()
        == 2
    )
    login("zhigong")  # sees the project through a milestone, may not add evidence
    assert client.post(url, {"evidence": [photo()]}).status_code == 403
    login("norole")
    assert client.post(url, {"evidence": [photo()]}).status_code == 404
    accepted = make_project(company, status=S.ACCEPTED, name="已验收项目")
    login("bumen")
    r = client.post(
        f"/api/v1/projects/items/{accepted.pk}/acceptance/evidence", {"evidence": [photo()]}
    )
    assert r.status_code == 409
