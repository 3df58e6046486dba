"""The figures against hand-computed values on a small fixture: sessions held, theory-education
coverage (union of every registered participation source), attendance per meeting and member;
the compliance of required meetings and the standards judge."""

from datetime import date

import pytest

from apps.core import participation
from apps.meetings import compliance, figures, selectors
from apps.meetings.choices import AttendanceStatus, MakeupStatus
from apps.meetings.selectors import Period
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, PartyMembership
from apps.orgs.testing import add
from apps.standards import judges

from .factories import closed_meeting, local, make_meeting

S = AttendanceStatus
H1 = Period(date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def year(company, member):
    """Seven active people. In the first half of 2026:
    M1 专题学习会 (study) of 生产一支部, 3-10: 王建国 present, 张伟 late, 李明 absent but 补学 done,
       李强 absent with 补学 pending;
    M2 支委会 (not study), 3-12: 赵磊 present;
    M3 主题党日 (study) of 技术支部, 4-05: 刘芳 present, 陈静 on leave with 补学 pending;
    outside it: M4 党课 on 7-01 (陈静 present); M5 a study meeting still planned (赵磊 signed in).
    """
    p = company.people
    m1 = closed_meeting(
        company,
        statuses={
            p["shuji"]: S.PRESENT,
            p["zhigong"]: S.LATE,
            p["bumen"]: (S.ABSENT, MakeupStatus.DONE),
            member: S.ABSENT,
        },
        starts_at=local(2026, 3, 10, 14),
    )
    m2 = closed_meeting(
        company, code="committee", statuses={p["safety_worker"]: S.PRESENT},
        starts_at=local(2026, 3, 12, 9),
    )  # fmt: skip
    m3 = closed_meeting(
        company, code="theme_day", unit="branch2",
        statuses={p["dangwei"]: S.PRESENT, p["tech_worker"]: S.LEAVE},
        starts_at=local(2026, 4, 5, 9),
    )  # fmt: skip
    closed_meeting(
        company, code="party_lecture", unit="branch2", statuses={p["tech_worker"]: S.PRESENT},
        starts_at=local(2026, 7, 1, 9),
    )  # fmt: skip
    m5 = make_meeting(
        company, code="study_session", invitees=[p["safety_worker"]], starts_at=local(2026, 5, 1, 9)
    )
    m5.attendances.update(status=S.SIGNED, signed_in_at=local(2026, 5, 1, 9))
    return {"m1": m1, "m2": m2, "m3": m3}


def test_coverage_whole_company(company, year):
    c = figures.coverage(user=company.users["admin"], period=H1)
    assert (c["covered"], c["total"], c["rate"]) == (4, 7, 57.1)


def test_coverage_in_a_secretary_scope(company, year):
    """王建国 reaches 生产部 (served) and 生产一支部: 王建国, 李明, 张伟, 李强; three covered."""
    c = figures.coverage(user=company.users["shuji"], period=H1)
    assert (c["covered"], c["total"], c["rate"]) == (3, 4, 75.0)


def test_coverage_of_a_chosen_unit(company, year):
    c = figures.coverage(user=company.users["admin"], period=H1, unit=company.units["branch2"])
    assert (c["covered"], c["total"], c["rate"]) == (1, 2, 50.0)


def test_coverage_unions_every_registered_source(company, year, monkeypatch):
    """Another area's source (say, required courses finished) joins with no change here: 陈静
    finished a course, so she is covered too; 刘芳 is in both sources and counts once."""

    def courses(*, start, end):
        return PartyMembership.objects.filter(branch=company.units["branch2"]).values("person_id")

    monkeypatch.setitem(participation._sources, "test.courses", courses)
    c = figures.coverage(user=company.users["admin"], period=H1)
    assert (c["covered"], c["total"], c["rate"]) == (5, 7, 71.4)
    names = set(
        figures.coverage_people(user=company.users["admin"], period=H1, covered=False).values_list(
            "name", flat=True
        )
    )
    assert names == {"李强", "赵磊"}


def test_coverage_people_behind_the_figure(company, year):
    admin = company.users["admin"]
    covered = figures.coverage_people(user=admin, period=H1, covered=True)
    assert set(covered.values_list("name", flat=True)) == {"王建国", "张伟", "李明", "刘芳"}


def test_held_and_attendance(company, year):
    f = figures.figures(user=company.users["admin"], period=H1)
    assert f["held"] == 3 and f["study_held"] == 2
    by_kind = {k["name"]: k["count"] for k in f["by_kind"]}
    assert by_kind["专题学习会"] == 1 and by_kind["支委会"] == 1 and by_kind["主题党日"] == 1
    assert by_kind["党课"] == 0
    assert (f["attendance"]["attended"], f["attendance"]["invited"]) == (4, 7)
    assert f["attendance"]["rate"] == 57.1
    months = {m["month"]: (m["total"], m["study"]) for m in f["by_month"]}
    assert months["2026-03"] == (2, 1) and months["2026-04"] == (1, 1)
    units = {r["name"]: (r["total"], r["study"]) for r in f["by_unit"]}
    assert units == {"生产一支部": (2, 1), "技术支部": (1, 1)}
    assert f["held_link"].startswith("/meetings/?")


def test_attendance_per_meeting_and_member(company, year):
    counts = selectors.roll_counts([year["m1"].pk, year["m3"].pk])
    assert counts[year["m1"].pk]["rate"] == 50.0 and counts[year["m1"].pk]["late"] == 1
    assert counts[year["m3"].pk]["rate"] == 50.0 and counts[year["m3"].pk]["leave"] == 1
    rows = {
        r["person__name"]: (r["invited"], r["attended"])
        for r in figures.member_rates(user=company.users["admin"], period=H1)
    }
    assert rows == {
        "王建国": (1, 1), "李明": (1, 0), "张伟": (1, 1), "刘芳": (1, 1),
        "陈静": (1, 0), "赵磊": (1, 1), "李强": (1, 0),
    }  # fmt: skip


def test_figures_respect_scope(company, year):
    f = figures.figures(user=company.users["tech_shuji"], period=H1)
    assert f["held"] == 1 and f["by_unit"][0]["name"] == "技术支部"


def test_compliance_of_a_month(company, year):
    data = compliance.compliance(
        user=company.users["admin"], period=Period(date(2026, 3, 1), date(2026, 3, 31)),
        today=date(2026, 4, 15),
    )  # fmt: skip
    gaps = {r["unit"].name: sorted(g["label"] for g in r["gaps"]) for r in data["rows"]}
    assert gaps["生产一支部"] == ["3月 主题党日", "第1季度 党课", "第1季度 支部党员大会"]
    assert gaps["技术支部"] == [
        "3月 主题党日",
        "3月 支委会",
        "第1季度 党课",
        "第1季度 支部党员大会",
    ]
    assert all(g["state"] == "missing" for r in data["rows"] for g in r["gaps"])
    first = data["rows"][0]["gaps"][0]["plan_url"]
    assert first.startswith("/meetings/new/?unit=")


def test_compliance_running_slot_is_pending(company, year):
    data = compliance.compliance(
        user=company.users["shuji"], period=Period(date(2026, 3, 1), date(2026, 3, 31)),
        today=date(2026, 3, 20),
    )  # fmt: skip
    (row,) = data["rows"]
    assert row["unit"].name == "生产一支部"
    assert {g["state"] for g in row["gaps"]} == {"pending"}


def test_judge_required_held(company, year):
    judge = judges.get("meetings.required_held")
    assert judge is not None
    branch1 = company.units["branch1"]
    group = add(branch1, name="第一党小组", kind=UnitKind.PARTY_GROUP, code="P-B1-G1")
    OrgUnit.objects.filter(pk=group.pk).update(created_at=local(2025, 6, 1))
    verdicts = judge.fn(branches=[branch1], start=date(2026, 3, 1), end=date(2026, 3, 31))
    v = verdicts[branch1.pk]
    assert not v.passed
    assert "缺 3月 主题党日" in v.note and "第一党小组 缺 3月 党小组会" in v.note
    assert v.url.startswith(f"/meetings/compliance/?unit={branch1.pk}")
    # Hold the missing ones: passed.
    for code, unit in (
        ("theme_day", "branch1"), ("general_meeting", "branch1"), ("party_lecture", "branch1"),
    ):  # fmt: skip
        closed_meeting(company, code=code, unit=unit, statuses={}, starts_at=local(2026, 3, 20, 9))
    closed_meeting(
        company, code="group_meeting", statuses={}, unit="branch1", starts_at=local(2026, 3, 21, 9)
    )
    from apps.meetings.models import Meeting

    Meeting.objects.filter(kind__code="group_meeting").update(unit=group)
    assert judge.fn(branches=[branch1], start=date(2026, 3, 1), end=date(2026, 3, 31))[
        branch1.pk
    ].passed


def test_planned_meetings_do_not_count_as_held(company, year):
    make_meeting(company, code="theme_day", starts_at=local(2026, 3, 25, 9))
    data = compliance.compliance(
        user=company.users["shuji"], period=Period(date(2026, 3, 1), date(2026, 3, 31)),
        today=date(2026, 4, 15),
    )  # fmt: skip
    assert "3月 主题党日" in [g["label"] for g in data["rows"][0]["gaps"]]


def test_a_quarter_counts_whole_from_inside_one_month(company, year):
    """Seen from March, a 支部党员大会 held in January satisfies the first quarter."""
    closed_meeting(company, code="general_meeting", statuses={}, starts_at=local(2026, 1, 20, 9))
    data = compliance.compliance(
        user=company.users["shuji"], period=Period(date(2026, 3, 1), date(2026, 3, 31)),
        today=date(2026, 4, 15),
    )  # fmt: skip
    labels = [g["label"] for g in data["rows"][0]["gaps"]]
    assert "第1季度 支部党员大会" not in labels and "第1季度 党课" in labels
