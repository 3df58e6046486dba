"""Scope: the proposer, co-proposers, implementation owner, reviewer unit and company admins see a
suggestion; everyone else gets 404 on the page and the API."""

import pytest
from django.urls import reverse

from apps.suggestions import selectors

from .factories import advance, submit

pytestmark = pytest.mark.django_db


def _visible(company, name):
    return set(selectors.suggestion_list(user=company.users[name]).values_list("pk", flat=True))


def test_who_sees_what(company):
    # 张伟 (生产部/运行一班) proposes to 技术部, with 赵磊 (安全部) as co-proposer
    s = submit(company, target="tech", co_proposers=[company.people["safety_worker"]])
    assert s.pk in _visible(company, "zhigong")  # proposer
    assert s.pk in _visible(company, "norole")  # co-proposer (no role at all)
    assert s.pk in _visible(company, "dangwei")  # company party admin
    assert s.pk in _visible(company, "admin")
    assert s.pk in _visible(company, "bumen")  # head of the proposer's department
    assert s.pk in _visible(company, "tech_shuji")  # branch built on 技术部 (target unit)
    assert s.pk in _visible(company, "shuji")  # branch built on 生产部 (proposer's unit)


def test_others_get_404(company, client, login):
    s = submit(company, by="norole", target="safety")  # 赵磊 of 安全部 about 安全部
    for name in ("zhigong", "bumen", "shuji", "tech_shuji"):
        assert s.pk not in _visible(company, name)
        login(name)
        assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404
        assert client.get(f"/api/v1/suggestions/{s.pk}").status_code == 404
        r = client.post(
            f"/api/v1/suggestions/{s.pk}/decide", {"decision": "adopt"}, "application/json"
        )
        assert r.status_code == 404
    login("dangwei")
    assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 200


def test_implementation_owner_sees_it(company):
    s = submit(company, by="norole", target="safety")
    assert s.pk not in _visible(company, "zhigong")
    from apps.suggestions import services

    from .factories import NOW, scores

    admin = company.users["dangwei"]
    services.suggestion_score(actor=admin, suggestion=s, scores=scores(), now=NOW)
    services.suggestion_decide(actor=admin, suggestion=s, decision="adopt", now=NOW)
    from datetime import timedelta

    services.suggestion_assign(
        actor=admin,
        suggestion=s,
        impl_unit=company.units["safety"],
        impl_person=company.people["zhigong"],
        due_at=NOW + timedelta(days=5),
        now=NOW,
    )
    assert s.pk in _visible(company, "zhigong")


def test_reviewer_unit_sees_suggestions_about_it(company):
    s = submit(company, by="norole", target="prod")
    assert s.pk in _visible(company, "bumen")
    s2 = advance(company, s, "under_review")
    assert s2.status == "under_review"


def test_my_suggestions_lists_own_and_co_proposed(company):
    own = submit(company)
    co = submit(company, by="norole", target="safety", co_proposers=[company.people["zhigong"]])
    other = submit(company, by="norole", target="safety")
    mine = set(selectors.my_suggestions(user=company.users["zhigong"]).values_list("pk", flat=True))
    assert mine == {own.pk, co.pk}
    assert other.pk not in mine
