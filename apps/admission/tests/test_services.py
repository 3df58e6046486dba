"""Every stage's rule at its edge (the day before refused, the day itself passes), the vote's
quorum and majority, the higher committee's approval and send-back."""

from datetime import date
from decimal import Decimal

import pytest

from apps.admission import services
from apps.admission.choices import AdmissionStatus as S
from apps.admission.models import Admission, AdmissionPolicy, Vote
from apps.core.errors import DomainError, Forbidden
from apps.learning.models import Course, StudyRecord
from apps.orgs.choices import MemberKind, PoliticalStatus
from apps.orgs.models import PartyMembership
from apps.supervision.models import SupervisedItem

from .factories import (
    NOW,
    applicant,
    at,
    meeting,
    probationary,
    review,
    start,
    to_activist,
    to_candidate,
    to_publicity,
)


def refused(code, fn, **kwargs):
    with pytest.raises(DomainError) as e:
        fn(**kwargs)
    assert e.value.code == code, e.value.message
    return str(e.value.message)


# --- 入党申请 ---------------------------------------------------------------------------------


def test_the_applicant_is_18_on_the_day_of_the_application(company):
    young = applicant(company, born=date(2008, 3, 15))
    args = {"actor": company.users["shuji"], "person": young, "branch": company.units["branch1"]}
    message = refused(
        "too_young", services.admission_apply, applied_on=date(2026, 3, 14), now=NOW, **args
    )
    assert "2026-03-15" in message and "周晓明" in message
    admission = services.admission_apply(applied_on=date(2026, 3, 15), now=NOW, **args)
    assert admission.status == S.APPLICANT


def test_an_unknown_birth_date_a_member_and_a_second_application_are_refused(company):
    shuji = company.users["shuji"]
    branch = company.units["branch1"]
    nobirth = applicant(company, no="20009", born=None)
    refused(
        "no_birth_date", services.admission_apply, actor=shuji, person=nobirth, branch=branch,
        applied_on=date(2026, 1, 5), now=NOW,
    )  # fmt: skip
    refused(
        "already_member", services.admission_apply, actor=shuji, person=company.people["shuji"],
        branch=branch, applied_on=date(2026, 1, 5), now=NOW,
    )  # fmt: skip
    admission = start(company)
    refused(
        "already_open", services.admission_apply, actor=shuji, person=admission.person,
        branch=branch, applied_on=date(2026, 1, 5), now=NOW,
    )  # fmt: skip
    assert Admission.objects.count() == 1


def test_another_branchs_secretary_cannot_register_an_application(company, person):
    refused(
        "branch_out_of_reach", services.admission_apply, actor=company.users["tech_shuji"],
        person=person, branch=company.units["branch1"], applied_on=date(2026, 1, 5), now=NOW,
    )  # fmt: skip
    assert not Admission.objects.filter(person=person).exists()


def test_the_talk_within_a_month_is_on_time_on_the_last_day_and_late_the_day_after(company):
    shuji = company.users["shuji"]
    first = start(company)  # 2025-01-06: due 2025-02-05
    assert (first.next_step, first.next_due) == ("talk", date(2025, 2, 5))
    assert SupervisedItem.objects.get(object_id=first.pk).kind == "admission"
    services.admission_talk(
        actor=shuji, admission=first, talked_on=date(2025, 2, 5), note="谈话", now=NOW
    )
    second = start(company, person=applicant(company, no="20002", name="钱多多"))
    services.admission_talk(
        actor=shuji, admission=second, talked_on=date(2025, 2, 6), note="谈话", now=NOW
    )
    assert [a.events.get(action="talk").on_time for a in (first, second)] == [True, False]
    refused(
        "required", services.admission_talk, actor=shuji,
        admission=start(company, person=applicant(company, no="20003", name="孙丽")),
        talked_on=date(2025, 1, 10), note="", now=NOW,
    )  # fmt: skip


def test_a_talk_before_the_application_or_in_the_future_is_refused(company):
    admission = start(company)
    shuji = company.users["shuji"]
    kw = {"actor": shuji, "admission": admission, "note": "谈话"}
    refused("too_early", services.admission_talk, talked_on=date(2025, 1, 5), now=NOW, **kw)
    refused("future_day", services.admission_talk, talked_on=date(2028, 1, 1), now=NOW, **kw)
    admission.refresh_from_db()
    assert admission.talked_on is None


# --- 入党积极分子 ------------------------------------------------------------------------------


