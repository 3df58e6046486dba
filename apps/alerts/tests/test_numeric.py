"""The numeric signals at their threshold edges (just below: nothing; at: a warning), the small
group rule, the second pass, and the cadres told."""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.alerts import services
from apps.alerts.choices import Kind
from apps.alerts.models import AlertPolicy, Warning
from apps.appeals.models import Appeal
from apps.appeals.tests.factories import category
from apps.core import indicators
from apps.core.models import Notification
from apps.supervision.models import SupervisedItem

WEEK = date(2026, 11, 23)  # a Monday; the week ends at 2026-11-30 00:00
END = timezone.make_aware(datetime.combine(WEEK + timedelta(days=7), time.min))
_ids = itertools.count(1)


def _item(unit, *, due, opened, closed=None, kind="appeal"):
    return SupervisedItem.objects.create(
        content_type=ContentType.objects.get_for_model(Warning),
        object_id=next(_ids),
        kind=kind,
        title="事项",
        url="/",
        owner_unit=unit,
        due_at=due,
        opened_at=opened,
        closed_at=closed,
    )


def _overdue(company, now: int, *, kind="appeal"):
    """生产部: 2 items overdue at each of the 10 week ends before (closed during the week), and
    `now` items falling due during the week and still open at its end."""
    unit = company.units["prod"]
    for _i in range(2):
        _item(
            unit,
            due=END - timedelta(weeks=12),
            opened=END - timedelta(weeks=13),
            closed=END - timedelta(days=6),
        )
    for _i in range(now):
        _item(unit, due=END - timedelta(days=2), opened=END - timedelta(days=20), kind=kind)


def _numeric(kind):
    return [w for w in services.weekly_pass(week=WEEK) if w.kind == kind]


@pytest.mark.parametrize(
    ("overdue_min", "ratio", "now", "warned"),
    [
        (5, "1.50", 4, False),  # below the minimum count (the rise is there)
        (5, "1.50", 5, True),  # at it
        (1, "2.00", 3, False),  # 3 < 2.00 × the mean of 2
        (1, "2.00", 4, True),  # 4 = 2.00 × 2
    ],
)
def test_overdue_rising_at_its_edges(company, overdue_min, ratio, now, warned):
    AlertPolicy.objects.create(
        company=company.units["company"], overdue_min=overdue_min, overdue_ratio=Decimal(ratio)
    )
    _overdue(company, now)
    found = _numeric(Kind.OVERDUE)
    assert [(w.unit, int(w.observed), float(w.baseline)) for w in found] == (
        [(company.units["prod"], now, 2.0)] if warned else []
    )


def test_an_overdue_warning_shows_its_baseline_and_links_to_the_overdue_list(company):
    _overdue(company, 4, kind="hazard")
    _item(company.units["prod"], due=END - timedelta(days=1), opened=END - timedelta(days=9))
    (w,) = _numeric(Kind.OVERDUE)
    assert w.series == [2] * 10 + [5]
    assert w.facts == {"weeks": 10, "by_kind": {"hazard": 4, "appeal": 1}}
    assert "state=overdue" in w.links[0]["url"] and "kind=hazard" in w.links[0]["url"]
    assert f"unit={company.units['prod'].pk}" in w.links[0]["url"]
    assert "平均 2.0 件" in w.summary()


def test_the_cadres_are_told_once_on_commit_and_a_second_pass_adds_nothing(
    company, django_capture_on_commit_callbacks
):
    _overdue(company, 6)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.weekly_pass(week=WEEK)
    assert callbacks  # told after the commit
    w = Warning.objects.get(kind=Kind.OVERDUE)
    told = Notification.objects.filter(url=w.get_absolute_url())
    assert set(told.values_list("user__username", flat=True)) >= {"bumen"}
    rows, notes = Warning.objects.count(), told.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.weekly_pass(week=WEEK)
    assert (Warning.objects.count(), told.count()) == (rows, notes)


# --- satisfaction ---------------------------------------------------------------------------


def _rated(company, ratings, day: date, unit="tech"):
    """Appeals received on `day` by 技术部, rated `ratings`."""
    made = [
        Appeal.objects.create(
            title="诉求",
            description="内容",
            category=category(),
            intake_unit=company.units["company"],
            owner_unit=company.units[unit],
            status="closed",
            rating=r,
        )
        for r in ratings
    ]
    at = timezone.make_aware(datetime.combine(day, time(10)))
    Appeal.all_objects.filter(pk__in=[a.pk for a in made]).update(created_at=at)


