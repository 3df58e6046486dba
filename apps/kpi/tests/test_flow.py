"""A period's close: compute with progress, 公示 for N working days, 申诉 only inside the
window, the assessor's answer, the lock, and the locked period as a snapshot."""

from datetime import date
from decimal import Decimal as D

import pytest

from apps.core.errors import DomainError
from apps.core.models import Notification
from apps.hazards.choices import HazardStatus
from apps.hazards.tests.factories import local, make_hazard
from apps.kpi import services
from apps.kpi.choices import AdjustmentKind, ObjectionStatus, PeriodStatus
from apps.kpi.errors import KpiError
from apps.kpi.models import Adjustment, ManualScore, PeriodEvent, Scorecard

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 4, 7)


def refused(code, call, **kwargs):
    """The call is refused with the catalogue's code (a 403 code is Forbidden, with its message)."""
    with pytest.raises(DomainError) as e:
        call(**kwargs)
    error = getattr(KpiError, code.upper(), None)
    if error is not None and error.status == 403:
        assert e.value.message == str(error.message)
    else:
        assert e.value.code == code, e.value.message
    return e.value


def _published(company, period):
    services.period_compute(period)
    return services.period_publish(actor=company.users["dangwei"], period=period, today=MONDAY)


def test_the_assessor_starts_a_compute_that_reports_progress(
    company, period, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    monkeypatch.setattr(services, "progress_put", lambda key, d, t: seen.append((d, t)))
    from apps.kpi import tasks

    monkeypatch.setattr(tasks, "progress_put", lambda key, d, t: seen.append((d, t)))
    with django_capture_on_commit_callbacks(execute=True):
        services.period_compute_start(actor=company.users["dangwei"], period=period)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)  # queued, then each item and the write
    assert Scorecard.objects.filter(period=period).count() == 3
    assert PeriodEvent.objects.get(period=period).actor == company.users["dangwei"]
    assert services.compute_progress(period) is None  # the bar is gone when it is done


def test_only_the_assessor_computes(company, period):
    for name in ("bumen", "shuji", "zhigong"):
        refused(
            "not_assessor", services.period_compute_start, actor=company.users[name], period=period
        )
    assert not PeriodEvent.objects.filter(period=period).exists()  # nothing was started
    assert services.compute_progress(period) is None
    assert not Scorecard.objects.filter(period=period).exists()


