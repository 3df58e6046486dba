import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.alerts import services
from apps.alerts.choices import Kind, Status
from apps.alerts.models import AlertPolicy, Warning
from apps.appeals.tests.factories import NOW, submit
from apps.core import texts
from apps.core.errors import DomainError
from apps.core.models import Notification
from apps.orgs.choices import UnitKind
from apps.orgs.testing import add
from apps.supervision.models import SupervisedItem

WEEK = date(2026, 11, 23)  # a Monday
QUIET = ["职工食堂饭菜价格偏高", "通勤班车时间不合适", "宿舍热水供应不稳定"]


def _rows(unit, *, planted: bool):
    """12 quiet weeks of six texts each; with `planted`, complaints about 夜班津贴 rising over
    the last three weeks (2, 4, 8 texts)."""
    rows = []
    for back in range(12, -1, -1):
        monday = WEEK - timedelta(weeks=back)
        rows += [texts.Row(unit.pk, monday + timedelta(days=i % 5), QUIET[i % 3]) for i in range(6)]
        rising = {2: 2, 1: 4, 0: 8}.get(back, 0) if planted else 0
        rows += [
            texts.Row(unit.pk, monday + timedelta(days=1), "夜班津贴怎么还没有发")
            for _ in range(rising)
        ]
    return rows


def _fake_source(monkeypatch, units, planted):
    """The only text source: `_rows` of each of `units` (planted while `planted["on"]`)."""

    def fn(*, start, end):
        rows = [r for unit in units() for r in _rows(unit, planted=planted["on"])]
        return [r for r in rows if start <= r.day <= end]

    monkeypatch.setattr(
        texts,
        "_sources",
        {"fake": texts.Source("fake", "诉求", fn, lambda u, s, e, t: f"/x/?unit={u}&q={t}")},
    )


@pytest.fixture
def source(monkeypatch, company):
    planted = {"on": True, "unit": "prod"}
    _fake_source(monkeypatch, lambda: [company.units[planted["unit"]]], planted)
    return planted


def _told(warning) -> set[str]:
    rows = Notification.objects.filter(url=warning.get_absolute_url())
    return set(rows.values_list("user__username", flat=True))


def test_the_planted_concern_is_found_and_its_cadres_told(
    company, source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        found = services.weekly_pass(week=WEEK)
    assert [(w.kind, w.term, w.observed) for w in found] == [(Kind.SPIKE, "夜班津贴", 8)]
    warning = found[0]
    assert warning.unit == company.units["prod"]
    assert float(warning.baseline) == pytest.approx(0.6)  # (2 + 4) over the 10 weeks before
    assert warning.p_value < 0.001
    assert warning.series[-3:] == [2, 4, 8]
    # The department's own cadre; the company's party admin above it is not told of it.
    assert _told(warning) == {"bumen"}


def test_a_team_without_cadres_is_told_through_the_nearest_unit_above(
    company, source, django_capture_on_commit_callbacks
):
    source["unit"] = "team1"  # its one role is an employee's: no cadre of its own
    with django_capture_on_commit_callbacks(execute=True):
        (warning,) = services.weekly_pass(week=WEEK)
    assert warning.unit == company.units["team1"]
    assert _told(warning) == {"bumen"}


def test_the_quiet_baseline_gives_no_warning(company, source):
    source["on"] = False
    assert services.weekly_pass(week=WEEK) == []


def test_a_small_group_is_never_analysed(company, monkeypatch):
    unit = company.units["prod"]
    rows = [texts.Row(unit.pk, WEEK, "夜班津贴没有发") for _ in range(4)]
    monkeypatch.setattr(
        texts, "_sources", {"fake": texts.Source("fake", "诉求", lambda **_: rows, lambda *a: "")}
    )
    assert services.weekly_pass(week=WEEK) == []


def test_the_pass_is_idempotent_and_keeps_a_handled_warning(company, source):
    warning = services.weekly_pass(week=WEEK)[0]
    services.dismiss(warning=warning, actor=company.users["bumen"], reason="已核实,本月已补发")
    assert services.weekly_pass(week=WEEK) == []
    assert Warning.objects.get().status == Status.DISMISSED


def test_a_company_threshold_can_silence_the_spike(company, source):
    AlertPolicy.objects.create(company=company.units["company"], p_value="0.0000", min_count=20)
    assert services.weekly_pass(week=WEEK) == []


def test_each_company_keeps_its_own_thresholds(company, monkeypatch):
    other = add(None, name="另一公司", kind=UnitKind.COMPANY, code="C2")
    workshop = add(other, name="装配车间", kind=UnitKind.DEPARTMENT, code="C2-D")
    _fake_source(monkeypatch, lambda: [company.units["prod"], workshop], {"on": True})
    AlertPolicy.objects.create(company=company.units["company"], min_count=20)
    assert [w.unit for w in services.weekly_pass(week=WEEK)] == [workshop]
    AlertPolicy.objects.create(company=other, min_count=20)
    AlertPolicy.objects.filter(company=company.units["company"]).delete()
    Warning.objects.all().delete()  # a pass returns the week's stored warnings too
    assert [w.unit for w in services.weekly_pass(week=WEEK)] == [company.units["prod"]]


def test_anonymous_appeals_count_at_their_company_and_the_warning_names_no_writer(
    client, login, company
):
    """Six anonymous appeals by one employee of 运行一班: they raise a new term at the company
    they were sent to, and neither the warning's page nor the API says who or which team."""
    for day in range(6):
        submit(
            company,
            "zhigong",
            anonymous=True,
            now=NOW + timedelta(days=day % 5, hours=day),
            title="夜班津贴",
            description="夜班津贴一直没有发",
        )
    (warning,) = services.weekly_pass(week=NOW.date())
    assert (warning.kind, warning.term, warning.unit) == (
        Kind.NEW_TERM,
        "夜班津贴",
        company.units["company"],
    )
    assert warning.observed == 6
    login("dangwei")
    page = client.get(warning.get_absolute_url()).content.decode()
    api = json.dumps(client.get("/api/v1/alerts/warnings").json(), ensure_ascii=False)
    person = company.people["zhigong"]
    for text in (page, api):
        assert "夜班津贴" in text
        for who in (person.name, person.employee_no, "zhigong", company.units["team1"].name):
            assert who not in text


def test_dismiss_needs_a_reason_and_a_handled_warning_is_refused(company, source):
    warning = services.weekly_pass(week=WEEK)[0]
    with pytest.raises(DomainError, match="排除理由"):
        services.dismiss(warning=warning, actor=company.users["bumen"], reason="  ")
    services.acknowledge(warning=warning, actor=company.users["bumen"])
    with pytest.raises(DomainError, match="已处理"):
        services.acknowledge(warning=warning, actor=company.users["bumen"])


def test_follow_up_opens_a_supervised_item_of_the_unit(company, source):
    warning = services.weekly_pass(week=WEEK)[0]
    due = timezone.now() + timedelta(days=10)
    services.follow_up(warning=warning, actor=company.users["dangwei"], due_at=due)
    item = SupervisedItem.objects.get()
    assert item.owner_unit == company.units["prod"]
    assert Warning.objects.get().status == Status.SUPERVISED
