"""The orgs API: scope (404 outside it), filters, pagination, masking, and the bulk upsert."""

import json

import pytest

from apps.accounts.models import ApiToken
from apps.orgs.models import Person

API = "/api/v1/orgs"


def bearer(company, username):
    _token, raw = ApiToken.issue(user=company.users[username], name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_people_list_is_scoped_paginated_and_masked(client, login, company):
    login("shuji")  # secretary of 生产一支部, bound to 生产部
    response = client.get(f"{API}/people", {"limit": 2, "offset": 0})
    assert response.status_code == 200
    body = response.json()
    names = {p["name"] for p in client.get(f"{API}/people").json()["items"]}
    assert "陈静" not in names and {"王建国", "李明", "张伟"} <= names
    assert body["count"] == len(names) and len(body["items"]) == 2
    second = client.get(f"{API}/people", {"limit": 2, "offset": 2}).json()["items"]
    assert not {p["id"] for p in second} & {p["id"] for p in body["items"]}
    wang = next(p for p in client.get(f"{API}/people").json()["items"] if p["name"] == "王建国")
    assert wang["mobile"] == "138****1001"
    assert wang["party"]["branch"]["name"] == "生产一支部"


def test_people_detail_out_of_scope_is_404(client, login, company):
    login("shuji")
    chen = company.people["tech_worker"]
    response = client.get(f"{API}/people/{chen.pk}")
    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"
    assert client.get(f"{API}/people/999999").status_code == 404
    own = client.get(f"{API}/people/{company.people['zhigong'].pk}")
    assert own.status_code == 200 and own.json()["name"] == "张伟"


def test_admin_sees_unmasked_numbers_and_the_view_is_audited(client, login, company):
    from auditlog.models import LogEntry

    login("dangwei")
    chen = company.people["tech_worker"]
    body = client.get(f"{API}/people/{chen.pk}").json()
    assert body["mobile"] == "13800001005"
    assert LogEntry.objects.get_for_object(chen).filter(actor=company.users["dangwei"]).exists()


def test_people_filters_match_the_page(client, login, company):
    login("dangwei")
    members = client.get(f"{API}/people", {"political_status": "party_member"}).json()
    assert {p["name"] for p in members["items"]} == {"王建国", "刘芳", "陈静"}
    tech = client.get(f"{API}/people", {"department": company.units["tech"].pk}).json()
    assert [p["name"] for p in tech["items"]] == ["陈静"]
    searched = client.get(f"{API}/people", {"q": "zw"}).json()
    assert [p["name"] for p in searched["items"]] == ["张伟"]
    bad = client.get(f"{API}/people", {"political_status": "pirate"})
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "invalid_filter"
    assert client.get(f"{API}/people", {"limit": 0}).status_code == 422


def test_units_list_and_detail(client, login, company):
    login("shuji")
    body = client.get(f"{API}/units").json()
    names = {u["name"] for u in body["items"]}
    assert names == {"生产一支部", "生产部", "运行一班"}
    assert body["count"] == 3
    team = next(u for u in body["items"] if u["name"] == "运行一班")
    assert team["parent_id"] == company.units["prod"].pk
    assert client.get(f"{API}/units/{company.units['tech'].pk}").status_code == 404
    detail = client.get(f"{API}/units/{company.units['branch1'].pk}").json()
    assert detail["serves"]["name"] == "生产部" and detail["kind_label"] == "党支部"
    branches = client.get(f"{API}/units", {"kind": "branch"}).json()
    assert [u["name"] for u in branches["items"]] == ["生产一支部"]


def test_list_endpoints_take_a_constant_number_of_queries(
    client, login, company, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login("dangwei")

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path, {"limit": 100}).status_code == 200
        return len(ctx.captured_queries)

    small = count(f"{API}/people"), count(f"{API}/units")
    for i in range(30):
        Person.objects.create(
            employee_no=f"3{i:04d}", name=f"员工{i}", gender="M", department=company.units["prod"]
        )
    assert (count(f"{API}/people"), count(f"{API}/units")) == small
    with django_assert_max_num_queries(13):
        assert len(client.get(f"{API}/people", {"limit": 100}).json()["items"]) == 36
    with django_assert_max_num_queries(13):
        client.get(f"{API}/units", {"limit": 100})


@pytest.mark.parametrize("how", ["none", "garbage", "revoked"])
def test_bad_or_missing_credentials_get_401(client, company, how):
    headers = {}
    if how == "garbage":
        headers = {"HTTP_AUTHORIZATION": "Bearer tx_not-a-token"}
    elif how == "revoked":
        headers = bearer(company, "dangwei")
        ApiToken.objects.update(revoked_at="2024-01-01T00:00:00Z")
    response = client.get(f"{API}/people", **headers)
    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "unauthorized"


def test_token_auth_obeys_the_same_scope(client, company):
    headers = bearer(company, "shuji")
    chen = company.people["tech_worker"]
    assert client.get(f"{API}/people/{chen.pk}", **headers).status_code == 404
    assert client.get(f"{API}/people", **headers).status_code == 200


def _upsert(client, company, rows, user="dangwei"):
    return client.post(
        f"{API}/people/bulk-upsert",
        data=json.dumps(rows),
        content_type="application/json",
        **bearer(company, user),
    )


def test_bulk_upsert_creates_and_updates_by_employee_no(client, company):
    rows = [
        {
            "employee_no": "20001",
            "name": "孙红",
            "gender": "女",
            "department": "生产部",
            "team": "运行一班",
            "mobile": "13912345678",
            "political_status": "中共党员",
            "branch": "生产一支部",
            "joined_on": "2016-06-01",
        },
        {"employee_no": "10002", "position": "部门经理"},  # only what changes
    ]
    response = _upsert(client, company, rows)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "total": 2,
        "accounts_created": 1,  # 孙红 gets a login; 李明 has one (bumen)
        "accounts_disabled": 0,
        "accounts_enabled": 0,
        "account_conflicts": [],
    }
    sun = Person.objects.get(employee_no="20001")
    assert sun.team == company.units["team1"] and sun.party_membership.joined_on
    li = Person.objects.get(employee_no="10002")
    assert li.position == "部门经理" and li.mobile == "13800001002"  # untouched fields kept
    again = _upsert(client, company, rows)
    assert again.json()["unchanged"] == 2 and again.json()["accounts_created"] == 0


