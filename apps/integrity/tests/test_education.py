"""廉政教育 coverage by unit and by key post, against hand counts; one click to who is missing
(issue 14 §2)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.integrity import selectors
from apps.integrity.models import KeyPost, PostCategory, PostHolding
from apps.learning.choices import Theme
from apps.learning.models import Course, StudyRecord
from apps.meetings.choices import AttendanceStatus
from apps.meetings.models import Attendance, Meeting, MeetingKind

pytestmark = pytest.mark.django_db


def _at(year, month=3):
    return timezone.make_aware(datetime(year, month, 10, 9))


def _post(company, name, unit, holders):
    post = KeyPost.objects.create(
        name=name, category=PostCategory.objects.get(name="采购"), unit=company.units[unit]
    )
    for key in holders:
        PostHolding.objects.create(post=post, person=company.people[key], since=_at(2020).date())
    return post


def _studied(company, key, theme, when):
    course = Course.objects.create(
        title=f"{theme}课程", theme=theme, hours=Decimal("1.0"), unit=company.units["company"]
    )
    StudyRecord.objects.create(
        person=company.people[key],
        course=course,
        unit=company.people[key].department,
        hours=Decimal("1.0"),
        completed_at=when,
    )


@pytest.fixture
def world(company):
    """Required (cadres 刘芳 王建国 李明 + holders 张伟 李明 陈静): 5 people.
    Covered this year: 张伟 (廉政 course), 王建国 (警示教育会 present), 刘芳 (absent, made up) = 3.
    Not covered: 李明 (a safety course only), 陈静 (the 廉政 course last year)."""
    year = timezone.localdate().year
    p = company.people
    buy = _post(company, "采购专责", "prod", ["zhigong", "bumen"])
    cash = _post(company, "出纳", "tech", ["tech_worker"])
    _studied(company, "zhigong", Theme.INTEGRITY, _at(year, 1))
    _studied(company, "bumen", Theme.SAFETY, _at(year, 1))
    _studied(company, "tech_worker", Theme.INTEGRITY, _at(year - 1, 12))
    kind = MeetingKind.objects.create(code="warning", name="警示教育会", integrity_education=True)
    other = MeetingKind.objects.create(code="plain", name="普通会议")
    start = timezone.now() - timedelta(days=1)
    if start.year != year:  # the first of January
        start = timezone.now()
    for k, statuses in (
        (kind, {"shuji": AttendanceStatus.PRESENT, "dangwei": AttendanceStatus.ABSENT}),
        (other, {"bumen": AttendanceStatus.PRESENT}),
    ):
        meeting = Meeting.objects.create(
            unit=company.units["branch1"],
            kind=k,
            topic="观看警示教育片",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            host=p["shuji"],
        )
        for key, status in statuses.items():
            Attendance.objects.create(
                meeting=meeting,
                person=p[key],
                status=status,
                makeup_status="done" if status == AttendanceStatus.ABSENT else "",
            )
    return {"year": year, "buy": buy, "cash": cash}


def test_coverage_matches_the_hand_counts(company, world):
    cov = selectors.education_coverage(user=company.users["dangwei"], year=world["year"])
    assert (cov["required"], cov["covered"], cov["rate"]) == (5, 3, 60)
    by_unit = {u["name"]: (u["required"], u["covered"], u["missing"]) for u in cov["units"]}
    assert by_unit == {"示范公司": (1, 1, 0), "生产部": (3, 2, 1), "技术部": (1, 0, 1)}
    by_post = {p["name"]: (p["required"], p["covered"], p["rate"]) for p in cov["posts"]}
    assert by_post == {"采购专责": (2, 1, 50), "出纳": (1, 0, 0)}
    missing = selectors.education_missing(cov, post_id=world["buy"].pk)
    assert [m.name for m in missing] == ["李明"]
    # last year only 陈静's course counts
    last = selectors.education_coverage(user=company.users["dangwei"], year=world["year"] - 1)
    assert (last["required"], last["covered"]) == (5, 1)


def test_one_click_from_the_figure_to_who_is_missing(client, company, world):
    client.force_login(company.users["dangwei"])
    r = client.get("/integrity/education/")
    assert r.status_code == 200
    html = r.content.decode()
    prod = company.units["prod"].pk
    assert f"?year={world['year']}&unit={prod}" in html
    assert f"?year={world['year']}&post={world['cash'].pk}" in html
    r = client.get(f"/integrity/education/?year={world['year']}&unit={prod}")
    assert [p.name for p in r.context["missing"]] == ["李明"]
    r = client.get(f"/integrity/education/?year={world['year']}&post={world['cash'].pk}")
    assert [p.name for p in r.context["missing"]] == ["陈静"]
    r = client.get("/integrity/education/?year=99999999999999999999&unit=abc")
    assert r.status_code == 200 and r.context["year"] == timezone.localdate().year


def test_the_scope_and_an_employee(client, company, world):
    cov = selectors.education_coverage(user=company.users["shuji"], year=world["year"])
    assert {u["name"] for u in cov["units"]} <= {"生产部"}
    client.force_login(company.users["zhigong"])
    assert client.get("/integrity/education/").status_code == 404


def test_the_page_reads_a_constant_number_of_queries(
    client, company, world, django_assert_max_num_queries
):
    client.force_login(company.users["dangwei"])
    url = f"/integrity/education/?year={world['year']}&unit={company.units['prod'].pk}"
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    for i in range(6):
        _post(company, f"物资岗{i}", "prod", ["zhigong", "shuji"])
        _studied(company, "bumen", Theme.INTEGRITY, _at(world["year"] - 2, i + 1))
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
