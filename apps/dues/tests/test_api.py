"""党费 over the API: the same rules and scope as the pages."""

import pytest
from django.utils import timezone

from apps.dues.models import DuesBase, DuesPayment, DuesRelief

from .factories import base, pay

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_record_a_payment_and_refuse_the_same_month(client, login, company):
    base(company)
    login("shuji")
    body = {
        "branch_id": company.units["branch1"].pk,
        "person_id": company.people["shuji"].pk,
        "year": YEAR,
        "month": 2,
        "method": "transfer",
    }
    r = client.post("/api/v1/dues/payments", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["amount"] == "90.00"
    r = client.post("/api/v1/dues/payments", body, content_type="application/json")
    assert r.status_code == 409
    assert "已交纳" in r.json()["detail"]["message"]
    assert DuesPayment.objects.count() == 1


def test_a_member_of_another_branch_is_refused(client, login, company):
    base(company, key="tech_worker")
    login("dangwei")
    body = {
        "branch_id": company.units["branch1"].pk,
        "person_id": company.people["tech_worker"].pk,
        "year": YEAR,
        "month": 1,
        "method": "cash",
    }
    r = client.post("/api/v1/dues/payments", body, content_type="application/json")
    assert r.status_code == 400 and "不是“生产一支部”的党员" in r.json()["detail"]["message"]


@pytest.mark.parametrize("income", ["-1", "abc", "1e400"])
def test_a_bad_income_is_a_400(client, login, company, income):
    login("shuji")
    body = {"person_id": company.people["shuji"].pk, "year": YEAR, "income": income}
    r = client.post("/api/v1/dues/bases", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["field"] == "income"
    assert not DuesBase.objects.exists()


def test_the_branch_ledger_is_out_of_scope_for_another_secretary(client, login, company):
    login("tech_shuji")
    r = client.get(f"/api/v1/dues/branches/{company.units['branch1'].pk}/ledger")
    assert r.status_code == 404
    login("shuji")
    r = client.get(f"/api/v1/dues/branches/{company.units['branch1'].pk}/ledger")
    assert r.status_code == 200 and r.json()["rows"][0]["employee_no"] == "10001"


def test_lists_are_scoped_and_bounded(client, login, company, django_assert_max_num_queries):
    base(company)
    base(company, key="tech_worker")
    for m in (1, 2, 3):
        pay(company, month=m)
    login("tech_shuji")
    assert client.get("/api/v1/dues/payments").json()["count"] == 0
    login("dangwei")
    for url in (
        "/api/v1/dues/payments",
        "/api/v1/dues/arrears",
        "/api/v1/dues/remittances",
        "/api/v1/dues/ledger",
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/dues/payments").json()["count"] == 3
    assert client.get("/api/v1/dues/payments?month=13").status_code == 422
    assert client.get("/api/v1/dues/ledger?year=99999999999999999999").status_code == 422


def test_mine(client, login, company):
    base(company)
    pay(company, month=1)
    login("shuji")
    data = client.get("/api/v1/dues/mine").json()
    assert data["monthly_due"] == "90.00" and data["months"][0] == "paid"


# --- reductions and exemptions ---------------------------------------------------------------


def _relief_body(company, **kw):
    return {
        "person_id": company.people["shuji"].pk,
        "year": YEAR,
        "month_from": 3,
        "month_to": 5,
        "kind": "reduce",
        "amount": "10",
        "reason": "家庭困难",
        **kw,
    }


def test_a_relief_is_asked_then_approved_and_the_year_follows(client, login, company):
    base(company)  # 90.00 a month
    login("shuji")
    r = client.post("/api/v1/dues/reliefs", _relief_body(company), content_type="application/json")
    assert r.status_code == 201, r.content
    relief = r.json()
    assert relief["status"] == "pending" and relief["monthly_due"] == "90.00"
    assert [h["what"] for h in relief["history"]] == ["支部申请少交"]
    # The secretary may not approve: the committee does (2008 规定 第七条).
    url = f"/api/v1/dues/reliefs/{relief['id']}"
    r = client.post(url + "/approve", {}, content_type="application/json")
    assert r.status_code == 403
    assert DuesRelief.objects.get().status == "pending"
    login("dangwei")
    r = client.post(url + "/approve", {"note": "同意"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert len(r.json()["history"]) == 2 and r.json()["decided_by"]
    r = client.post(url + "/refuse", {"note": "再议"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["detail"]["code"] == "bad_transition"
    mine = client.get("/api/v1/dues/mine")  # dangwei has no base: shuji's own view
    assert mine.status_code == 200
    login("shuji")
    assert client.get("/api/v1/dues/mine").json()["due"] == "840.00"


def test_a_refusal_needs_a_note_and_keeps_the_year_whole(client, login, company):
    base(company)
    login("shuji")
    pk = client.post(
        "/api/v1/dues/reliefs", _relief_body(company), content_type="application/json"
    ).json()["id"]
    login("dangwei")
    url = f"/api/v1/dues/reliefs/{pk}/refuse"
    r = client.post(url, {}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["field"] == "note"
    assert "请填写审批意见" in r.json()["detail"]["message"]
    r = client.post(url, {"note": "条件不符"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    login("shuji")
    assert client.get("/api/v1/dues/mine").json()["due"] == "1080.00"


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"month_from": 6, "month_to": 2}, "month_to", 400),
        ({"amount": "90"}, "amount", 400),
        ({"amount": "abc"}, "amount", 400),
        ({"kind": "gift"}, "kind", 400),
        ({"reason": ""}, "reason", 400),
    ],
)
def test_a_bad_request_is_refused_on_its_field(client, login, company, change, field, status):
    base(company)
    login("shuji")
    r = client.post(
        "/api/v1/dues/reliefs", _relief_body(company, **change), content_type="application/json"
    )
    assert r.status_code == status and r.json()["detail"]["field"] == field
    assert not DuesRelief.objects.exists()


def test_an_overlap_is_a_409_and_months_out_of_range_a_422(client, login, company):
    base(company)
    login("shuji")
    body = _relief_body(company)
    assert (
        client.post("/api/v1/dues/reliefs", body, content_type="application/json").status_code
        == 201
    )
    r = client.post("/api/v1/dues/reliefs", body, content_type="application/json")
    assert r.status_code == 409 and "已有待审批或已批准" in r.json()["detail"]["message"]
    r = client.post(
        "/api/v1/dues/reliefs", _relief_body(company, month_to=13), content_type="application/json"
    )
    assert r.status_code == 422
    assert DuesRelief.objects.count() == 1


def test_reliefs_are_scoped_filtered_and_paged(
    client, login, company, django_assert_max_num_queries
):
    base(company)
    base(company, key="tech_worker")
    login("shuji")
    for months in ((1, 2), (3, 4), (5, 6)):
        body = _relief_body(company, month_from=months[0], month_to=months[1], kind="exempt")
        client.post("/api/v1/dues/reliefs", body, content_type="application/json")
    login("tech_shuji")
    other = client.post(
        "/api/v1/dues/reliefs",
        _relief_body(company, person_id=company.people["tech_worker"].pk),
        content_type="application/json",
    ).json()["id"]
    mine = DuesRelief.objects.filter(person=company.people["shuji"]).first().pk
    assert client.get("/api/v1/dues/reliefs").json()["count"] == 1
    assert client.get(f"/api/v1/dues/reliefs/{mine}").status_code == 404
    r = client.post(f"/api/v1/dues/reliefs/{mine}/approve", {}, content_type="application/json")
    assert r.status_code == 404
    login("dangwei")
    with django_assert_max_num_queries(12):  # the same for 2 rows or 50
        data = client.get("/api/v1/dues/reliefs?limit=2").json()
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/dues/reliefs").json()["items"]) == 4
    assert data["count"] == 4 and len(data["items"]) == 2
    assert client.get("/api/v1/dues/reliefs?kind=reduce").json()["count"] == 1
    assert client.get(f"/api/v1/dues/reliefs?year={YEAR}&status=pending").json()["count"] == 4
    branch2 = company.units["branch2"].pk
    assert client.get(f"/api/v1/dues/reliefs?branch={branch2}").json()["items"][0]["id"] == other
    assert client.get("/api/v1/dues/reliefs?year=1").status_code == 422
    assert client.get("/api/v1/dues/reliefs?limit=100000").status_code == 422
    assert client.get("/api/v1/dues/reliefs/999999").status_code == 404


def test_the_relief_endpoints_document_their_errors():
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    post = paths["/api/v1/dues/reliefs/{relief_id}/approve"]["post"]["responses"]
    assert {200, 400, 403, 404, 409} <= {int(k) for k in post}
    created = paths["/api/v1/dues/reliefs"]["post"]["responses"]
    assert {201, 400, 403, 409, 422} <= {int(k) for k in created}
    assert 404 in {int(k) for k in paths["/api/v1/dues/reliefs/{relief_id}"]["get"]["responses"]}
