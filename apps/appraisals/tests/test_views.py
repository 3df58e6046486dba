from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.appraisals import services
from apps.appraisals.models import Appraisal, AppraisalVote, Committee

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_read_the_same_number_of_queries_for_more_rows(client, login, company):
    admin = login("dangwei")
    units = [company.units["branch1"], company.units["branch2"]]
    for b in units:
        services.appraisal_open(actor=admin, branch=b, year=2025)
        services.committee_register(actor=admin, unit=b, elected_on=date(2024, 1, 1))
    few = (_queries(client, "/appraisals/"), _queries(client, "/appraisals/committees/"))
    for year in range(2015, 2025):
        for b in units:
            services.appraisal_open(actor=admin, branch=b, year=year)
    for i in range(12):
        Committee.objects.create(
            unit=company.units["gb"],
            elected_on=date(2010 + i, 1, 1),
            term_years=3,
            ends_on=date(2013 + i, 1, 1),
            status="ended",
        )
    assert (_queries(client, "/appraisals/"), _queries(client, "/appraisals/committees/")) == few


def test_a_member_votes_on_the_page_once_and_the_secretary_sees_only_counts(client, login, company):
    a = services.appraisal_open(
        actor=company.users["dangwei"], branch=company.units["branch2"], year=2025
    )
    entry = a.entries.get(person=company.people["tech_worker"])
    login("dangwei")  # 刘芳 is a member of 技术支部
    r = client.get(a.get_absolute_url())
    assert 'data-testid="vote"' in r.content.decode()
    r = client.post(f"/appraisals/{a.pk}/vote/", {f"grade_{entry.pk}": "excellent"})
    assert r.status_code == 302 and AppraisalVote.objects.count() == 1
    r = client.post(f"/appraisals/{a.pk}/vote/", {f"grade_{entry.pk}": "basic"})
    assert r.status_code == 400 and "每人只能投一次" in r.content.decode()
    login("tech_shuji")
    page = client.get(a.get_absolute_url()).content.decode()
    assert 'data-testid="entries"' in page and "刘芳" in page


def test_a_decision_without_reasons_keeps_what_was_typed(client, login, company):
    a = services.appraisal_open(
        actor=company.users["dangwei"], branch=company.units["branch2"], year=2025
    )
    entry = a.entries.get(person=company.people["tech_worker"])
    login("tech_shuji")
    r = client.post(
        f"/appraisals/{a.pk}/entries/{entry.pk}/", {"grade": "unqualified", "reason": ""}
    )
    assert r.status_code == 400 and "须写明理由" in r.content.decode()
    assert 'value="unqualified" selected' in r.content.decode()


def test_another_scopes_appraisal_and_committee_are_404(client, login, company):
    admin = company.users["dangwei"]
    a = services.appraisal_open(actor=admin, branch=company.units["branch2"], year=2025)
    c = services.committee_register(
        actor=admin, unit=company.units["branch2"], elected_on=date(2024, 1, 1)
    )
    login("shuji")
    for url in (
        f"/appraisals/{a.pk}/",
        f"/appraisals/committees/{c.pk}/",
        f"/api/v1/appraisals/items/{a.pk}",
        f"/api/v1/appraisals/committees/{c.pk}",
    ):
        assert client.get(url).status_code == 404, url


def test_an_election_on_the_page_parses_the_candidates_and_keeps_a_bad_line(client, login, company):
    login("dangwei")
    unit = company.units["branch2"]
    data = {"unit": unit.pk, "held_on": timezone.localdate(), "electors": 10, "present": 9}
    r = client.post(
        "/appraisals/elections/new/", {**data, "candidates": "10005 书记\n10004 委员 6"}
    )
    assert (
        r.status_code == 400
        and "第 1 行" in r.content.decode()
        and "10004 委员 6" in r.content.decode()
    )
    r = client.post(
        "/appraisals/elections/new/", {**data, "candidates": "10005 书记 8\n10004 委员 6"}
    )
    assert r.status_code == 302
    assert Committee.objects.get(unit=unit).election.candidates.filter(elected=True).count() == 2


def test_the_api_opens_votes_and_records_an_election(client, login, company):
    login("dangwei")
    r = client.post(
        "/api/v1/appraisals/items",
        {"branch_id": company.units["branch2"].pk, "year": 2025},
        content_type="application/json",
    )
    assert r.status_code == 201
    body = r.json()
    r = client.post(
        f"/api/v1/appraisals/items/{body['id']}/votes",
        {"grades": {str(body["my_entry_id"]): "qualified"}},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["voted"] is True
    r = client.post(
        "/api/v1/appraisals/elections",
        {
            "unit_id": company.units["branch2"].pk,
            "held_on": str(timezone.localdate()),
            "electors": 10,
            "present": 8,
            "candidates": [
                {"person_id": company.people["tech_worker"].pk, "post": "secretary", "votes": 8}
            ],
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "quorum"
    assert Appraisal.objects.count() == 1 and not Committee.objects.exists()


def test_every_page_renders_for_the_admin(client, login, company):
    login("dangwei")
    unit = company.units["branch2"]
    client.post(
        "/appraisals/elections/new/",
        {
            "unit": unit.pk,
            "held_on": timezone.localdate(),
            "electors": 10,
            "present": 9,
            "candidates": "10005 书记 8",
        },
    )
    c = Committee.objects.get(unit=unit)
    a = services.appraisal_open(actor=company.users["dangwei"], branch=unit, year=2025)
    pages = {
        c.get_absolute_url(): "陈静",
        a.get_absolute_url(): "陈静",
        f"/appraisals/{a.pk}/self/": "自我评价",
        f"/appraisals/{a.pk}/vote/": "陈静",
        "/appraisals/new/": "技术支部",
        "/appraisals/committees/new/": "登记现任委员会",
        "/appraisals/settings/": "5",
        "/appraisals/committees/?state=overdue": "没有符合条件的委员会",
    }
    for url, text in pages.items():
        r = client.get(url)
        assert r.status_code == 200 and text in r.content.decode(), url