def test_bulk_upsert_with_a_bad_row_writes_nothing_and_says_why(client, company):
    before = Person.objects.count()
    rows = [
        {"employee_no": "20001", "name": "孙红", "gender": "女", "department": "生产部"},
        {"employee_no": "20002", "name": "周强", "gender": "男", "department": "采购部"},
        {"employee_no": "20003", "name": "钱多", "gender": "男", "department": "生产部",
         "mobile": "123", "birth_date": "1990-02-30"},
        {"employee_no": "20001", "name": "重复", "gender": "男", "department": "生产部"},
    ]  # fmt: skip
    response = _upsert(client, company, rows)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["code"] == "roster_invalid"
    messages = [e["message"] for e in detail["errors"]]
    assert "第 2 条:部门“采购部”不存在或不在您的管辖范围" in messages
    assert any(m.startswith("第 3 条:手机“123”") for m in messages)
    assert any("出生日期“1990-02-30”不是有效日期" in m for m in messages)
    assert "第 4 条:工号“20001”与第 1 条重复" in messages
    assert {e["index"] for e in detail["errors"]} == {2, 3, 4}
    assert Person.objects.count() == before


def test_bulk_upsert_is_for_roster_roles_only(client, company):
    response = _upsert(client, company, [{"employee_no": "10003", "position": "x"}], "bumen")
    assert response.status_code == 403
    assert Person.objects.get(employee_no="10003").position == ""


def test_bulk_upsert_is_for_the_org_admins_its_description_names(client, company):
    """A branch secretary keeps their roster through the Excel import; the HR door would tell
    them whether a 工号 exists outside their scope (issue 10 §3)."""
    inside = _upsert(client, company, [{"employee_no": "10003", "position": "值班员"}], "shuji")
    assert inside.status_code == 403
    assert Person.objects.get(employee_no="10003").position == ""
    outside = _upsert(client, company, [{"employee_no": "10005", "position": "x"}], "shuji")
    unknown = _upsert(client, company, [{"employee_no": "77777", "position": "x"}], "shuji")
    assert outside.status_code == unknown.status_code == 403
    assert outside.json() == unknown.json()  # nothing tells the two apart
    assert "管辖范围" not in outside.content.decode()
    assert Person.objects.get(employee_no="10005").position == ""


def test_org_admin_upsert_within_scope_only(client, company):
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment, User

    prod_admin = User.objects.create_user(username="prod_admin", password="x")
    RoleAssignment.objects.create(
        user=prod_admin, role=Role.PARTY_ADMIN, unit=company.units["prod"]
    )
    company.users["prod_admin"] = prod_admin
    ok = _upsert(client, company, [{"employee_no": "10003", "position": "值班员"}], "prod_admin")
    assert ok.status_code == 200, ok.content
    assert Person.objects.get(employee_no="10003").position == "值班员"
    outside = _upsert(client, company, [{"employee_no": "10005", "position": "x"}], "prod_admin")
    assert outside.status_code == 422  # 陈静 of 技术部 is outside 生产部
    assert Person.objects.get(employee_no="10005").position == ""


def test_bulk_upsert_refuses_malformed_bodies(client, company):
    assert _upsert(client, company, []).status_code == 422
    response = _upsert(client, company, [{"name": "没有工号"}])
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "invalid"
    raw = client.post(
        f"{API}/people/bulk-upsert",
        data="{not json",
        content_type="application/json",
        **bearer(company, "dangwei"),
    )
    assert raw.status_code in (400, 422)


def test_session_writes_need_csrf(company):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(company.users["dangwei"])
    response = csrf_client.post(
        f"{API}/people/bulk-upsert", data="[]", content_type="application/json"
    )
    assert response.status_code in (401, 403)


def test_openapi_lists_the_endpoints_with_chinese_summaries(client):
    schema = client.get("/api/v1/openapi.json").json()
    summaries = {
        path: op["summary"]
        for path, ops in schema["paths"].items()
        for op in ops.values()
        if path.startswith(API)
    }
    assert summaries == {
        f"{API}/units": "组织列表",
        f"{API}/units/{{unit_id}}": "组织详情",
        f"{API}/people": "人员列表",
        f"{API}/people/{{person_id}}": "人员详情",
        f"{API}/people/bulk-upsert": "按工号批量新增或更新人员",
    }
