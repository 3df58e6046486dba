"""The state machine (every allowed and refused transition), scoring, campaigns, bad input and
the supervision hand-off."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.core.errors import DomainError
from apps.core.models import Notification
from apps.suggestions import rules, services
from apps.suggestions.choices import Status
from apps.suggestions.models import Criterion, Suggestion
from apps.supervision.models import SupervisedItem

from .factories import NOW, advance, finance, scores, submit

pytestmark = pytest.mark.django_db

ALL_STATES = list(Status.values)


def at_state(company, state: str) -> Suggestion:
    s = submit(company)
    if state == Status.SUBMITTED:
        return s
    if state in (Status.REJECTED, Status.PENDING_STUDY):
        advance(company, s, "under_review")
        decision = "reject" if state == Status.REJECTED else "defer"
        services.suggestion_decide(
            actor=company.users["bumen"], suggestion=s, decision=decision, reason="理由", now=NOW
        )
        s.refresh_from_db()
        return s
    return advance(company, s, state)


def do(company, action: str, s):
    """Run one action as 刘芳 (党委 admin, allowed everything), so only the state decides."""
    admin = company.users["dangwei"]
    later = NOW + timedelta(hours=1)
    if action == "review":
        return services.suggestion_review_start(actor=admin, suggestion=s, now=later)
    if action in ("adopt", "reject", "defer"):
        return services.suggestion_decide(
            actor=admin, suggestion=s, decision=action, reason="理由", now=later
        )
    if action == "assign":
        return services.suggestion_assign(
            actor=admin,
            suggestion=s,
            impl_unit=company.units["prod"],
            due_at=NOW + timedelta(days=10),
            now=later,
        )
    if action == "implement":
        return services.suggestion_mark_implemented(
            actor=admin, suggestion=s, note="完成", now=later
        )
    if action == "verify":
        return services.suggestion_verify(actor=admin, suggestion=s, yuan="100", now=later)
    if action == "correct":
        return services.suggestion_correct_benefit(
            actor=admin, suggestion=s, yuan="99", reason="复核", now=later
        )
    return services.suggestion_reward(actor=admin, suggestion=s, yuan="10", note="奖", now=later)


def test_every_state_is_reachable_and_the_table_is_complete():
    targets = {t for _s, t in rules.MACHINE.transitions.values()}
    assert targets - {None} | {Status.SUBMITTED} == set(ALL_STATES)


@pytest.mark.parametrize("action", list(rules.MACHINE.transitions))
@pytest.mark.parametrize("state", ALL_STATES)
def test_transition_allowed_or_refused(company, state, action):
    s = at_state(company, state)
    assert s.status == state
    sources, target = rules.MACHINE.transitions[action]
    target = target or state  # a correction keeps the state
    if state in sources:
        if action == "adopt" and s.score_total is None:
            s.score_total = Decimal("80")  # adoption needs a score: that rule is tested apart
            s.save()
        do(company, action, s)
        s.refresh_from_db()
        assert s.status == target
    else:
        with pytest.raises(DomainError) as err:
            do(company, action, s)
        assert err.value.code == "bad_transition"
        assert "不能" in str(err.value.message)
        assert Suggestion.objects.get(pk=s.pk).status == state  # nothing stored half


@pytest.mark.parametrize("state", ALL_STATES)
def test_scoring_only_before_a_decision(company, state):
    s = at_state(company, state)
    call = lambda: services.suggestion_score(  # noqa: E731
        actor=company.users["dangwei"], suggestion=s, scores=scores(), now=NOW
    )
    if state in rules.SCORABLE:
        call()
        s.refresh_from_db()
        assert s.status == Status.UNDER_REVIEW
    else:
        with pytest.raises(DomainError, match="不能再评分"):
            call()


def test_pending_study_goes_back_to_review(company):
    s = at_state(company, Status.PENDING_STUDY)
    services.suggestion_review_start(actor=company.users["bumen"], suggestion=s, now=NOW)
    assert s.status == Status.UNDER_REVIEW
    services.suggestion_decide(actor=company.users["bumen"], suggestion=s, decision="adopt")
    assert Suggestion.objects.get(pk=s.pk).status == Status.ADOPTED


# --- scoring arithmetic ------------------------------------------------------------------


def test_default_criteria_from_the_data_migration():
    assert list(Criterion.objects.values_list("name", "weight")) == [
        ("创新性", 30),
        ("可行性", 30),
        ("效益", 40),
    ]


def test_weighted_total_arithmetic():
    assert rules.weighted_total([(30, 80), (30, 70), (40, 90)]) == Decimal("81.00")
    assert rules.weighted_total([(30, 100), (30, 100), (40, 100)]) == Decimal("100.00")
    assert rules.weighted_total([(30, 0), (30, 0), (40, 0)]) == Decimal("0.00")
    # 1×33 + 2×67 = 167 / 3 = 55.666… → 55.67 (half up)
    assert rules.weighted_total([(1, 33), (2, 67)]) == Decimal("55.67")
    assert rules.mean_total([Decimal("81.00"), Decimal("70.50")]) == Decimal("75.75")
    assert rules.mean_total([]) is None


def test_two_reviewers_score_and_the_mean_is_the_suggestions_score(company):
    s = submit(company)
    r1 = services.suggestion_score(
        actor=company.users["bumen"], suggestion=s, scores=scores((80, 70, 90)), now=NOW
    )
    assert r1.total == Decimal("81.00")
    services.suggestion_score(
        actor=company.users["dangwei"], suggestion=s, scores=scores((60, 60, 60)), now=NOW
    )
    s.refresh_from_db()
    assert s.score_total == Decimal("70.50")
    # scoring again replaces one's own review
    services.suggestion_score(
        actor=company.users["dangwei"], suggestion=s, scores=scores((100, 100, 100)), now=NOW
    )
    s.refresh_from_db()
    assert s.reviews.count() == 2 and s.score_total == Decimal("90.50")


def test_changed_weights_apply_to_new_scores(company):
    Criterion.objects.filter(name="效益").update(weight=60)
    s = submit(company)
    review = services.suggestion_score(
        actor=company.users["bumen"], suggestion=s, scores=scores((50, 50, 100)), now=NOW
    )
    assert review.total == Decimal("75.00")  # (1500 + 1500 + 6000) / 120
    assert sorted(review.scores.values_list("weight", flat=True)) == [30, 30, 60]


@pytest.mark.parametrize("bad", [(101, 50, 50), (-1, 50, 50), ("abc", 50, 50), (None, 50, 50)])
def test_bad_scores_are_refused(company, bad):
    s = submit(company)
    with pytest.raises(DomainError) as err:
        services.suggestion_score(
            actor=company.users["bumen"], suggestion=s, scores=scores(bad), now=NOW
        )
    assert err.value.code == "bad_score"
    assert not s.reviews.exists()


def test_adoption_needs_a_score_and_rejection_a_reason(company, django_capture_on_commit_callbacks):
    s = submit(company)
    services.suggestion_review_start(actor=company.users["bumen"], suggestion=s, now=NOW)
    with pytest.raises(DomainError, match="先完成评分"):
        services.suggestion_decide(actor=company.users["bumen"], suggestion=s, decision="adopt")
    with pytest.raises(DomainError, match="理由"):
        services.suggestion_decide(
            actor=company.users["bumen"], suggestion=s, decision="reject", reason="  "
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_decide(
            actor=company.users["bumen"],
            suggestion=s,
            decision="reject",
            reason="已有同类方案在实施",
        )
    s.refresh_from_db()
    assert s.status == Status.REJECTED and s.decision_reason == "已有同类方案在实施"
    assert Notification.objects.filter(
        user=company.users["zhigong"], title__contains="不采纳"
    ).exists()


# --- who may act -------------------------------------------------------------------------


def test_only_reviewers_of_the_target_unit_review(company):
    s = submit(company, target="prod")
    for name in ("zhigong", "shuji", "norole", "tech_shuji"):
        with pytest.raises(DomainError) as err:
            services.suggestion_score(
                actor=company.users[name], suggestion=s, scores=scores(), now=NOW
            )
        assert err.value.status == 403
    other = submit(company, target="tech")
    with pytest.raises(DomainError):
        services.suggestion_review_start(actor=company.users["bumen"], suggestion=other)


def test_can_verify_benefit_rule(company):
    caiwu = finance(company)
    assert rules.can_verify_benefit(caiwu)
    assert rules.can_verify_benefit(company.users["dangwei"])
    assert rules.can_verify_benefit(company.users["admin"])
    assert not rules.can_verify_benefit(company.users["bumen"])  # 生产部 head
    assert not rules.can_verify_benefit(company.users["zhigong"])
    s = advance(company, submit(company), "implemented")
    with pytest.raises(DomainError) as err:
        services.suggestion_verify(actor=company.users["bumen"], suggestion=s, yuan="1")
    assert err.value.status == 403
    services.suggestion_verify(actor=caiwu, suggestion=s, yuan="8800.10", note="财务测算")
    assert Suggestion.objects.get(pk=s.pk).verified_yuan == Decimal("8800.10")


def test_only_the_owner_marks_implemented(company):
    s = advance(company, submit(company), "implementing")
    with pytest.raises(DomainError) as err:
        services.suggestion_mark_implemented(actor=company.users["norole"], suggestion=s, note="x")
    assert err.value.status == 403


# --- supervision -------------------------------------------------------------------------


def test_assignment_is_supervised_and_implementation_closes_it(company):
    s = advance(company, submit(company), "adopted")
    assert not SupervisedItem.objects.exists()
    advance(company, s, "implementing")
    item = SupervisedItem.objects.get()
    assert item.kind == "suggestion" and item.is_open
    assert item.owner_unit == company.units["team1"]
    assert item.owner_person == company.people["zhigong"]
    assert item.url == f"/suggestions/{s.pk}/"
    assert item.due_at == NOW + timedelta(days=30)
    # reassigning moves the supervised item, not a second one
    services.suggestion_assign(
        actor=company.users["bumen"],
        suggestion=s,
        impl_unit=company.units["prod"],
        impl_person=None,
        due_at=NOW + timedelta(days=40),
        now=NOW,
    )
    item = SupervisedItem.objects.get()
    assert item.owner_unit == company.units["prod"] and item.owner_person is None
    services.suggestion_mark_implemented(
        actor=company.users["bumen"], suggestion=s, note="完成", now=NOW + timedelta(days=5)
    )
    item.refresh_from_db()
    assert not item.is_open and item.closed_on_time


def test_deadline_in_the_past_is_refused(company):
    s = advance(company, submit(company), "adopted")
    for due in (NOW - timedelta(minutes=1), NOW):
        with pytest.raises(DomainError) as err:
            services.suggestion_assign(
                actor=company.users["bumen"],
                suggestion=s,
                impl_unit=company.units["prod"],
                due_at=due,
                now=NOW,
            )
        assert err.value.code == "deadline_past"
    assert Suggestion.objects.get(pk=s.pk).status == Status.ADOPTED
    assert not SupervisedItem.objects.exists()


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "  "}, "required"),
        ({"problem": ""}, "required"),
        ({"proposal": ""}, "required"),
        ({"title": "长" * 101}, "too_long"),
        ({"proposal": "长" * 4001}, "too_long"),
        ({"expected_yuan": "-1"}, "negative_amount"),
        ({"expected_yuan": "abc"}, "bad_amount"),
        ({"expected_yuan": "1.005"}, "amount_cents"),
        ({"expected_yuan": "1e20"}, "amount_exponent"),
        ({"expected_yuan": "1e9"}, "amount_exponent"),
        ({"expected_yuan": "Infinity"}, "bad_amount"),
        ({"expected_yuan": "20000000"}, "amount_too_large"),
        ({"category": "nonsense"}, "bad_category"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_stored(company, fields, code):
    with pytest.raises(DomainError) as err:
        submit(company, **fields)
    assert err.value.code == code
    assert not Suggestion.objects.exists()


def test_target_must_be_a_department(company):
    with pytest.raises(DomainError) as err:
        submit(company, target="branch1")
    assert err.value.code == "bad_target"


def test_co_proposers_and_a_user_without_person(company):
    with pytest.raises(DomainError, match="您自己"):
        submit(company, co_proposers=[company.people["zhigong"]])
    s = submit(company, co_proposers=[company.people["shuji"], company.people["bumen"]])
    assert set(s.co_proposers.all()) == {company.people["shuji"], company.people["bumen"]}
    with pytest.raises(DomainError) as err:
        submit(company, by="tech_shuji")  # no employee record linked
    assert err.value.code == "no_person"


@pytest.mark.parametrize("bad", ["-0.01", "-100", "x"])
def test_negative_or_bad_money_refused_on_verify_and_reward(company, bad):
    s = advance(company, submit(company), "implemented")
    with pytest.raises(DomainError):
        services.suggestion_verify(actor=company.users["dangwei"], suggestion=s, yuan=bad)
    assert Suggestion.objects.get(pk=s.pk).verified_yuan is None
    services.suggestion_verify(actor=company.users["dangwei"], suggestion=s, yuan="0")
    with pytest.raises(DomainError):
        services.suggestion_reward(actor=company.users["dangwei"], suggestion=s, yuan=bad, note="x")
    with pytest.raises(DomainError, match="说明"):
        services.suggestion_reward(actor=company.users["dangwei"], suggestion=s, yuan="5", note="")


def test_submission_notifies_the_target_units_head_and_logs_the_timeline(
    company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        s = submit(company)
    assert Notification.objects.filter(user=company.users["bumen"]).exists()
    s = advance(company, s, "rewarded")
    kinds = list(s.events.values_list("action", flat=True))
    assert kinds == [
        "submitted",
        "review",
        "scored",
        "adopted",
        "assigned",
        "implemented",
        "verified",
        "rewarded",
    ]
    assert s.reward_yuan == Decimal("500.00") and s.verified_yuan == Decimal("12000.50")


# --- campaigns ---------------------------------------------------------------------------


def _campaign(company, *, starts=date(2026, 3, 1), ends=date(2026, 3, 31), scope="prod", cats=()):
    return services.campaign_create(
        actor=company.users["dangwei"],
        organiser=company.units["company"],
        title="青年创新创效",
        starts_on=starts,
        ends_on=ends,
        scope_unit=company.units[scope],
        categories=list(cats),
        now=NOW - timedelta(days=30),
    )


def test_campaign_window_scope_and_categories(company):
    c = _campaign(company, cats=["technology", "cost"])
    s = submit(company, campaign=c, category="technology")
    assert s.campaign == c
    with pytest.raises(DomainError) as err:
        submit(company, campaign=c, category="technology", now=NOW + timedelta(days=40))
    assert err.value.code == "campaign_closed"
    with pytest.raises(DomainError) as err:
        submit(company, campaign=c, category="technology", now=NOW - timedelta(days=10))
    assert err.value.code == "campaign_not_started"
    with pytest.raises(DomainError) as err:
        submit(company, by="norole", campaign=c, category="technology")  # 安全部 person
    assert err.value.code == "campaign_out_of_scope"
    assert "不在征集范围内" in str(err.value.message)
    with pytest.raises(DomainError) as err:
        submit(company, campaign=c, category="safety")
    assert err.value.code == "campaign_category"
    # the last day counts, local time
    late = timezone_local(2026, 3, 31, 23, 30)
    submit(company, campaign=c, category="cost", now=late)
    # outside a campaign anyone may propose any time
    submit(company, by="norole", now=NOW + timedelta(days=400))


def timezone_local(*args):
    from django.utils import timezone

    return timezone.make_aware(timezone.datetime(*args))


def test_who_may_open_a_campaign(company):
    with pytest.raises(DomainError) as err:
        services.campaign_create(
            actor=company.users["bumen"],
            organiser=company.units["prod"],
            title="x",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 2),
            scope_unit=company.units["prod"],
            now=NOW,
        )
    assert err.value.status == 403
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment
    from apps.orgs.choices import UnitKind
    from apps.orgs.testing import add

    league = add(company.units["company"], name="公司团委", kind=UnitKind.LEAGUE_COMMITTEE)
    cadre = company.users["norole"]
    RoleAssignment.objects.create(user=cadre, role=Role.LEAGUE_CADRE, unit=league)
    c = services.campaign_create(
        actor=cadre,
        organiser=league,
        title="青年创新创效",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 1),
        scope_unit=league,
        now=NOW,
    )
    assert c.pk
    with pytest.raises(DomainError) as err:  # 生产部 is outside a 团委 cadre's reach
        services.campaign_create(
            actor=cadre,
            organiser=league,
            title="x",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 4, 1),
            scope_unit=company.units["prod"],
            now=NOW,
        )
    assert err.value.code == "scope_out_of_reach"


@pytest.mark.parametrize(
    ("starts", "ends", "code"),
    [
        (date(2026, 3, 10), date(2026, 3, 1), "bad_window"),
        (date(2026, 1, 1), date(2026, 2, 1), "past_window"),
    ],
)
def test_bad_campaign_windows(company, starts, ends, code):
    with pytest.raises(DomainError) as err:
        services.campaign_create(
            actor=company.users["dangwei"],
            organiser=company.units["company"],
            title="x",
            starts_on=starts,
            ends_on=ends,
            scope_unit=company.units["company"],
            now=NOW,
        )
    assert err.value.code == code
