from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from .. import services
from ..choices import BrandKind, HonourKind, PoolSource
from ..models import Award, RoundScore, TalentEntry
from . import factories as f

pytestmark = pytest.mark.django_db


def _entry(company, person, unit_level="技师"):
    return services.entry_create(
        actor=company.users["admin"],
        person=person,
        level=f.level(unit_level),
        source=PoolSource.CERTIFICATE,
        source_text="技师职业资格证书",
        valid_from=date(2026, 1, 1),
    )


def _lists():
    return [
        reverse("talent:home"),
        reverse("talent:mentorships"),
        reverse("talent:contests"),
        reverse("talent:brands"),
        reverse("talent:honours"),
        reverse("talent:priority"),
        reverse("talent:judging"),
    ]


def test_anonymous_is_sent_to_login(client, company):
    for url in _lists():
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_every_list_page_renders_empty_with_what_to_do_next(client, login):
    login("admin")
    for url in _lists():
        response = client.get(url)
        assert response.status_code == 200, url


def _fill(company, n=6):
    admin = company.users["admin"]
    people = [f.worker(company, f"4{i:04d}", f"职工{i}")[0] for i in range(n)]
    c = f.contest(company)
    for i, p in enumerate(people):
        _entry(company, p)
        f.entrant(company, c, p)
        services.mentorship_create(
            actor=admin,
            master=company.people["bumen"],
            apprentice=p,
            trade="电工",
            goal="取证",
            start_on=date(2026, 1, 1),
        )
        services.brand_create(
            actor=admin,
            kind=BrandKind.POST,
            name=f"先锋岗{i}",
            unit=company.units["prod"],
            start_on=date(2026, 1, 1),
            responsibility="安全",
            members=[p],
        )
        won = f.contest(company, title=f"竞赛{i}")
        e = f.entrant(company, won, p)
        services.result_record(actor=admin, entrant=e, rank=1, grade="first")
        services.honour_create(
            actor=admin,
            kind=HonourKind.EXPERT,
            year=2026,
            source=f"entrant:{e.pk}",
            awarded_on=date(2026, 5, 1),
        )
    return people, c


def test_list_pages_keep_their_query_count(client, login, company, django_assert_max_num_queries):
    _fill(company)
    login("admin")
    for url in _lists():
        with django_assert_max_num_queries(17):
            response = client.get(url)
        assert response.status_code == 200
    response = client.get(reverse("talent:home"))
    assert "职工5" in response.content.decode()


