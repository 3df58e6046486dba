"""达标率 against hand-computed values on a small fixture: four branches, two rounds, one
general branch and one branch directly under the 党委; each number links to its branches."""

from datetime import date
from decimal import Decimal

import pytest

from apps.orgs.choices import UnitKind
from apps.orgs.testing import add
from apps.standards import selectors
from apps.standards.choices import ReviewStatus, RoundStatus
from apps.standards.models import BranchReview, ReviewRound

from .factories import YEAR, make_checklist

S = ReviewStatus


@pytest.fixture
def fixture(company):
    u = company.units
    u["branch3"] = add(u["gb"], name="生产二支部", kind=UnitKind.BRANCH, code="P-B3")
    u["branch4"] = add(u["gb"], name="生产三支部", kind=UnitKind.BRANCH, code="P-B4")
    c = make_checklist()
    old = make_checklist(year=YEAR - 1)

    def rnd(checklist, month, status=RoundStatus.CLOSED):
        return ReviewRound.objects.create(
            checklist=checklist,
            title=f"{month}月",
            unit=u["party"],
            period_start=date(checklist.year, month, 1),
            period_end=date(checklist.year, month, 28),
            deadline=date(checklist.year, month, 28),
            status=status,
        )

    jan, feb, last_year = rnd(c, 1, RoundStatus.OPEN), rnd(c, 2), rnd(old, 12)
    plan = {
        jan: {"branch1": True, "branch2": False, "branch3": True, "branch4": None},
        feb: {"branch1": True, "branch2": True, "branch3": True, "branch4": False},
        last_year: {"branch1": True, "branch2": True, "branch3": True, "branch4": True},
    }
    for r, outcomes in plan.items():
        for key, passed in outcomes.items():
            BranchReview.objects.create(
                round=r,
                branch=u[key],
                status=S.SUBMITTED if passed is None else S.FINALIZED,
                passed=bool(passed),
                score=None if passed is None else Decimal("95" if passed else "80"),
            )
    return {"jan": jan, "feb": feb}


def test_rates_by_round_and_general_branch(company, fixture):
    data = selectors.figures(user=company.users["dangwei"], year=YEAR)
    jan, feb = data["trend"]
    assert (jan["passed"], jan["total"], jan["rate"]) == (2, 4, 50.0)
    assert (feb["passed"], feb["total"], feb["rate"]) == (3, 4, 75.0)
    assert not jan["complete"] and feb["complete"]  # one branch of January is not yet scored
    assert data["first"]["round_id"] == fixture["jan"].pk
    assert data["headline"]["round_id"] == fixture["feb"].pk
    groups = {g["name"]: g for g in data["groups"]}
    gb = groups["生产党总支"]
    assert [c["rate"] for c in gb["cells"]] == [66.7, 66.7]
    assert [(c["passed"], c["total"]) for c in gb["cells"]] == [(2, 3), (2, 3)]
    direct = groups["党委直属支部"]
    assert [c["rate"] for c in direct["cells"]] == [0.0, 100.0]
    assert [g["name"] for g in data["groups"]][-1] == "党委直属支部"


def test_each_number_links_to_its_branches(client, company, fixture, login):
    login("dangwei")
    data = selectors.figures(user=company.users["dangwei"], year=YEAR)
    jan = data["trend"][0]
    passed = client.get(jan["links"]["passed"]).content.decode()
    assert "生产一支部" in passed and "生产二支部" in passed
    assert "技术支部" not in passed and "生产三支部" not in passed
    failed = client.get(jan["links"]["failed"]).content.decode()
    assert "技术支部" in failed and "生产三支部" in failed and "生产一支部" not in failed
    gb_failed = next(g for g in data["groups"] if g["name"] == "生产党总支")["cells"][1]
    page = client.get(gb_failed["links"]["failed"]).content.decode()
    assert "生产三支部" in page and "技术支部" not in page


def test_a_general_branch_alone(company, fixture):
    data = selectors.figures(user=company.users["dangwei"], year=YEAR, unit=company.units["gb"])
    assert [t["rate"] for t in data["trend"]] == [66.7, 66.7]


def test_figures_follow_scope(company, fixture):
    data = selectors.figures(user=company.users["tech_shuji"], year=YEAR)
    assert [(t["passed"], t["total"]) for t in data["trend"]] == [(0, 1), (1, 1)]
    assert selectors.figures(user=company.users["zhigong"], year=YEAR)["trend"] == []


def test_last_year_is_its_own(company, fixture):
    data = selectors.figures(user=company.users["dangwei"], year=YEAR - 1)
    assert [t["rate"] for t in data["trend"]] == [100.0]


def test_page_and_api_show_the_figures(
    client, company, fixture, login, django_assert_max_num_queries
):
    login("dangwei")
    with django_assert_max_num_queries(25):
        r = client.get("/standards/")
    html = r.content.decode()
    assert r.status_code == 200 and 'data-figure="rate">75.0%' in html
    assert 'data-figure="first">50.0%' in html and "st-chart-trend" in html
    api = client.get(f"/api/v1/standards/figures?year={YEAR}").json()
    assert [t["rate"] for t in api["trend"]] == [50.0, 75.0]


def test_branch_page_shows_what_it_lacks(client, company, fixture, login):
    from apps.standards.models import ReviewItem

    review = BranchReview.objects.get(round=fixture["feb"], branch=company.units["branch4"])
    items = list(review.round.checklist.items.all())
    for item in items:
        short = item.title == "党员活动室标识统一"
        ReviewItem.objects.create(
            review=review,
            item=item,
            score=item.points - (20 if short else 0),
            reason="活动室未挂牌" if short else "",
        )
    login("dangwei")
    html = client.get(f"/standards/branches/{company.units['branch4'].pk}/").content.decode()
    assert "活动室未挂牌" in html and "30.0 / 50.0" in html
    data = client.get(f"/api/v1/standards/branches/{company.units['branch4'].pk}").json()
    assert [lack["title"] for lack in data["lacks"]] == ["党员活动室标识统一"]
    assert len(data["history"]) == 3  # two this year, one last year
