"""党费 pages: who sees what (scope), refusals that keep what was typed, the import, query
counts that stay the same as rows grow."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.dues.models import DuesBase, DuesImport, DuesPayment
from apps.orgs.models import PartyMembership, Person

from .factories import base, pay

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _queries(client, url) -> int:
    cache.clear()  # the committee ledger is cached: count the queries that compute it
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _members(company, n, start=0):
    branch = company.units["branch1"]
    for i in range(start, start + n):
        p = Person.objects.create(
            employee_no=f"3{i:04d}",
            name=f"党员{i}",
            gender="M",
            department=company.units["prod"],
            political_status="party_member",
        )
        PartyMembership.objects.create(person=p, branch=branch)
        company.people[f"m{i}"] = p
        base(company, key=f"m{i}", income=str(4000 + i))
        pay(company, key=f"m{i}", month=1)


def test_anonymous_is_sent_to_log_in(client):
    for url in ("/dues/", "/dues/mine/", "/dues/arrears/"):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_a_secretary_of_one_branch_lands_on_it(client, login, company):
    login("shuji")
    r = client.get("/dues/")
    assert r.status_code == 302
    assert r["Location"] == f"/dues/branches/{company.units['branch1'].pk}/?year={YEAR}"


def test_another_branch_is_not_found_and_an_employee_sees_only_their_own(client, login, company):
    login("tech_shuji")
    assert client.get(f"/dues/branches/{company.units['branch1'].pk}/").status_code == 404
    assert client.get(f"/dues/branches/{company.units['branch1'].pk}/notice/").status_code == 404
    assert client.get(f"/dues/branches/{company.units['branch2'].pk}/").status_code == 200
    login("zhigong")
    assert client.get("/dues/").status_code == 302
    assert client.get(f"/dues/branches/{company.units['branch1'].pk}/").status_code == 404
    assert client.get("/dues/pay/").status_code == 403
    login("bumen")  # a department head is no party cadre
    assert client.get(f"/dues/branches/{company.units['branch1'].pk}/").status_code == 404


def test_the_scope_of_each_record(company):
    from apps.dues.models import DuesPayment

    base(company)
    p = pay(company, month=1)
    sees = {
        u: DuesPayment.objects.visible_to(company.users[u]).filter(pk=p.pk).exists()
        for u in ("shuji", "dangwei", "admin", "tech_shuji", "bumen", "zhigong", "norole")
    }
    assert sees == {
        "shuji": True,
        "dangwei": True,
        "admin": True,
        "tech_shuji": False,
        "bumen": False,
        "zhigong": False,
        "norole": False,
    }


def test_the_committee_ledger_and_the_branch_ledger(client, login, company):
    base(company)
    pay(company, month=1)
    login("dangwei")
    r = client.get("/dues/")
    assert r.status_code == 200
    row = next(x for x in r.context["rows"] if x["branch"] == company.units["branch1"])
    assert row["paid"] == Decimal("90.00") and row["members"] == 1
    r = client.get(f"/dues/branches/{company.units['branch1'].pk}/?year={YEAR}")
    assert r.status_code == 200 and r.context["paid"] == Decimal("90.00")
    assert "王建国" in r.content.decode()


def test_the_notice_prints_each_member_without_the_income(client, login, company):
    base(company, income="6543.21")
    pay(company, month=1)
    login("shuji")
    r = client.get(f"/dues/branches/{company.units['branch1'].pk}/notice/?year={YEAR}")
    body = r.content.decode()
    assert r.status_code == 200 and "党费收缴情况公示" in body and "王建国" in body
    assert "6,543.21" not in body and "6543.21" not in body


def test_a_refused_payment_keeps_what_was_typed(client, login, company):
    base(company)
    pay(company, month=3)
    login("shuji")
    data = {
        "branch": company.units["branch1"].pk,
        "person": "10001",
        "year": YEAR,
        "month": 3,
        "method": "cash",
        "amount": "",
        "note": "补交三月",
    }
    r = client.post("/dues/pay/", data)
    assert r.status_code == 400
    body = r.content.decode()
    assert "3 月的党费已交纳" in body and "补交三月" in body
    assert DuesPayment.objects.count() == 1
    data["month"] = 4
    r = client.post("/dues/pay/", data)
    assert r.status_code == 302
    assert DuesPayment.objects.filter(month=4).exists()


def test_a_base_typed_wrong_is_refused_on_its_field(client, login, company):
    login("shuji")
    data = {"person": "10001", "year": YEAR, "kind": "salary", "income": "-5"}
    r = client.post("/dues/bases/new/", data)
    assert r.status_code == 400
    assert "月收入基数须是不小于 0 的数字" in r.content.decode()
    assert 'value="-5"' in r.content.decode()
    assert not DuesBase.objects.exists()


def _xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "月收入基数", "类别"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("工资表.xlsx", buffer.getvalue())


def test_a_payroll_with_errors_is_previewed_and_writes_nothing(client, login, company):
    login("dangwei")
    upload = _xlsx(
        [
            ["10001", "王建国", 6000, "在职"],
            ["10005", "陈静", -3, ""],
            ["99999", "无此人", 5000, ""],
            ["10003", "张伟", 5000, ""],
        ]
    )
    r = client.post("/dues/import/", {"year": YEAR, "file": upload})
    assert r.status_code == 302
    job = DuesImport.objects.get()
    assert [e["row"] for e in job.errors] == [3, 4, 5]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "第 4 行" in page and "没有工号为“99999”的职工" in page
    r = client.post(f"/dues/import/{job.pk}/confirm/")
    assert not DuesBase.objects.exists()


def test_a_clean_payroll_is_written_whole(
    client, login, company, django_capture_on_commit_callbacks
):
    login("dangwei")
    upload = _xlsx([["10001", "王建国", 6000, ""], ["10005", "陈静", "4800.5", "离退休"]])
    client.post("/dues/import/", {"year": YEAR, "file": upload})
    job = DuesImport.objects.get()
    assert not job.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dues/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and job.written == 2
    dues = dict(DuesBase.objects.values_list("person__employee_no", "monthly_due"))
    assert dues == {"10001": Decimal("90.00"), "10005": Decimal("24.00")}


def test_a_payroll_over_existing_bases_rewrites_them_in_place(
    client, login, company, django_capture_on_commit_callbacks
):
    old = base(company, income="2000")  # 王建国: 10.00 a month, entered
    pay(company, month=1, amount="10.00")
    login("dangwei")
    upload = _xlsx([["10001", "王建国", 12000, ""], ["10005", "陈静", "4800.5", "离退休"]])
    client.post("/dues/import/", {"year": YEAR, "file": upload})
    job = DuesImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dues/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and job.written == 2
    rewritten = DuesBase.objects.get(pk=old.pk)  # the same row: its payments keep their base
    assert (rewritten.income, rewritten.monthly_due, rewritten.source) == (
        Decimal("12000.00"),
        Decimal("240.00"),
        "imported",
    )
    assert rewritten.updated_at > old.updated_at and rewritten.paid_mask == 1
    assert DuesBase.objects.count() == 2


def test_a_file_that_is_no_workbook_is_refused(client, login, company):
    login("shuji")
    r = client.post(
        "/dues/import/", {"year": YEAR, "file": SimpleUploadedFile("a.xlsx", b"not a zip")}
    )
    assert r.status_code == 400
    assert not DuesImport.objects.exists()


def test_my_dues(client, login, company):
    base(company, key="tech_worker", actor="dangwei")
    pay(company, key="tech_worker", actor="dangwei", branch="branch2", month=1)
    client.force_login(company.users["norole"])
    assert "还没有您的党费记录" in client.get("/dues/mine/").content.decode()
    login("shuji")
    r = client.get("/dues/mine/")
    assert r.status_code == 200 and r.context["base"] is None


def test_pages_answer(client, login, company):
    base(company)
    pay(company, month=1)
    login("dangwei")
    for url in (
        "/dues/arrears/",
        "/dues/arrears/?lapsed=1",
        "/dues/reliefs/",
        "/dues/remittances/",
        "/dues/remittances/new/",
        "/dues/import/",
        "/dues/rates/",
        "/dues/settings/",
        "/dues/pay/",
        "/dues/reliefs/new/",
        "/dues/bases/new/",
        "/dues/mine/",
        "/dues/?year=abc",
        "/dues/?year=99999999999999999999",
    ):
        assert client.get(url).status_code == 200, url


def test_the_ledgers_and_arrears_keep_their_query_count(client, login, company):
    _members(company, 2)
    login("dangwei")
    branch = company.units["branch1"].pk
    urls = [
        "/dues/",
        f"/dues/branches/{branch}/",
        "/dues/arrears/",
        "/dues/remittances/",
        "/dues/reliefs/",
    ]
    few = [_queries(client, u) for u in urls]
    _members(company, 20, start=2)
    assert [_queries(client, u) for u in urls] == few


def test_the_branch_ledger_has_a_bounded_query_count(
    client, login, company, django_assert_max_num_queries
):
    _members(company, 10)
    login("shuji")
    with django_assert_max_num_queries(16):
        assert client.get(f"/dues/branches/{company.units['branch1'].pk}/").status_code == 200


def test_a_payment_drops_the_cached_committee_ledger(
    client, login, company, django_capture_on_commit_callbacks
):
    base(company)
    login("dangwei")
    assert client.get("/dues/").context["total"]["paid"] == Decimal("0.00")
    with django_capture_on_commit_callbacks(execute=True):
        pay(company, month=1)
    assert client.get("/dues/").context["total"]["paid"] == Decimal("90.00")