def test_contacts_are_one_or_two_full_members_and_not_the_person(company, full):
    admission = start(company)
    shuji = company.users["shuji"]
    services.admission_talk(
        actor=shuji, admission=admission, talked_on=date(2025, 1, 20), note="谈话", now=NOW
    )
    kw = {"actor": shuji, "admission": admission, "decided_on": date(2025, 2, 10), "now": NOW}
    refused("contacts_count", services.admission_activist, contacts=full[:3], **kw)
    refused("contacts_count", services.admission_activist, contacts=[], **kw)
    message = refused(
        "not_full_member", services.admission_activist, contacts=[probationary(company)], **kw
    )
    assert "吴预备" in message
    refused("self_named", services.admission_activist, contacts=[admission.person], **kw)
    services.admission_activist(contacts=full[:2], **kw)
    admission.refresh_from_db()
    assert admission.status == S.ACTIVIST and admission.contacts.count() == 2


def test_an_activist_is_not_decided_before_the_talk(company, full):
    admission = start(company)
    message = refused(
        "missing", services.admission_activist, actor=company.users["shuji"], admission=admission,
        decided_on=date(2025, 2, 10), contacts=full[:1], now=NOW,
    )  # fmt: skip
    assert "谈话" in message


# --- 发展对象 ----------------------------------------------------------------------------------


def test_a_year_as_an_activist_the_day_before_and_the_day_of(company, full):
    admission = to_activist(company, start(company), full[:1], day=date(2025, 2, 10))
    review(company, admission, date(2025, 8, 10))
    review(company, admission, date(2026, 2, 9))
    kw = {"actor": company.users["shuji"], "admission": admission, "now": NOW}
    message = refused("not_yet", services.admission_candidate, decided_on=date(2026, 2, 9), **kw)
    assert "2026-02-10" in message
    services.admission_candidate(decided_on=date(2026, 2, 10), **kw)
    admission.refresh_from_db()
    assert admission.status == S.CANDIDATE


def test_a_review_every_half_year_is_needed(company, full):
    admission = to_activist(company, start(company), full[:1], day=date(2025, 2, 10))
    review(company, admission, date(2025, 8, 10))
    message = refused(
        "reviews_missing", services.admission_candidate, actor=company.users["shuji"],
        admission=admission, decided_on=date(2026, 2, 10), now=NOW,
    )  # fmt: skip
    assert "应有 2 次" in message and "1 次" in message


def test_the_activist_year_follows_the_settings(company, full):
    AdmissionPolicy.objects.create(activist_months=6)
    admission = to_activist(company, start(company), full[:1], day=date(2025, 2, 10))
    review(company, admission, date(2025, 8, 10))
    services.admission_candidate(
        actor=company.users["shuji"], admission=admission, decided_on=date(2025, 8, 10), now=NOW
    )
    admission.refresh_from_db()
    assert admission.status == S.CANDIDATE  # six months were enough under the settings


def test_a_step_out_of_order_says_the_stage(company, full):
    admission = start(company)
    message = refused(
        "bad_transition", services.admission_candidate, actor=company.users["shuji"],
        admission=admission, decided_on=date(2026, 2, 10), now=NOW,
    )  # fmt: skip
    assert "入党申请人" in message


# --- the steps of a 发展对象 -------------------------------------------------------------------


def test_training_of_three_days_or_24_hours(company, full):
    admission = to_candidate(company, start(company), full[:1])
    kw = {"actor": company.users["shuji"], "admission": admission, "now": NOW}
    message = refused(
        "training_short", services.admission_training,
        start=date(2026, 3, 2), end=date(2026, 3, 3), hours=Decimal("23.5"), **kw,
    )  # fmt: skip
    assert "2 天" in message and "23.5 学时" in message
    services.admission_training(start=date(2026, 3, 2), end=date(2026, 3, 3), hours=24, **kw)
    admission.refresh_from_db()
    assert admission.training_hours == 24


def test_training_hours_come_from_the_learning_area_when_it_has_them(company, full):
    admission = to_candidate(company, start(company), full[:1])
    course = Course.objects.create(title="发展对象培训班", hours=24, unit=company.units["party"])
    StudyRecord.objects.create(
        person=admission.person, course=course, unit=company.units["prod"], hours=24,
        completed_at=at(date(2026, 3, 2)),
    )  # fmt: skip
    services.admission_training(
        actor=company.users["shuji"], admission=admission, start=date(2026, 3, 2),
        end=date(2026, 3, 2), hours=2, now=NOW,
    )  # fmt: skip
    admission.refresh_from_db()
    assert admission.training_hours == 24


