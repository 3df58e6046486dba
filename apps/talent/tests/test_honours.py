"""评先评优: an honour is awarded on a record of the platform the cadre picks from the candidates
(量化考核 results graded 优秀, 民主评议党员 graded 优秀, contest prizes), keeps it as evidence
and links to it; anything else is refused with nothing stored."""

from datetime import date

import pytest
from django.urls import reverse

from apps.core.errors import DomainError

from .. import selectors, services
from ..choices import HonourKind
from ..models import Honour
from . import factories as f

pytestmark = pytest.mark.django_db


def _code(exc) -> str:
    return exc.value.code


def _keys(user, kind, year=2025):
    return [c.key for c in selectors.honour_candidates(user=user, kind=kind, year=year)]


def test_candidates_come_from_the_top_grades_of_locked_assessments_and_from_prizes(company):
    admin = company.users["admin"]
    branch = f.excellent_card(company, "branch1")
    dept = f.excellent_card(company, "prod")
    f.excellent_card(company, "tech", grade="good")  # not the top grade
    f.excellent_card(company, "safety", vetoed=True)  # 一票否决
    f.excellent_card(company, "branch2", year=2024)  # another year
    assert _keys(admin, HonourKind.BRANCH) == [f"scorecard:{branch.pk}"]
    assert _keys(admin, HonourKind.COLLECTIVE) == [f"scorecard:{dept.pk}"]
    member = f.excellent_member(company, company.people["zhigong"])
    f.excellent_member(company, company.people["bumen"], branch="branch2", closed=False)
    assert _keys(admin, HonourKind.MEMBER) == [f"appraisal:{member.pk}"]
    c = f.contest(company, year=2025)
    won = f.entrant(company, c, company.people["zhigong"])
    merit = f.entrant(company, c, company.people["bumen"])
    services.result_record(actor=admin, entrant=won, rank=2, grade="second")
    services.result_record(actor=admin, entrant=merit, rank=9, grade="merit")
    experts = selectors.honour_candidates(user=admin, kind=HonourKind.EXPERT, year=2025)
    assert [c.key for c in experts] == [f"entrant:{won.pk}"]
    assert "二等奖" in experts[0].evidence and experts[0].person == won.person
    # A unit with a 扣分 in another period of the year is not eligible (the kpi list's rule).
    from apps.kpi.models import Adjustment, Period

    other = Period.objects.create(
        scheme=dept.period.scheme, start=date(2025, 1, 1), end=date(2025, 6, 30), status="locked"
    )
    Adjustment.objects.create(period=other, unit=dept.unit, kind="deduct", points=-2, reason="违规")
    assert _keys(admin, HonourKind.COLLECTIVE) == []
    # Another unit's cadre sees none of 生产部's records.
    assert _keys(company.users["tech_shuji"], HonourKind.COLLECTIVE) == []


def test_an_honour_keeps_its_source_and_links_to_it_once_per_record(company):
    admin = company.users["admin"]
    member = f.excellent_member(company, company.people["zhigong"])
    h = services.honour_create(
        actor=admin,
        kind=HonourKind.MEMBER,
        year=2025,
        source=f"appraisal:{member.pk}",
        awarded_on=date(2026, 7, 1),
        note="党委〔2026〕12号",
    )
    assert (h.person, h.unit, h.appraisal_entry_id) == (
        company.people["zhigong"],
        company.units["branch1"],
        member.pk,
    )
    assert "民主评议党员评定为优秀" in h.evidence and "党委〔2026〕12号" in h.evidence
    assert h.source_url == reverse("appraisals:detail", args=[member.appraisal_id])
    with pytest.raises(DomainError) as exc:
        services.honour_create(
            actor=admin,
            kind=HonourKind.MEMBER,
            year=2025,
            source=f"appraisal:{member.pk}",
            awarded_on=date(2026, 7, 1),
        )
    assert _code(exc) == "honour_given" and exc.value.status == 409
    assert Honour.objects.count() == 1


@pytest.mark.parametrize(
    "source",
    ["", "scorecard:999999", "appraisal:1", "entrant:abc", "x", "scorecard:99999999999999999999"],
)
def test_a_source_outside_the_candidates_is_refused_and_nothing_stored(company, source):
    f.excellent_card(company, "branch1")
    with pytest.raises(DomainError) as exc:
        services.honour_create(
            actor=company.users["admin"],
            kind=HonourKind.BRANCH,
            year=2025,
            source=source,
            awarded_on=date(2026, 7, 1),
        )
    assert _code(exc) == "honour_source_unknown" and "候选名单" in exc.value.message
    assert not Honour.objects.exists()


def test_a_record_of_another_kind_or_year_is_not_a_candidate(company):
    card = f.excellent_card(company, "prod")
    for kind, year in ((HonourKind.BRANCH, 2025), (HonourKind.COLLECTIVE, 2024)):
        with pytest.raises(DomainError) as exc:
            services.honour_create(
                actor=company.users["admin"],
                kind=kind,
                year=year,
                source=f"scorecard:{card.pk}",
                awarded_on=date(2026, 7, 1),
            )
        assert _code(exc) == "honour_source_unknown"
    assert not Honour.objects.exists()


