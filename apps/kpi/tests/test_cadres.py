"""党支部书记抓党建述职评议: the assessors score the 述职 and enter the paper ballots; each member
of the branch votes once on the platform, anonymously; the combined score."""

from decimal import Decimal as D

import pytest

from apps.core.errors import DomainError
from apps.kpi import rules, selectors, services
from apps.kpi.models import CadreReview, CadreVote
from apps.orgs.models import PartyMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(company, period):
    # 张伟 (zhigong) joins 生产一支部, whose 书记 王建国 (shuji) reports.
    PartyMembership.objects.create(
        person=company.people["zhigong"], branch=company.units["branch1"]
    )
    return services.cadre_review_create(
        actor=company.users["dangwei"], period=period, person=company.people["shuji"]
    )


def test_the_marks_and_the_combination():
    counts = {"good": 6, "fairly_good": 2, "fair": 1, "poor": 1}  # (600 + 160 + 60) / 10
    assert rules.vote_score(counts) == D("82.00")
    assert rules.vote_score(dict.fromkeys(counts, 0)) is None
    assert rules.cadre_score(D(90), D(82), 70) == D("87.60")  # 63 + 24.6
    assert rules.cadre_score(None, D(82), 70) is None


def test_a_review_is_put_in_the_cadres_branch(company, review):
    assert review.unit == company.units["branch1"]
    with pytest.raises(DomainError) as e:
        services.cadre_review_create(
            actor=company.users["dangwei"], period=review.period, person=company.people["shuji"]
        )
    assert e.value.code == "review_exists"
    with pytest.raises(DomainError) as e:  # 李明 is no party member
        services.cadre_review_create(
            actor=company.users["dangwei"], period=review.period, person=company.people["bumen"]
        )
    assert e.value.code == "no_branch"


def test_one_vote_per_member_and_not_the_cadre(company, review):
    zhigong = company.users["zhigong"]
    services.cadre_vote(actor=zhigong, review=review, choice="good")
    with pytest.raises(DomainError) as e:
        services.cadre_vote(actor=zhigong, review=review, choice="poor")
    assert e.value.code == "voted"
    for name in ("shuji", "dangwei", "bumen"):  # the cadre himself, another branch, no member
        with pytest.raises(DomainError):
            services.cadre_vote(actor=company.users[name], review=review, choice="good")
    assert CadreVote.objects.count() == 1


def test_the_combined_score_counts_paper_and_cast_votes(company, review):
    services.cadre_vote(actor=company.users["zhigong"], review=review, choice="fair")
    services.cadre_report_save(
        actor=company.users["dangwei"],
        review=review,
        report_score=D(90),
        report_weight=60,
        paper_good=3,
    )
    (scored,) = selectors.scored(selectors.cadre_list(user=company.users["dangwei"]))
    assert scored.counts == {"good": 3, "fairly_good": 0, "fair": 1, "poor": 0}
    assert scored.vote_score == D("90.00")  # (300 + 60) / 4
    assert scored.score == D("90.00")
    with pytest.raises(DomainError) as e:
        services.cadre_report_save(
            actor=company.users["dangwei"], review=review, report_score=D(101), report_weight=60
        )
    assert e.value.code == "bad_score"


def test_pages_show_counts_never_voters(client, login, company, review):
    login("zhigong")
    page = client.get("/kpi/cadres/").content.decode()
    assert "王建国" in page and "参加评议" in page
    assert (
        client.post(f"/kpi/cadres/{review.pk}/vote/", {"choice": "fairly_good"}).status_code == 302
    )
    assert "已投票" in client.get("/kpi/cadres/").content.decode()
    again = client.post(f"/kpi/cadres/{review.pk}/vote/", {"choice": "poor"})
    assert again.status_code == 400 and "每人只能投一票" in again.content.decode()
    assert client.get(f"/kpi/cadres/{review.pk}/").status_code == 404  # scores are not theirs
    login("dangwei")
    detail = client.get(f"/kpi/cadres/{review.pk}/").content.decode()
    assert 'data-testid="report-form"' in detail and "张伟" not in detail
    response = client.post(
        f"/kpi/cadres/{review.pk}/",
        {
            "report_score": "85",
            "report_weight": "70",
            "paper_good": "1",
            "paper_fairly_good": "0",
            "paper_fair": "0",
            "paper_poor": "0",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.report_score == D(85)
    login("shuji")  # the cadre sees his own result
    assert client.get(f"/kpi/cadres/{review.pk}/").status_code == 200
    assert CadreReview.objects.visible_to(company.users["tech_shuji"]).count() == 0


def test_the_api(client, login, company, period):
    PartyMembership.objects.create(
        person=company.people["zhigong"], branch=company.units["branch1"]
    )
    login("dangwei")
    made = client.post(
        "/api/v1/kpi/cadres",
        {"period": period.pk, "person": company.people["shuji"].pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    rid = made.json()["id"]
    unknown = client.post(
        "/api/v1/kpi/cadres",
        {"period": period.pk, "person": 999999},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and unknown.json()["detail"]["code"] == "person_not_found"
    report = client.post(
        f"/api/v1/kpi/cadres/{rid}/report",
        {"report_score": "80", "report_weight": 50, "paper_poor": 1},
        content_type="application/json",
    ).json()
    assert report["votes"]["poor"] == 1 and report["score"] == "40.00"
    page = client.get(f"/api/v1/kpi/cadres?period={period.pk}").json()
    assert page["count"] == 1 and page["items"][0]["score"] == "40.00"
    assert client.get(f"/api/v1/kpi/cadres?period={period.pk + 9}").json()["count"] == 0
    login("zhigong")
    assert client.get("/api/v1/kpi/ballots").json() == [
        {
            "id": rid,
            "period": period.pk,
            "person": {"id": company.people["shuji"].pk, "name": "王建国"},
            "voted": False,
        }
    ]
    vote = f"/api/v1/kpi/ballots/{rid}/vote"
    assert client.post(vote, {"choice": "good"}, content_type="application/json").status_code == 204
    twice = client.post(vote, {"choice": "good"}, content_type="application/json")
    assert twice.status_code == 409
    assert client.get(f"/api/v1/kpi/cadres/{rid}").status_code == 404
    login("dangwei")
    detail = client.get(f"/api/v1/kpi/cadres/{rid}").json()
    assert detail["votes"] == {"good": 1, "fairly_good": 0, "fair": 0, "poor": 1}
    assert "voter" not in str(detail)


def test_the_list_page_queries_do_not_grow(
    client, login, company, review, django_assert_max_num_queries
):
    login("dangwei")
    with django_assert_max_num_queries(30) as few:
        client.get("/kpi/cadres/")
    for key in ("tech_worker", "dangwei"):
        services.cadre_review_create(
            actor=company.users["dangwei"], period=review.period, person=company.people[key]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/kpi/cadres/").content.decode()
    assert body.count('href="/kpi/cadres/') >= 3