def test_contest_page_query_count_does_not_grow_with_entrants(
    client, login, company, django_assert_max_num_queries
):
    _people, c = _fill(company)
    login("admin")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("talent:contest", args=[c.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="award"') == 0


def test_other_units_records_are_404_and_own_are_shown(client, login, company):
    c = f.contest(company, unit="tech")
    p = company.people["tech_worker"]
    entry = _entry(company, p)
    login("bumen")  # head of 生产部
    assert client.get(reverse("talent:contest", args=[c.pk])).status_code == 404
    assert client.get(reverse("talent:entry", args=[entry.pk])).status_code == 404
    mine = f.contest(company)
    assert client.get(reverse("talent:contest", args=[mine.pk])).status_code == 200
    own = _entry(company, company.people["zhigong"])
    assert client.get(reverse("talent:entry", args=[own.pk])).status_code == 200
    assert (
        "技师职业资格证书"
        not in client.get(
            reverse("talent:home") + "?unit=" + str(company.units["tech"].pk)
        ).content.decode()
    )


def test_no_role_may_not_enter_or_create(client, login, company):
    login("norole")
    assert client.get(reverse("talent:entry_new")).status_code == 403
    assert client.get(reverse("talent:contest_new")).status_code == 403
    assert client.get(reverse("talent:priority")).status_code == 403


def test_award_over_cap_keeps_what_was_typed_and_stores_nothing(client, login, company):
    c = f.contest(company, cap="1000")
    e = f.entrant(company, c, company.people["zhigong"])
    login("admin")
    url = reverse("talent:entrant_award", args=[e.pk])
    response = client.post(url, {"amount": "1000.50", "reason": "电工一等奖"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "超过个人上限 1000.00 元" in body and "电工一等奖" in body
    assert not Award.objects.exists()
    response = client.post(url, {"amount": "1000", "reason": "电工一等奖"})
    assert response.status_code == 302
    award = Award.objects.get()
    response = client.post(reverse("talent:award_decide", args=[award.pk]), {"approve": "1"})
    assert response.status_code == 302
    page = client.get(reverse("talent:contest", args=[c.pk])).content.decode()
    assert 'data-testid="in-pool"' in page


def test_a_judge_scores_on_the_round_page_once(client, company):
    c = f.contest(company)
    judge, user = f.worker(company, "50001", "评委甲", account=True)
    r = f.practical(company, c, [judge])
    e = f.entrant(company, c, company.people["zhigong"])
    client.force_login(user)
    url = reverse("talent:round", args=[r.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("talent:judging")).status_code == 200
    response = client.post(url, {"entrant": e.pk, "score": "120"})
    assert response.status_code == 400 and "分数须在 0 到 100 之间" in response.content.decode()
    assert client.post(url, {"entrant": e.pk, "score": "88.5"}).status_code == 302
    response = client.post(url, {"entrant": e.pk, "score": "90"})
    assert response.status_code == 400 and "不能重复评分" in response.content.decode()
    assert list(RoundScore.objects.values_list("score", flat=True)) == [88.5]
    # A judge of another unit's contest sees it (named), a stranger does not.
    client.force_login(company.users["norole"])
    assert client.get(url).status_code == 404


def test_priority_export_marks_members_and_why(client, login, company):
    _entry(company, company.people["zhigong"])
    login("admin")
    url = reverse("talent:priority_export") + f"?purpose=pay&department={company.units['prod'].pk}"
    response = client.get(url)
    assert response.status_code == 200
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("高技能人才库", "人才等级", "优先考虑依据")
    marked = {r[1]: r[-3:] for r in rows[1:]}
    assert marked["张伟"] == ("是", "技师", "技师职业资格证书")
    assert marked["李明"][0] == "否"
    page = client.get(reverse("talent:priority") + "?purpose=title").content.decode()
    assert 'data-testid="pool-mark"' in page


@pytest.mark.parametrize("year", ["1999", "99999999999999999999", "abc", "-1"])
def test_year_out_of_bounds_is_a_filter_error_not_a_500(client, login, company, year):
    login("admin")
    for name in ("talent:contests", "talent:honours"):
        response = client.get(reverse(name) + f"?year={year}")
        assert response.status_code == 200
        assert "部分筛选条件无效" in response.content.decode()


def test_contest_form_refuses_bad_year_and_keeps_input(client, login, company):
    login("admin")
    response = client.post(
        reverse("talent:contest_new"),
        {
            "title": "焊工比武",
            "level": "company",
            "year": "1990",
            "unit": company.units["prod"].pk,
            "start_on": "2026-03-01",
            "end_on": "2026-03-02",
            "trades": "焊工",
            "pool_level": f.level().pk,
            "pool_years": "3",
            "award_cap": "10000",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "年度须在 2000 到" in body and "焊工比武" in body


def test_board_shows_honours_by_year_without_points(client, login, company):
    card = f.excellent_card(company, "prod")
    services.honour_create(
        actor=company.users["admin"],
        kind=HonourKind.COLLECTIVE,
        year=2025,
        source=f"scorecard:{card.pk}",
        note="安全生产无事故",
        awarded_on=date(2026, 1, 20),
    )
    login("bumen")
    response = client.get(reverse("talent:board_mine"))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "2025年度先进集体" in page and "量化考核" in page
    assert reverse("kpi:detail", args=[card.pk]) in page
    login("tech_shuji")
    assert client.get(reverse("talent:board", args=[company.units["prod"].pk])).status_code == 404


def test_entry_form_creates_and_pool_page_shows_chart(client, login, company):
    login("admin")
    response = client.post(
        reverse("talent:entry_new"),
        {
            "person": "10003",
            "level": f.level().pk,
            "source": "certificate",
            "source_text": "技师证书 2026-001",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert TalentEntry.objects.get().person == company.people["zhigong"]
    page = client.get(reverse("talent:home")).content.decode()
    assert 'id="talent-levels"' in page
