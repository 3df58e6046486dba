from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.care.models import Aid, HardshipFile
from apps.core.scopekit import ScopeCase, scope_contract

from .factories import hardship_appeal, open_file, visit

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def hardship_file(company, gonghui, tech_gonghui):
    return open_file(company)


@pytest.fixture
def given_aid(company, hardship_file):
    return visit(company, hardship_file)


test_file_scope = scope_contract(
    ScopeCase(
        record="hardship_file",
        sees=["gonghui", "dangwei"],
        blind=["tech_gonghui", "shuji", "bumen", "zhigong", "norole", "admin"],
        detail="/care/files/{r.pk}/",
        api_detail="/api/v1/care/files/{r.pk}",
        blind_urls=["/care/files/{r.pk}/aid/", "/care/files/{r.pk}/review/"],
    )
)

# The aid's own person reads it (我的帮扶); other cadres and other employees do not.
test_aid_scope = scope_contract(
    ScopeCase(
        record="given_aid",
        sees=["gonghui", "dangwei", "zhigong"],
        blind=["tech_gonghui", "shuji", "bumen", "norole", "admin"],
        detail="/care/aid/{r.pk}/",
    )
)


def test_the_pages_of_the_area_are_not_found_for_other_roles(client, login, company, gonghui):
    for who in ("shuji", "bumen", "admin", "zhigong"):
        login(who)
        for url in ("/care/aid/", "/care/figures/", "/care/campaigns/", "/care/files/new/"):
            assert client.get(url).status_code == 404, (who, url)
        assert client.get("/api/v1/care/files").status_code == 404
        r = client.get("/care/")
        assert r.status_code == 302 and r.url == "/care/mine/"


def test_a_cadre_opens_a_file_from_the_appeal_page_and_each_links_the_other(
    client, login, company, gonghui
):
    appeal = hardship_appeal(company)
    login("gonghui")
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert 'data-testid="care-open"' in page and f"/care/files/new/?appeal={appeal.pk}" in page
    r = client.get(f"/care/files/new/?appeal={appeal.pk}")
    assert "两个孩子同时上大学" in r.content.decode()  # the situation taken from the appeal
    data = {"category": "schooling", "level": "hard", "family_situation": "", "appeal": appeal.pk}
    r = client.post(f"/care/files/new/?appeal={appeal.pk}", data)
    assert r.status_code == 400 and "请填写家庭情况" in r.content.decode()
    assert not HardshipFile.objects.exists()
    data["family_situation"] = "两个孩子上大学,爱人无业"
    r = client.post(f"/care/files/new/?appeal={appeal.pk}", data)
    file = HardshipFile.objects.get()
    assert r.status_code == 302 and r.url == file.get_absolute_url()
    assert file.person == company.people["zhigong"] and file.appeal == appeal
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert 'data-testid="care-file"' in page and file.get_absolute_url() in page
    assert 'data-testid="care-open"' not in page
    detail = client.get(file.get_absolute_url()).content.decode()
    assert f"/appeals/{appeal.pk}/" in detail
    # The employee who appealed sees no file link on their own appeal.
    login("zhigong")
    assert "care-file" not in client.get(f"/appeals/{appeal.pk}/").content.decode()


