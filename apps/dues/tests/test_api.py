"""党费 over the API: the same rules and scope as the pages."""

import pytest
from django.utils import timezone

from apps.dues.models import DuesBase, DuesPayment

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