@pytest.mark.parametrize(("drop", "warned"), [("2.01", False), ("2.00", True)])
def test_satisfaction_falling_at_its_edge(company, drop, warned):
    """Three months before: 20 ratings of 5 (5.00); this month 20 of 3 (3.00)."""
    AlertPolicy.objects.create(company=company.units["company"], satisfaction_drop=Decimal(drop))
    _rated(company, [5] * 20, date(2026, 9, 10))
    _rated(company, [3] * 20, date(2026, 11, 5))
    found = _numeric(Kind.SATISFACTION)
    expected = [(company.units["tech"], Decimal("3.00"), Decimal("5.00"))] if warned else []
    # The company's figure fell too; the warning goes to the deepest unit where it shows.
    assert [(w.unit, w.observed, w.baseline) for w in found] == expected
    if warned:
        assert found[0].facts["rated"] == 20 and found[0].facts["baseline_rated"] == 20
        assert found[0].series == [None, 5.0, None, 3.0]  # months of fewer than 5 not shown
        assert "received_from=2026-11-01" in found[0].links[0]["url"]
        # How sure: a fall of 2 on 20 ratings each, with the widest spread ratings can have.
        assert found[0].p_value == pytest.approx(services.fall_p(2, 20, 20))
        assert found[0].p_value < 0.001


def test_a_fall_on_a_handful_of_ratings_is_chance_not_a_warning(company):
    """39 ratings averaging 4.10 before, then 3.00 on 6 ratings: a drop of 1.1 (over the 0.5
    threshold) that five or six ratings give by chance about one time in ten."""
    _rated(company, [5] * 15 + [4] * 13 + [3] * 11, date(2026, 9, 10))
    _rated(company, [4, 3, 3, 3, 2, 3], date(2026, 11, 5))
    assert services.fall_p(Decimal("1.10"), 6, 39) > 0.05
    assert _numeric(Kind.SATISFACTION) == []


@pytest.mark.parametrize(
    ("before", "now"),
    [
        ([5] * 10, [1, 1, 1, 1]),  # 4 ratings this month: a group too small to judge
        ([5, 5, 5, 5], [1] * 10),  # 4 ratings before: no baseline to judge against
    ],
)
def test_satisfaction_of_fewer_than_5_ratings_is_not_judged(company, before, now):
    _rated(company, before, date(2026, 10, 10))
    _rated(company, now, date(2026, 11, 5))
    assert _numeric(Kind.SATISFACTION) == []


# --- meetings -------------------------------------------------------------------------------


@pytest.fixture
def meetings(company, monkeypatch):
    """A 三会一课 rate per branch and month: 技术支部 short in September and October, 生产一支部
    short in October only."""
    short = {
        ("branch2", 10): 50,
        ("branch2", 9): 75,
        ("branch1", 10): 50,
    }
    names = {company.units[k].pk: k for k in ("branch1", "branch2")}

    def fn(*, units, start, end):
        out = {}
        for u in units:
            rate = short.get((names.get(u.pk), start.month), 100)
            out[u.pk] = indicators.Value(Decimal(rate), rate // 25, 4, f"/m/?unit={u.pk}")
        return out

    calc = indicators.Calculator(services.MEETINGS_RATE, "三会一课", "%", indicators.HIGHER, fn)
    monkeypatch.setitem(indicators._calculators, services.MEETINGS_RATE, calc)


@pytest.mark.parametrize(("months", "warned"), [(3, False), (2, True)])
def test_a_branch_missing_meetings_months_in_a_row_at_its_edge(company, meetings, months, warned):
    AlertPolicy.objects.create(company=company.units["company"], missed_months=months)
    found = _numeric(Kind.MEETINGS)
    assert [(w.unit, int(w.observed)) for w in found] == (
        [(company.units["branch2"], 2)] if warned else []
    )
    if warned:
        assert found[0].series == [75.0, 50.0]
        assert found[0].facts["labels"] == ["2026-09", "2026-10"]
        assert [link["url"] for link in found[0].links] == [
            f"/m/?unit={company.units['branch2'].pk}"
        ] * 2