def test_sponsors_are_two_full_members(company, full):
    admission = to_candidate(company, start(company), full[:1])
    kw = {"actor": company.users["shuji"], "admission": admission, "now": NOW}
    message = refused(
        "not_full_member", services.admission_sponsors,
        sponsors=[full[1], probationary(company)], **kw,
    )  # fmt: skip
    assert "吴预备" in message and "入党介绍人" in message
    assert "现填 1 名" in refused(
        "sponsors_count", services.admission_sponsors, sponsors=full[:1], **kw
    )
    services.admission_sponsors(sponsors=full[1:3], **kw)
    assert admission.sponsors.count() == 2


def test_publicity_says_what_is_missing(company, full):
    admission = to_candidate(company, start(company), full[:1])
    message = refused(
        "missing", services.admission_publicity, actor=company.users["shuji"],
        admission=admission, start=date(2026, 4, 6), now=NOW,
    )  # fmt: skip
    assert "政治审查" in message and "集中培训" in message and "入党介绍人" in message


def test_a_failed_political_review_stops_the_way(company, full):
    admission = to_candidate(company, start(company), full[:1])
    refused(
        "political_failed", services.admission_political, actor=company.users["shuji"],
        admission=admission, done_on=date(2026, 3, 1), passed=False, note="有问题", now=NOW,
    )  # fmt: skip
    admission.refresh_from_db()
    assert admission.political_on is None


# --- the vote ------------------------------------------------------------------------------


def _publicised(company, full):
    admission = to_publicity(company, start(company), full[:1], full[1:3])
    assert admission.publicity_end == date(2026, 4, 10)  # Mon 6 → Fri 10: five working days
    return admission


def vote(company, admission, m, voters, favour, against=0, abstain=0):
    return services.admission_vote(
        actor=company.users["shuji"], admission=admission, meeting=m, voters=voters,
        favour=favour, against=against, abstain=abstain, now=NOW,
    )  # fmt: skip


def test_the_vote_is_after_the_publicity_ends(company, full):
    admission = _publicised(company, full)
    early = meeting(company, date(2026, 4, 10), present=full)
    message = refused("too_early", vote, company=company, admission=admission, m=early,
                      voters=full, favour=5)  # fmt: skip
    assert "2026-04-11" in message
    vote(company, admission, meeting(company, date(2026, 4, 11), present=full), full, 5)
    admission.refresh_from_db()
    assert admission.status == S.ADMIT_PENDING


def test_quorum_is_more_than_half_of_those_entitled(company, full):
    admission = _publicised(company, full)
    two = meeting(company, date(2026, 4, 13), present=full[:2], absent=full[2:])
    message = refused("no_quorum", vote, company=company, admission=admission, m=two,
                      voters=full[:2], favour=2)  # fmt: skip
    assert "应到会有表决权的正式党员 5 人,实到 2 人" in message and "至少 3 人" in message
    assert not Vote.objects.exists()
    three = meeting(company, date(2026, 4, 14), present=full[:3], absent=full[3:])
    assert vote(company, admission, three, full[:3], 3).passed


def test_the_majority_is_of_all_entitled_not_of_those_present(company, full):
    admission = _publicised(company, full)
    three = meeting(company, date(2026, 4, 13), present=full[:3], absent=full[3:])
    failed = vote(company, admission, three, full[:3], 2, against=1)  # 2 of 3 present, 2 of 5
    assert not failed.passed and (failed.entitled, failed.present) == (5, 3)
    admission.refresh_from_db()
    assert admission.status == S.CANDIDATE  # held and recorded, not passed
    assert "未通过" in admission.events.get(action="vote").note
    again = meeting(company, date(2026, 4, 20), present=full[:3], absent=full[3:])
    assert vote(company, admission, again, full[:3], 3).passed


def test_only_present_entitled_members_vote_and_the_counts_add_up(company, full):
    admission = _publicised(company, full)
    m = meeting(company, date(2026, 4, 13), present=[*full[:4], company.people["bumen"]],
                absent=full[4:])  # fmt: skip
    kw = {"company": company, "admission": admission, "m": m}
    message = refused("voter_not_entitled", vote, voters=[*full[:3], company.people["bumen"]],
                      favour=4, **kw)  # fmt: skip
    assert "李明" in message
    assert "党员3" in refused("voter_absent", vote, voters=full[2:5], favour=3, **kw)
    refused("vote_sum", vote, voters=full[:4], favour=3, **kw)
    assert not Vote.objects.exists()


