"""Scope: the proposer, co-proposers, implementation owner, reviewer unit and company admins see a
suggestion; everyone else gets 404 on the page and the API."""

import pytest
from django.urls import reverse

from apps.core.scopekit import Post, ScopeCase, scope_contract
from apps.suggestions import selectors

from .factories import advance, submit

pytestmark = pytest.mark.django_db


def _visible(company, name):
    return set(selectors.suggestion_list(user=company.users[name]).values_list("pk", flat=True))


@pytest.fixture
def proposed(company):
    """张伟 (生产部/运行一班) proposes to 技术部, with 赵磊 (安全部) as co-proposer."""
    return submit(company, target="tech", co_proposers=[company.people["safety_worker"]])


@pytest.fixture
def about_safety(company):
    """赵磊 of 安全部 about 安全部."""
    return submit(company, by="norole", target="safety")


def _detail(s):
    return reverse("suggestions:detail", args=[s.pk])


# zhigong: proposer; norole: co-proposer (no role at all); bumen: head of the proposer's
# department; tech_shuji: branch built on 技术部 (target unit); shuji: branch built on 生产部
# (proposer's unit).
test_proposed_scope = scope_contract(
    ScopeCase(
        record="proposed",
        visible=lambda user: selectors.suggestion_list(user=user),
        sees=["zhigong", "norole", "dangwei", "admin", "bumen", "tech_shuji", "shuji"],
        blind=[],
        detail=_detail,
        api_detail="/api/v1/suggestions/{r.pk}",
    )
)

test_about_safety_scope = scope_contract(
    ScopeCase(
        record="about_safety",
        visible=lambda user: selectors.suggestion_list(user=user),
        sees=["dangwei"],
        blind=["zhigong", "bumen", "shuji", "tech_shuji"],
        detail=_detail,
        api_detail="/api/v1/suggestions/{r.pk}",
        blind_posts=[Post("/api/v1/suggestions/{r.pk}/decide", {"decision": "adopt"}, json=True)],
    )
)


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
