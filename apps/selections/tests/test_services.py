"""The procedure as the services run it: the state machine, eligibility at its edges, the
trimmed panel score, the weighted ranking with the pool bonus, 公示 and objections, the
appointment granting the role, the term review and its reminders; every refusal a clear
message that stores nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.core.talentpool import PoolMark
from apps.orgs.models import Person
from apps.supervision.models import SupervisedItem

from .. import eligibility, services
from ..choices import TRANSITIONS, ApplicantStatus, Grade, SelectionStatus, TermOutcome
from ..models import Applicant, Ballot, JudgeScore, Objection, Selection, SelectionEvent, Tally
from .factories import TODAY, at, make_selection, member, score_all, team, to_rounds, vote_all

S = SelectionStatus


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("status", list(S.values))
def test_state_machine_every_step(company, action, status):
    """Each action is taken from exactly the states the table lists, and refused from every
    other one without touching the row."""
    selection = make_selection(company)
    Selection.objects.filter(pk=selection.pk).update(status=status)
    selection.refresh_from_db()
    sources, target = TRANSITIONS[action]
    events = SelectionEvent.objects.count()
    if status in sources:
        services._move(selection, action, actor=company.users["dangwei"])
        selection.refresh_from_db()
        assert selection.status == (target or status)
        assert SelectionEvent.objects.count() == events + 1
    else:
        with pytest.raises(DomainError) as e:
            services._move(selection, action, actor=company.users["dangwei"])
        assert e.value.code == "bad_transition"
        selection.refresh_from_db()
        assert selection.status == status
        assert SelectionEvent.objects.count() == events


def test_weights_must_sum_to_100_and_nothing_is_stored(company):
    with pytest.raises(DomainError) as e:
        make_selection(company, weight_interview=60, weight_vote=30)
    assert e.value.field == "weight_written" and "90" in str(e.value.message)
    assert not Selection.objects.exists()


def test_only_an_org_admin_reaching_the_team_organises(company):
    with pytest.raises(Forbidden):
        services.selection_create(
            actor=company.users["shuji"],
            title="x",
            team=company.units["team1"],
            audience=company.units["prod"],
            weight_written=0,
            weight_interview=70,
            weight_vote=30,
            apply_from=TODAY,
            apply_until=TODAY,
        )
    assert not Selection.objects.exists()


# --- eligibility at its edges -------------------------------------------------------------


def _check(selection, **person):
    return {r["label"]: r["met"] for r in eligibility.check(selection, Person(**person), on=TODAY)}


def test_age_edges(company):
    s = make_selection(company)  # 25–45
    # 25 today (birthday today): met; one day short of 25: not.
    assert _check(s, birth_date=date(2001, 3, 10))["年龄"]
    assert not _check(s, birth_date=date(2001, 3, 11))["年龄"]
    # 45 until the day before the 46th birthday: met; 46 today: not.
    assert _check(s, birth_date=date(1980, 3, 11))["年龄"]
    assert not _check(s, birth_date=date(1980, 3, 10))["年龄"]
    assert not _check(s, birth_date=None)["年龄"]


def test_service_years_and_skill_edges(company):
    s = make_selection(company)  # 3 years, 高级工 (3) or above
    assert _check(s, hired_on=date(2023, 3, 10))["工龄"]
    assert not _check(s, hired_on=date(2023, 3, 11))["工龄"]
    assert _check(s, skill_level="3")["技能等级"]
    assert _check(s, skill_level="1")["技能等级"]
    assert not _check(s, skill_level="4")["技能等级"]
    assert not _check(s, skill_level="")["技能等级"]


def test_a_condition_the_notice_does_not_set_is_not_checked(company):
    s = make_selection(company, min_age=None, max_age=None, min_skill="")
    rows = eligibility.check(s, Person(hired_on=date(2000, 1, 1)), on=TODAY)
    assert [r["label"] for r in rows] == ["工龄"]
    assert rows[0]["actual"] == "26 年" and rows[0]["required"] == "3 年以上"


# --- application --------------------------------------------------------------------------


def test_apply_shows_each_condition_with_its_data(company):
    s = make_selection(company)
    services.selection_publish(actor=company.users["dangwei"], selection=s)
    _p, user = member(company, "30001", "韩梅", birth=date(1988, 1, 1), hired=date(2010, 1, 1))
    a = services.selection_apply(actor=user, selection=s, statement="我要竞聘", now=at(TODAY))
    assert a.status == ApplicantStatus.ELIGIBLE
    assert {c["label"]: (c["actual"], c["met"]) for c in a.checks} == {
        "年龄": ("38 周岁", True),
        "工龄": ("16 年", True),
        "技能等级": ("高级工", True),
    }


@pytest.mark.parametrize("day", [TODAY - timedelta(days=6), TODAY + timedelta(days=6)])
def test_apply_outside_the_window_is_refused(company, day):
    s = make_selection(company)
    services.selection_publish(actor=company.users["dangwei"], selection=s)
    _p, user = member(company, "30001", "韩梅")
    with pytest.raises(DomainError) as e:
        services.selection_apply(actor=user, selection=s, statement="x", now=at(day))
    assert e.value.code == "selection_not_open"
    assert not Applicant.objects.exists()


def test_apply_twice_is_refused(company):
    s = make_selection(company)
    services.selection_publish(actor=company.users["dangwei"], selection=s)
    _p, user = member(company, "30001", "韩梅")
    services.selection_apply(actor=user, selection=s, statement="第一次", now=at(TODAY))
    with pytest.raises(DomainError) as e:
        services.selection_apply(actor=user, selection=s, statement="第二次", now=at(TODAY))
    assert e.value.code == "selection_applied"
    assert Applicant.objects.get().statement == "第一次"


def test_a_condition_not_met_needs_an_exception_and_a_reviewer_with_a_reason(company):
    s = make_selection(company)
    admin = company.users["dangwei"]
    services.selection_publish(actor=admin, selection=s)
    _p, user = member(company, "30001", "韩梅", skill="4")
    with pytest.raises(DomainError) as e:
        services.selection_apply(actor=user, selection=s, statement="x", now=at(TODAY))
    assert e.value.code == "selection_not_met" and "技能等级" in str(e.value.message)
    with pytest.raises(DomainError) as e:
        services.selection_apply(
            actor=user, selection=s, statement="x", request_exception=True, now=at(TODAY)
        )
    assert e.value.field == "exception_request"
    assert not Applicant.objects.exists()
    a = services.selection_apply(
        actor=user,
        selection=s,
        statement="x",
        request_exception=True,
        exception_request="获公司技术能手",
        now=at(TODAY),
    )
    assert a.status == ApplicantStatus.PENDING
    services.selection_close_apply(actor=admin, selection=s)
    with pytest.raises(DomainError):  # rounds wait for the review
        services.selection_start_rounds(actor=admin, selection=s)
    with pytest.raises(DomainError) as e:
        services.applicant_exception(actor=admin, applicant=a, admit=True, reason="  ")
    assert e.value.field == "reason"
    services.applicant_exception(actor=admin, applicant=a, admit=True, reason="业绩突出")
    a.refresh_from_db()
    assert a.status == ApplicantStatus.ADMITTED and a.exception_by == admin
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get(object_pk=str(s.pk), action=LogEntry.Action.ACCESS)
    assert entry.actor == admin and entry.changes["reason"] == ["业绩突出", ""]


# --- rounds -------------------------------------------------------------------------------


def test_trimmed_mean_with_five_judges_and_plain_mean_below(company):
    judges = team(company, 5)
    s = make_selection(company, judges=[p for p, _u in judges])
    _p, u1 = member(company, "30001", "韩梅")
    (a,) = to_rounds(company, s, [u1])
    score_all(s, [u for _p, u in judges], {a: [60, 80, 85, 90, 100]})
    (c,) = services.results(s, [a])
    assert c.interview == Decimal("85.00")  # 60 and 100 dropped


def test_judge_scores_once_within_range_alone(company):
    judges = team(company, 2)
    s = make_selection(company, judges=[p for p, _u in judges])
    _p, u1 = member(company, "30001", "韩梅")
    (a,) = to_rounds(company, s, [u1])
    judge = judges[0][1]
    for bad in (-1, "100.01", "abc"):
        with pytest.raises(DomainError) as e:
            services.score_give(actor=judge, applicant=a, score=bad)
        assert e.value.code == "selection_score_range"
    services.score_give(actor=judge, applicant=a, score=88)
    with pytest.raises(DomainError) as e:
        services.score_give(actor=judge, applicant=a, score=90)
    assert e.value.code == "selection_scored"
    assert list(JudgeScore.objects.values_list("score", flat=True)) == [Decimal("88.00")]
    with pytest.raises(DomainError) as e:
        services.score_give(actor=u1, applicant=a, score=90)
    assert e.value.status == 403 and "不是本次竞聘的评委" in str(e.value.message)


def test_vote_is_anonymous_and_once_per_member(company):
    members = team(company, 3)
    s = make_selection(company, judges=[members[0][0]])
    _p, u1 = member(company, "30001", "韩梅")
    (a,) = to_rounds(company, s, [u1])
    voter = members[1][1]
    services.vote_cast(actor=voter, selection=s, grades={a.pk: Grade.COMPETENT})
    with pytest.raises(DomainError) as e:
        services.vote_cast(actor=voter, selection=s, grades={a.pk: Grade.EXCELLENT})
    assert e.value.code == "selection_voted"
    counts = dict(Tally.objects.filter(applicant=a).values_list("grade", "count"))
    assert counts == {"excellent": 0, "competent": 1, "basic": 0, "incompetent": 0}
    # Nothing joins who voted to what: the ballot has no grade and no time, the tally no voter.
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    tally_fields = {f.name for f in Tally._meta.get_fields()}
    assert ballot_fields == {"id", "selection", "round", "voter"}
    assert tally_fields == {"id", "applicant", "round", "grade", "count"}
    from auditlog.models import LogEntry

    assert not LogEntry.objects.filter(object_repr__contains="competent").exists()
    outsider = company.users["shuji"]
    with pytest.raises(DomainError) as e:
        services.vote_cast(actor=outsider, selection=s, grades={a.pk: Grade.EXCELLENT})
    assert e.value.status == 403 and "只有“运行一班”的成员" in str(e.value.message)
    with pytest.raises(DomainError) as e:
        services.vote_cast(actor=members[2][1], selection=s, grades={})
    assert e.value.code == "selection_vote_incomplete"
    assert Ballot.objects.count() == 1


def test_the_database_itself_keeps_one_ballot_per_member(company):
    """Two requests racing past the service's checks still store one ballot: the unique
    constraint refuses the second insert."""
    from django.db import IntegrityError, transaction

    members = team(company, 1)
    s = make_selection(company)
    Ballot.objects.create(selection=s, round="selection", voter=members[0][0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(selection=s, round="selection", voter=members[0][0])


# --- result, 公示, appointment, term ----------------------------------------------------------


@pytest.fixture
def ranked(company, pool):
    """Two candidates scored by five judges and voted on by the team; the second in the pool."""
    judges = team(company, 5)
    s = make_selection(company, judges=[p for p, _u in judges], pool_bonus=Decimal(3))
    _p1, u1 = member(company, "30001", "韩梅")
    p2, u2 = member(company, "30002", "李雷")
    pool[p2.pk] = PoolMark(level="技师", source="2025年职工职业技能竞赛 电工 二等奖")
    a1, a2 = to_rounds(company, s, [u1, u2])
    ju = [u for _p, u in judges]
    score_all(s, ju, {a1: [90, 90, 90, 90, 90], a2: [86, 86, 86, 86, 86]})
    vote_all(s, ju)
    return s, a1, a2, u1, u2


def test_weighted_total_ranking_and_pool_bonus(company, ranked):
    s, a1, a2, _u1, _u2 = ranked
    services.selection_publicize(actor=company.users["dangwei"], selection=s, now=at(TODAY))
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.total == Decimal("93.00")  # 0.7 × 90 + 0.3 × 100
    assert a2.total == Decimal("93.20")  # 0.7 × 86 + 0.3 × 100 + 3
    assert (a2.rank, a1.rank) == (1, 2)
    assert a2.bonus_source.startswith("技师")
    s.refresh_from_db()
    # 5 working days after Tuesday 10 March: Tuesday 17 March, 18:00.
    assert s.status == S.PUBLICITY and s.publicity_until == at(date(2026, 3, 17), 18)


def test_publicize_waits_for_every_judge(company):
    judges = team(company, 2)
    s = make_selection(company, judges=[p for p, _u in judges])
    _p, u1 = member(company, "30001", "韩梅")
    (a,) = to_rounds(company, s, [u1])
    services.score_give(actor=judges[0][1], applicant=a, score=80)
    with pytest.raises(DomainError) as e:
        services.selection_publicize(actor=company.users["dangwei"], selection=s)
    assert e.value.code == "selection_scores_missing" and "韩梅" in str(e.value.message)
    s.refresh_from_db()
    assert s.status == S.ROUNDS


def test_objections_then_appointment_grants_the_role(company, ranked):
    s, _a1, _a2, u1, u2 = ranked
    admin = company.users["dangwei"]
    services.selection_publicize(actor=admin, selection=s, now=at(TODAY))
    o = services.objection_raise(
        actor=u1, selection=s, text="有人反映其曾违章作业", anonymous=True, now=at(TODAY, 15)
    )
    assert o.author_id is None and o.day == TODAY
    event = SelectionEvent.objects.get(action="objection")
    assert event.actor is None and event.at == at(TODAY, 0)  # only the day
    with pytest.raises(DomainError) as e:
        services.objection_raise(actor=u1, selection=s, text="又一条", now=at(date(2026, 3, 18)))
    assert e.value.code == "selection_publicity_over"
    with pytest.raises(DomainError) as e:
        services.selection_appoint(actor=admin, selection=s, now=at(date(2026, 3, 16)))
    assert e.value.code == "selection_publicity_running"
    with pytest.raises(DomainError) as e:
        services.selection_appoint(actor=admin, selection=s, now=at(date(2026, 3, 18)))
    assert e.value.code == "selection_open_objections"
    services.objection_answer(actor=admin, objection=o, answer="经核实,无违章记录。")
    services.selection_appoint(actor=admin, selection=s, now=at(date(2026, 3, 18)))
    s.refresh_from_db()
    assert s.status == S.APPOINTED
    assert (s.term_start, s.term_end) == (date(2026, 3, 18), date(2029, 3, 17))
    assert RoleAssignment.objects.filter(
        user=u2, role=Role.TEAM_LEADER, unit=company.units["team1"], granted_by=admin
    ).exists()
    assert not RoleAssignment.objects.filter(user=u1, role=Role.TEAM_LEADER).exists()
    assert SupervisedItem.objects.filter(kind="selection_term", object_id=s.pk).exists()
    assert Objection.objects.get().answer == "经核实,无违章记录。"


def test_term_reminders_fire_once_before_the_end(company, ranked):
    s, *_rest = ranked
    admin = company.users["dangwei"]
    services.selection_publicize(actor=admin, selection=s, now=at(TODAY))
    services.selection_appoint(actor=admin, selection=s, now=at(date(2026, 3, 18)))
    early = at(date(2028, 12, 1))  # 107 days before 2029-03-17
    assert services.term_remind(now=early) == 0
    near = at(date(2029, 2, 1))
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.term_remind(now=near)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.term_remind(now=near + timedelta(days=1))  # the tick again: no second one
    got = Notification.objects.filter(title__contains="任期将于")
    # The org admins above the team (the system admin on the company too) and the leader.
    assert sorted(n.user.username for n in got) == ["admin", "dangwei", "u30002"]


def test_term_review_new_selection_takes_back_the_role(company, ranked):
    s, _a1, _a2, _u1, u2 = ranked
    admin = company.users["dangwei"]
    services.selection_publicize(actor=admin, selection=s, now=at(TODAY))
    services.selection_appoint(actor=admin, selection=s, now=at(date(2026, 3, 18)))
    services.vote_cast(actor=u2, selection=s, grades={_a2.pk: Grade.BASIC})
    with pytest.raises(DomainError):
        services.selection_term_review(actor=admin, selection=s, outcome="renew", note=" ")
    services.selection_term_review(
        actor=admin, selection=s, outcome=TermOutcome.RESELECT, note="班组隐患整改滞后"
    )
    s.refresh_from_db()
    assert s.status == S.CLOSED and "量化考核等次" in s.term_results
    assert s.term_results["任期民主测评:李雷"] == "60.00"
    assert not RoleAssignment.objects.filter(user=u2, role=Role.TEAM_LEADER).exists()


def test_term_review_renewal_starts_a_new_term(company, ranked):
    s, *_rest = ranked
    admin = company.users["dangwei"]
    services.selection_publicize(actor=admin, selection=s, now=at(TODAY))
    services.selection_appoint(actor=admin, selection=s, now=at(date(2026, 3, 18)))
    services.selection_term_review(actor=admin, selection=s, outcome=TermOutcome.RENEW, note="称职")
    s.refresh_from_db()
    assert s.status == S.APPOINTED
    assert (s.term_start, s.term_end) == (date(2029, 3, 18), date(2032, 3, 17))


def test_one_ballot_counts_each_candidate_once_when_grades_repeat(company):
    """Two candidates both 优秀 and a third 称职: each candidate's own count goes up by one (the
    counts are written a grade at a time)."""
    members = team(company, 2)
    s = make_selection(company, judges=[members[0][0]])
    users = [member(company, f"3100{i}", name)[1] for i, name in enumerate(["甲", "乙", "丙"])]
    a, b, c = to_rounds(company, s, users)
    grades = {a.pk: Grade.EXCELLENT, b.pk: Grade.EXCELLENT, c.pk: Grade.COMPETENT}
    services.vote_cast(actor=members[1][1], selection=s, grades=grades)
    counted = {(t.applicant_id, t.grade): t.count for t in Tally.objects.filter(count__gt=0)}
    assert counted == {(a.pk, "excellent"): 1, (b.pk, "excellent"): 1, (c.pk, "competent"): 1}
