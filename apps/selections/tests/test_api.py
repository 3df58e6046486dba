"""The API: the list and detail through the same scope, apply / vote / score refusals as 4xx
with the Chinese message, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .. import services
from ..models import Applicant, Ballot
from .factories import make_selection, member, team


@pytest.fixture
def in_rounds(company):
    today = timezone.localdate()
    judges = team(company, 2)
    s = make_selection(
        company,
        judges=[p for p, _u in judges],
        apply_from=today - timedelta(days=1),
        apply_until=today + timedelta(days=3),
    )
    admin = company.users["dangwei"]
    services.selection_publish(actor=admin, selection=s)
    _p, u1 = member(company, "30001", "韩梅")
    services.selection_apply(actor=u1, selection=s, statement="陈述")
    services.selection_close_apply(actor=admin, selection=s)
    services.selection_start_rounds(actor=admin, selection=s)
    return s, judges


def test_list_and_detail(client, company, login, in_rounds):
    s, _judges = in_rounds
    login("dangwei")
    r = client.get("/api/v1/selections/items?status=rounds")
    assert r.status_code == 200 and r.json()["count"] == 1
    d = client.get(f"/api/v1/selections/items/{s.pk}").json()
    assert d["applicants"][0]["person"]["name"] == "韩梅" and d["vote"]["members"] >= 3
    login("tech_shuji")
    assert client.get(f"/api/v1/selections/items/{s.pk}").status_code == 404
    assert client.get("/api/v1/selections/items").json()["count"] == 0


def test_vote_and_score_refusals(client, company, login, in_rounds):
    s, judges = in_rounds
    a = Applicant.objects.get()
    client.force_login(judges[0][1])
    url = f"/api/v1/selections/items/{s.pk}/vote"
    r = client.post(url, {"grades": {str(a.pk): "excellent"}}, content_type="application/json")
    assert r.status_code == 200 and r.json()["vote"]["voted"]
    r = client.post(url, {"grades": {str(a.pk): "basic"}}, content_type="application/json")
    assert r.status_code == 409 and "每人只能投一次票" in r.json()["detail"]["message"]
    r = client.post(url, {"grades": {str(a.pk): "nonsense"}}, content_type="application/json")
    assert r.status_code == 400 and "请为每一位人选选择测评等次" in r.json()["detail"]["message"]
    score = f"/api/v1/selections/applicants/{a.pk}/score"
    r = client.post(score, {"score": 120}, content_type="application/json")
    assert r.status_code == 400 and "0 到 100" in r.json()["detail"]["message"]
    assert client.post(score, {"score": 90}, content_type="application/json").status_code == 200
    r = client.post(score, {"score": 91}, content_type="application/json")
    assert r.status_code == 409
    login("shuji")
    r = client.post(url, {"grades": {str(a.pk): "basic"}}, content_type="application/json")
    assert r.status_code in (403, 404)
    assert Ballot.objects.count() == 1


def test_apply_outside_the_window(client, company, login, in_rounds):
    s, _judges = in_rounds
    login("zhigong")
    r = client.post(
        f"/api/v1/selections/items/{s.pk}/apply",
        {"statement": "我也报名"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "不在报名时间内" in r.json()["detail"]["message"]