def test_the_party_office_opens_a_file_from_a_talk_concern(client, login, company):
    from apps.talks.tests.factories import record

    talk = record(company, tags=["家庭困难"])
    concern = talk.concerns.get()
    login("dangwei")
    page = client.get(f"/talks/{talk.pk}/").content.decode()
    assert f"/care/files/new/?concern={concern.pk}" in page
    r = client.post(
        f"/care/files/new/?concern={concern.pk}",
        {"category": "illness", "level": "extreme", "family_situation": "老人住院"},
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    file = HardshipFile.objects.get()
    assert file.concern == concern
    assert file.person == company.people["zhigong"]
    page = client.get(f"/talks/{talk.pk}/").content.decode()
    assert file.get_absolute_url() in page
    assert f"/talks/{talk.pk}/" in client.get(file.get_absolute_url()).content.decode()


def test_recording_aid_on_the_page_refuses_over_the_approved_amount(
    client, login, company, hardship_file
):
    login("gonghui")
    url = f"/care/files/{hardship_file.pk}/aid/"
    data = {
        "kind": "visit",
        "form": "money",
        "amount": "1500",
        "approved_amount": "1000",
        "approval_no": "GH2026007",
        "note": "春节前入户慰问",
    }
    r = client.post(url, data)
    body = r.content.decode()
    assert r.status_code == 400 and "超过批准金额" in body and "春节前入户慰问" in body
    assert not Aid.objects.exists()
    r = client.post(url, {**data, "amount": "1000"})
    assert r.status_code == 302 and Aid.objects.get().amount == Decimal("1000.00")
    assert "1,000.00" in client.get(hardship_file.get_absolute_url()).content.decode()


def test_an_employee_sees_only_their_own_aid(client, login, company, gonghui):
    mine = visit(company, open_file(company, who="zhigong"))
    theirs = visit(company, open_file(company, who="bumen"), amount="600")
    login("zhigong")
    page = client.get("/care/mine/").content.decode()
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() not in page
    assert "800.00" in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
    api = client.get("/api/v1/care/mine").json()
    assert [a["id"] for a in api] == [mine.pk]
    login("norole")
    assert "还没有帮扶记录" in client.get("/care/mine/").content.decode()


def test_the_file_page_masks_the_id_number(client, login, company, hardship_file):
    login("gonghui")
    page = client.get(hardship_file.get_absolute_url()).content.decode()
    assert company.people["zhigong"].id_number not in page
    assert 'data-testid="id-number">1****************3' in page


def test_the_lists_read_the_same_number_of_queries_for_more_rows(client, login, company, gonghui):
    from apps.orgs.models import Person

    def files(n, start):
        for i in range(start, start + n):
            p = Person.objects.create(
                employee_no=f"2{i:04d}",
                name=f"职工{i}",
                gender="M",
                department=company.units["prod"],
            )
            company.people[f"p{i}"] = p
            f = open_file(company, who=f"p{i}")
            visit(company, f)

    login("gonghui")
    files(2, 0)
    urls = ["/care/", "/care/aid/", "/api/v1/care/files", "/api/v1/care/aid", "/care/figures/"]
    few = {u: _queries(client, u) for u in urls}
    files(20, 2)
    assert {u: _queries(client, u) for u in urls} == few
    login("zhigong")
    assert _queries(client, "/care/mine/") <= 12


def test_the_figures_total_the_year_by_unit_and_kind(client, login, company, hardship_file):
    visit(company, hardship_file, amount="800")
    visit(company, hardship_file, kind="medical", amount="2000", approved="3000")
    login("gonghui")
    r = client.get("/care/figures/")
    f = r.context["f"]
    assert f["n"] == 2 and f["yuan"] == Decimal("2800.00")
    assert f["units"][0]["unit__name"] == "生产部"
    assert {k["kind"]: k["yuan"] for k in f["kinds"] if k["n"]} == {
        "visit": Decimal("800.00"),
        "medical": Decimal("2000.00"),
    }
    assert 'id="care-chart-unit"' in r.content.decode()


def test_a_campaign_is_drawn_and_delivered_on_the_pages(client, login, company, hardship_file):
    login("gonghui")
    r = client.post(
        "/care/campaigns/new/",
        {
            "title": "2027年春节送温暖",
            "year": 2027,
            "unit": company.units["prod"].pk,
            "levels": ["hard"],
            "standard": "1000",
        },
    )
    assert r.status_code == 302
    entry = Aid.objects.get(status="planned")
    page = client.get(r.url).content.decode()
    assert f"/care/aid/{entry.pk}/deliver/" in page
    r = client.post(f"/care/aid/{entry.pk}/deliver/", {"amount": "1001"})
    assert r.status_code == 400 and "超过批准金额" in r.content.decode()
    r = client.post(f"/care/aid/{entry.pk}/deliver/", {"amount": "1000", "goods": "米面油"})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "delivered"


def test_the_api_opens_a_file_and_refuses_one_outside_scope(client, login, company, tech_gonghui):
    login("tech_gonghui")
    body = {
        "person_id": company.people["zhigong"].pk,
        "category": "illness",
        "level": "hard",
        "family_situation": "配偶住院",
    }
    r = client.post("/api/v1/care/files", body, content_type="application/json")
    assert r.status_code == 400 and "不在您的管理范围内" in r.json()["detail"]["message"]
    body["person_id"] = company.people["tech_worker"].pk
    r = client.post("/api/v1/care/files", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["person"]["name"] == "陈静"
    r = client.post(
        f"/api/v1/care/files/{r.json()['id']}/aid",
        {
            "kind": "visit",
            "form": "money",
            "amount": "1200",
            "approved_amount": "1000",
            "approval_no": "GH1",
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "care_over_approved"


def test_a_superuser_without_a_care_role_reads_no_hardship_file(client, company, hardship_file):
    """Nobody but the care roles reads a file, the system administrator included (issue 14 §4)."""
    admin = company.users["admin"]
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get(f"/care/files/{hardship_file.pk}/").status_code == 404
    assert client.get(f"/api/v1/care/files/{hardship_file.pk}").status_code == 404
    assert client.get("/api/v1/care/files").status_code == 404
    assert client.get("/care/aid/").status_code == 404
    r = client.get("/care/")
    assert r.status_code == 302 and r.url == "/care/mine/"
    assert not HardshipFile.objects.visible_to(admin).exists()
    assert not Aid.objects.visible_to(admin).exists()