def test_a_meeting_of_another_kind_or_not_yet_closed_is_refused(company, full):
    from apps.meetings.tests.factories import closed_meeting, make_meeting

    admission = _publicised(company, full)
    study = closed_meeting(company, statuses=dict.fromkeys(full, "present"),
                           starts_at=at(date(2026, 4, 13)))  # fmt: skip
    refused("meeting_unit", vote, company=company, admission=admission, m=study, voters=full,
            favour=5)  # fmt: skip
    planned = make_meeting(company, code="general_meeting", starts_at=at(date(2026, 4, 13)))
    refused("meeting_not_held", vote, company=company, admission=admission, m=planned,
            voters=full, favour=5)  # fmt: skip
    assert not Vote.objects.filter(admission=admission).exists()


# --- the higher committee ------------------------------------------------------------------


def _voted(company, full, day=date(2026, 4, 13)):
    admission = _publicised(company, full)
    vote(company, admission, meeting(company, day, present=full), full, 5)
    return admission


def test_the_committee_approves_and_the_roster_follows(company, full):
    admission = _voted(company, full)
    kw = {"admission": admission, "talked_on": date(2026, 5, 1), "now": NOW}
    with pytest.raises(Forbidden):
        services.admission_approve(actor=company.users["shuji"], decided_on=date(2026, 5, 6), **kw)
    services.admission_approve(actor=company.users["dangwei"], decided_on=date(2026, 7, 13), **kw)
    admission.refresh_from_db()
    person = admission.person
    person.refresh_from_db()
    assert admission.status == S.PROBATIONARY
    assert (admission.admitted_on, admission.probation_end) == (
        date(2026, 4, 13),
        date(2027, 4, 13),
    )
    assert person.political_status == PoliticalStatus.PROBATIONARY
    membership = PartyMembership.objects.get(person=person)
    assert (membership.kind, membership.joined_on) == (MemberKind.PROBATIONARY, date(2026, 4, 13))
    assert admission.events.get(action="approve").on_time is True  # the last day of 3 months


def test_an_approval_after_three_months_is_recorded_late(company, full):
    admission = _voted(company, full)
    services.admission_approve(
        actor=company.users["dangwei"], admission=admission, talked_on=date(2026, 5, 1),
        decided_on=date(2026, 7, 14), now=NOW,
    )  # fmt: skip
    assert admission.events.get(action="approve").on_time is False


def test_send_back_with_a_reason_then_a_new_vote(company, full):
    admission = _voted(company, full)
    dangwei = company.users["dangwei"]
    kw = {"actor": dangwei, "admission": admission, "decided_on": date(2026, 5, 6), "now": NOW}
    refused("required", services.admission_send_back, reason="  ", **kw)
    services.admission_send_back(reason="政治审查材料不全,请补充直系亲属情况。", **kw)
    admission.refresh_from_db()
    assert admission.status == S.CANDIDATE
    sent = admission.votes.get()
    assert (sent.approved, sent.reason) == (False, "政治审查材料不全,请补充直系亲属情况。")
    assert admission.events.filter(action="send_back", note__contains="直系亲属").exists()
    vote(company, admission, meeting(company, date(2026, 6, 1), present=full), full, 5)
    admission.refresh_from_db()
    assert admission.status == S.ADMIT_PENDING and admission.votes.count() == 2


def test_confirmation_after_the_probation_year_makes_a_full_member(company, full):
    admission = _voted(company, full)
    dangwei = company.users["dangwei"]
    services.admission_approve(
        actor=dangwei, admission=admission, talked_on=date(2026, 5, 1),
        decided_on=date(2026, 5, 6), now=NOW,
    )  # fmt: skip
    review(company, admission, date(2026, 10, 13))
    review(company, admission, date(2027, 4, 1))
    early = meeting(company, date(2027, 4, 12), present=full)
    message = refused("not_yet", vote, company=company, admission=admission, m=early,
                      voters=full, favour=5)  # fmt: skip
    assert "2027-04-13" in message
    vote(company, admission, meeting(company, date(2027, 4, 13), present=full), full, 5)
    services.admission_approve(
        actor=dangwei, admission=admission, talked_on=date(2027, 4, 20),
        decided_on=date(2027, 4, 25), now=NOW,
    )  # fmt: skip
    admission.refresh_from_db()
    assert (admission.status, admission.full_on) == (S.FULL, date(2027, 4, 13))
    membership = PartyMembership.objects.get(person=admission.person)
    assert (membership.kind, membership.confirmed_on) == (MemberKind.FULL, date(2027, 4, 13))
    assert not SupervisedItem.objects.filter(object_id=admission.pk, closed_at=None).exists()