def test_the_form_lists_the_candidates_and_a_bad_pick_keeps_what_was_typed(client, company):
    card = f.excellent_card(company, "prod")
    client.force_login(company.users["admin"])
    url = reverse("talent:honour_new")
    page = client.get(url, {"kind": "collective", "year": "2025"})
    assert page.status_code == 200
    assert (
        f"scorecard:{card.pk}" in page.text and reverse("kpi:detail", args=[card.pk]) in page.text
    )
    empty = client.get(url, {"kind": "member", "year": "99999999999999999999"})
    assert empty.status_code == 200 and 'data-testid="no-candidates"' in empty.text
    data = {
        "kind": "collective",
        "year": "2025",
        "title": "安全生产先进集体",
        "awarded_on": "2026-01-20",
    }
    res = client.post(url, data)
    assert res.status_code == 400 and "候选名单" in res.text and "安全生产先进集体" in res.text
    assert not Honour.objects.exists()
    res = client.post(url, {**data, "source": f"scorecard:{card.pk}"})
    assert res.status_code == 302
    h = Honour.objects.get()
    assert (h.unit, h.scorecard_id, h.title) == (company.units["prod"], card.pk, "安全生产先进集体")
    listing = client.get(reverse("talent:honours"))
    assert reverse("kpi:detail", args=[card.pk]) in listing.text
    api = client.get("/api/v1/talent/honours").json()
    assert api["items"][0]["source_url"] == reverse("kpi:detail", args=[card.pk])


def test_the_api_lists_candidates_and_awards_from_them(client, company):
    member = f.excellent_member(company, company.people["zhigong"])
    client.force_login(company.users["admin"])
    api = "/api/v1/talent/honours"
    page = client.get(api + "/candidates", {"kind": "member", "year": 2025}).json()
    rows = page["items"]
    assert page["count"] == 1 and [r["key"] for r in rows] == [f"appraisal:{member.pk}"]
    assert rows[0]["person"]["id"] == member.person_id
    assert client.get(api + "/candidates", {"kind": "member", "year": 1999}).status_code == 422
    body = {"kind": "member", "year": 2025, "source": "appraisal:0", "awarded_on": "2026-07-01"}
    res = client.post(api, body, content_type="application/json")
    assert res.status_code == 400 and res.json()["detail"]["code"] == "honour_source_unknown"
    assert not Honour.objects.exists()
    res = client.post(
        api, {**body, "source": f"appraisal:{member.pk}"}, content_type="application/json"
    )
    assert res.status_code == 201
    assert res.json()["source_url"] == reverse("appraisals:detail", args=[member.appraisal_id])
    again = client.post(
        api, {**body, "source": f"appraisal:{member.pk}"}, content_type="application/json"
    )
    assert again.status_code == 409 and Honour.objects.count() == 1


def test_candidates_are_paged_and_searched_not_capped(client, company, monkeypatch):
    """Every candidate is reachable: the form pages them (50 a page; 2 here) and finds them
    by name, and one picked from a later page is honoured; the API pages them too."""
    monkeypatch.setattr(selectors, "CANDIDATES_PAGE", 2)
    cards = [f.excellent_card(company, key) for key in ("prod", "tech", "safety")]
    admin = company.users["admin"]
    client.force_login(admin)
    url = reverse("talent:honour_new")
    first = client.get(url, {"kind": "collective", "year": 2025})
    assert first.status_code == 200 and 'data-testid="candidate-pages"' in first.text
    assert first.text.count('name="source"') == 2
    second = client.get(url, {"kind": "collective", "year": 2025, "page": 2})
    assert second.text.count('name="source"') == 1
    last = next(c for c in cards if f'value="scorecard:{c.pk}"' in second.text)
    found = client.get(url, {"kind": "collective", "year": 2025, "q": last.unit.name})
    assert found.text.count('name="source"') == 1 and f"scorecard:{last.pk}" in found.text
    none = client.get(url, {"kind": "collective", "year": 2025, "q": "没有这个单位"})
    assert 'data-testid="no-candidates"' in none.text and "没有这个单位" in none.text
    # Picked on page 2 while page 1 is what the form shows: still honoured.
    res = client.post(
        url,
        {
            "kind": "collective",
            "year": 2025,
            "source": f"scorecard:{last.pk}",
            "awarded_on": "2026-07-01",
        },
    )
    assert res.status_code == 302
    assert Honour.objects.get().scorecard_id == last.pk
    api = client.get(
        "/api/v1/talent/honours/candidates",
        {"kind": "collective", "year": 2025, "limit": 2, "offset": 2},
    ).json()
    assert api["count"] == 3 and [r["key"] for r in api["items"]] == [f"scorecard:{last.pk}"]
    assert (
        selectors.honour_candidate(user=admin, kind="collective", year=2025, key="entrant:1")
        is None
    )
