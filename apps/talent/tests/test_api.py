"""The API: the lists through the same scope, the refusals as 4xx with the Chinese message."""

from datetime import date

import pytest

from .. import services
from ..choices import PoolSource
from ..models import Award, RoundScore
from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/talent"


def test_lists_are_scoped_and_keep_their_query_count(
    client, login, company, django_assert_max_num_queries
):
    admin = company.users["admin"]
    for i in range(4):
        p, _ = f.worker(company, f"6{i:04d}", f"职工{i}", unit="tech" if i % 2 else "prod")
        services.entry_create(
            actor=admin,
            person=p,
            level=f.level(),
            source=PoolSource.CERTIFICATE,
            source_text="技师证书",
            valid_from=date(2026, 1, 1),
        )
        f.contest(company, title=f"竞赛{i}", unit="tech" if i % 2 else "prod")
    login("admin")
    for url in ("/entries", "/contests", "/mentorships", "/brands", "/honours"):
        with django_assert_max_num_queries(11):
            response = client.get(API + url)
        assert response.status_code == 200, url
    assert client.get(API + "/entries").json()["count"] == 4
    login("bumen")
    assert client.get(API + "/entries").json()["count"] == 2
    assert client.get(API + "/contests").json()["count"] == 2
    assert client.get(API + "/contests?year=1999").status_code == 422
    login("norole")
    assert client.get(API + "/entries").json()["count"] == 0


def test_award_over_cap_is_a_400_with_the_message_and_nothing_stored(client, login, company):
    c = f.contest(company, cap="500")
    e = f.entrant(company, c, company.people["zhigong"])
    login("admin")
    r = client.post(
        f"{API}/entrants/{e.pk}/awards",
        {"amount": "600", "reason": "一等奖"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert (
        r.json()["detail"]["code"] == "over_cap" and "超过个人上限" in r.json()["detail"]["message"]
    )
    assert not Award.objects.exists()
    r = client.post(
        f"{API}/entrants/{e.pk}/awards",
        {"amount": "500", "reason": "一等奖"},
        content_type="application/json",
    )
    assert r.status_code == 201
    award_id = r.json()["id"]
    r = client.post(
        f"{API}/awards/{award_id}/decide", {"approve": True}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    detail = client.get(f"{API}/contests/{c.pk}").json()
    assert detail["entrants_list"][0]["in_pool"] is True
    marks = client.get(f"{API}/marks?person={e.person_id}").json()
    assert marks[0]["level"] == "技师"


def test_judge_scores_through_the_api_once(client, company):
    c = f.contest(company)
    judge, user = f.worker(company, "70001", "评委乙", account=True)
    r = f.practical(company, c, [judge])
    e = f.entrant(company, c, company.people["zhigong"])
    client.force_login(user)
    url = f"{API}/rounds/{r.pk}/scores"
    bad = client.post(url, {"entrant_id": e.pk, "score": "101"}, content_type="application/json")
    assert bad.status_code == 400 and "分数须在" in bad.json()["detail"]["message"]
    ok = client.post(url, {"entrant_id": e.pk, "score": "77.5"}, content_type="application/json")
    assert ok.status_code == 201
    again = client.post(url, {"entrant_id": e.pk, "score": "80"}, content_type="application/json")
    assert again.status_code == 409
    assert RoundScore.objects.count() == 1
    client.force_login(company.users["norole"])
    assert (
        client.post(
            url, {"entrant_id": e.pk, "score": "1"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_contest_create_refuses_a_year_out_of_bounds(client, login, company):
    login("admin")
    body = {
        "title": "比武",
        "level": "company",
        "year": 1900,
        "unit_id": company.units["prod"].pk,
        "start_on": "2026-03-01",
        "end_on": "2026-03-02",
        "trades": ["电工"],
        "pool_level_id": f.level().pk,
    }
    r = client.post(f"{API}/contests", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "year"
    body["year"] = 2026
    r = client.post(f"{API}/contests", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["award_cap"] == "10000.00"
