"""Who sees a branch review, its evidence and its branch page: the branch, the general branch
above, the 党委; everyone else gets 404 on every page and endpoint."""

import pytest

from apps.core.scopekit import Post, ScopeCase, scope_contract
from apps.standards import services

from .factories import photo

SEES = ["shuji", "dangwei", "admin", "gb_shuji"]
BLIND = ["tech_shuji", "bumen", "zhigong", "norole"]


@pytest.fixture
def evidence(company, review1):
    ri = review1.items.get(item__needs_file=True)
    services.review_save_self(
        actor=company.users["shuji"],
        review=review1,
        entries={ri.pk: {"score": "50", "files": [photo()]}},
    )
    from apps.core.models import Attachment

    return Attachment.objects.get(owner_id=ri.pk)


def _evidence_url(review):
    from apps.core.models import Attachment

    item = review.items.get(item__needs_file=True)
    return f"/files/{Attachment.objects.get(owner_id=item.pk).token}/"


test_review_scope = scope_contract(
    ScopeCase(
        record="review1",
        fixtures=["evidence", "gb_shuji"],
        sees=SEES,
        blind=BLIND,
        detail="/standards/reviews/{r.pk}/",
        api_detail="/api/v1/standards/reviews/{r.pk}",
        urls=[
            "/standards/branches/{r.branch_id}/",
            "/api/v1/standards/branches/{r.branch_id}",
            _evidence_url,
        ],
        blind_urls=[
            "/standards/reviews/{r.pk}/selfcheck/",
            "/standards/reviews/{r.pk}/score/",
            "/standards/reviews/{r.pk}/return/",
        ],
        blind_posts=[
            Post("/standards/reviews/{r.pk}/submit/", json=True),
            Post("/standards/reviews/{r.pk}/refresh/", json=True),
            Post("/api/v1/standards/reviews/{r.pk}/submit", json=True),
            Post("/api/v1/standards/reviews/{r.pk}/finalize", json=True),
        ],
    )
)


def test_anonymous_is_sent_to_login(client, review1):
    for url in ("/standards/", "/standards/reviews/", f"/standards/reviews/{review1.pk}/"):
        assert client.get(url).status_code == 302
    assert client.get("/api/v1/standards/reviews").status_code == 401


@pytest.mark.parametrize(
    "url", ["/standards/", "/standards/reviews/", "/standards/rounds/", "/standards/checklist/"]
)
def test_employees_have_no_cadre_pages(client, company, rnd, url):
    client.force_login(company.users["zhigong"])
    assert client.get(url).status_code == 404
    client.force_login(company.users["norole"])
    assert client.get(url).status_code == 404


def test_lists_hold_only_the_scope(client, company, rnd):
    client.force_login(company.users["tech_shuji"])
    items = client.get("/api/v1/standards/reviews").json()["items"]
    assert [i["branch"]["name"] for i in items] == ["技术支部"]
    rounds = client.get("/api/v1/standards/rounds").json()["items"]
    assert [r["counts"]["total"] for r in rounds] == [1]
    html = client.get("/standards/reviews/").content.decode()
    assert "技术支部" in html and "生产一支部" not in html


def test_rounds_out_of_scope_are_404(client, company, rnd):
    client.force_login(company.users["bumen"])
    assert client.post(f"/standards/rounds/{rnd.pk}/close/").status_code == 404
    assert client.post(f"/api/v1/standards/rounds/{rnd.pk}/close").status_code == 404