def test_publish_counts_working_days_and_needs_a_computation(
    company, period, django_capture_on_commit_callbacks
):
    dangwei = company.users["dangwei"]
    refused("not_computed", services.period_publish, actor=dangwei, period=period, today=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        period = _published(company, period)
    assert period.status == PeriodStatus.PUBLIC
    assert period.public_until == date(2025, 4, 14)  # 5 working days: the weekend skipped
    told = Notification.objects.filter(title__contains="考核结果公示")
    assert [n.user.username for n in told] == ["bumen"]  # 生产部's head; 党委 is no department
    refused("not_open", services.period_compute_start, actor=dangwei, period=period)


def _prod_card(company, period):
    return Scorecard.objects.get(period=period, unit=company.units["prod"])


def test_an_objection_only_inside_the_window_and_only_for_its_own_unit(company, period):
    period = _published(company, period)
    card = _prod_card(company, period)
    bumen, tech = company.users["bumen"], company.users["tech_shuji"]
    line = card.lines.get(item__indicator__code="rp")
    objection = services.objection_raise(
        actor=bumen, card=card, line=line, reason="调研报告已按时报送", today=date(2025, 4, 14)
    )
    assert objection.indicator == "调研报告质量" and objection.events.count() == 1
    refused(
        "objection_open",
        services.objection_raise,
        actor=bumen,
        card=card,
        line=line,
        reason="再次申诉",
        today=MONDAY,
    )
    refused(
        "reason_required",
        services.objection_raise,
        actor=bumen,
        card=card,
        reason="  ",
        today=MONDAY,
    )
    refused(
        "not_own_unit", services.objection_raise, actor=tech, card=card, reason="x", today=MONDAY
    )
    late = refused(
        "window_closed",
        services.objection_raise,
        actor=bumen,
        card=card,
        reason="总分有误",
        today=date(2025, 4, 15),
    )
    assert "2025-04-14" in late.message and "不能再提出申诉" in late.message


def test_accepting_corrects_the_unit_and_rejecting_needs_a_reason(company, period):
    period = _published(company, period)
    card = _prod_card(company, period)
    before = card.total
    dangwei, bumen = company.users["dangwei"], company.users["bumen"]
    first = services.objection_raise(actor=bumen, card=card, reason="漏计加分", today=MONDAY)
    refused(
        "not_assessor",
        services.objection_answer,
        actor=bumen,
        objection=first,
        accept=True,
        answer="自己采纳",
    )
    services.objection_answer(
        actor=dangwei, objection=first, accept=True, answer="核实获评先进,加 5 分", points=D(5)
    )
    card.refresh_from_db()
    assert card.total == before + 5
    assert Adjustment.objects.get(unit=card.unit).kind == AdjustmentKind.BONUS
    second = services.objection_raise(actor=bumen, card=card, reason="仍有异议", today=MONDAY)
    refused(
        "answer_required",
        services.objection_answer,
        actor=dangwei,
        objection=second,
        accept=False,
        answer="",
    )
    services.objection_answer(actor=dangwei, objection=second, accept=False, answer="依据不足")
    second.refresh_from_db()
    assert second.status == ObjectionStatus.REJECTED
    assert [e.action for e in second.events.all()] == ["raise", "reject"]


def test_lock_waits_for_the_window_and_every_answer(company, period):
    period = _published(company, period)
    dangwei = company.users["dangwei"]
    refused(
        "window_open", services.period_lock, actor=dangwei, period=period, today=date(2025, 4, 14)
    )
    objection = services.objection_raise(
        actor=company.users["bumen"], card=_prod_card(company, period), reason="x", today=MONDAY
    )
    refused(
        "objections_pending",
        services.period_lock,
        actor=dangwei,
        period=period,
        today=date(2025, 4, 15),
    )
    services.objection_answer(actor=dangwei, objection=objection, accept=False, answer="不予采纳")
    period = services.period_lock(actor=dangwei, period=period, today=date(2025, 4, 15))
    assert period.status == PeriodStatus.LOCKED and period.locked_at
    assert [e.action for e in period.events.all()] == ["publish", "lock"]


def test_a_locked_period_is_a_snapshot(company, period):
    period = _published(company, period)
    dangwei = company.users["dangwei"]
    period = services.period_lock(actor=dangwei, period=period, today=date(2025, 4, 15))
    card = _prod_card(company, period)
    total, lines = card.total, list(card.lines.values_list("points", flat=True))
    # The records behind the values change; nothing recomputes the locked period.
    make_hazard(
        company,
        unit=company.units["team1"],
        status=HazardStatus.RECTIFIED,
        reported_at=local(2025, 1, 2, 9),
        due_at=local(2025, 2, 20, 18),
        rectified_at=local(2025, 2, 10, 9),
    )
    score = ManualScore.objects.get(period=period)
    score.value = D(100)
    refused("locked", services.manual_score_save, actor=dangwei, score=score)
    refused("locked", services.period_compute, period=period)
    refused("locked", services.period_compute_start, actor=dangwei, period=period)
    adjustment = Adjustment(
        period=period, unit=card.unit, kind=AdjustmentKind.BONUS, points=3, reason="补报"
    )
    refused("locked", services.adjustment_save, actor=dangwei, adjustment=adjustment)
    refused(
        "window_closed",
        services.objection_raise,
        actor=company.users["bumen"],
        card=card,
        reason="x",
        today=MONDAY,
    )
    item = period.scheme.items.first()
    item.weight = D(10)
    refused("scheme_locked", services.item_save, actor=dangwei, item=item)
    from apps.kpi.tasks import nightly_recompute  # the nightly pass skips it too

    nightly_recompute(now=local(2025, 4, 16, 3))
    card.refresh_from_db()
    assert card.total == total
    assert list(card.lines.values_list("points", flat=True)) == lines
    assert ManualScore.objects.get(period=period).value == D(80)
    assert not Adjustment.objects.filter(period=period).exists()


def test_a_computation_not_heard_of_for_long_is_taken_for_dead(company, period, monkeypatch):
    import time

    from apps.core.progress import progress_clear, progress_put

    key = services.compute_key(period)
    progress_put(key, 1, 3)
    try:
        assert services.compute_progress(period)["processed"] == 1
        later = time.time() + services.COMPUTE_STALE + 1
        monkeypatch.setattr(time, "time", lambda: later)
        assert services.compute_progress(period) is None
    finally:
        progress_clear(key)


def test_compute_applies_the_schemes_quota(company, period):
    """Three departments at 95, 92 and 91 on a manual item of weight 100: all 优秀 by their
    totals, but a quota of 34 % leaves one place."""
    scheme = period.scheme
    scheme.items.filter(indicator__code="hz").delete()
    scheme.items.update(weight=D(100))
    scheme.excellent_quota = 34
    scheme.save()
    item = scheme.items.get()
    ManualScore.objects.filter(period=period).delete()
    for key, value in (("prod", 95), ("tech", 92), ("safety", 91)):
        ManualScore.objects.create(period=period, unit=company.units[key], item=item, value=value)
    services.period_compute(period)
    cards = {
        c.unit.code: (c.rank, c.grade, c.peers) for c in Scorecard.objects.select_related("unit")
    }
    assert cards == {
        "D-PROD": (1, "excellent", 3),
        "D-TECH": (2, "good", 3),
        "D-SAFE": (3, "good", 3),
    }
