"""The judges this app registers answer for many branches in a few queries, from the roster
and the role grants; an item whose judge is not registered is left to people."""

from datetime import date

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.orgs.choices import MemberKind
from apps.orgs.models import PartyMembership, Person
from apps.standards import checks, judges


def _branches(company):
    return [company.units["branch1"], company.units["branch2"]]


def test_registered_codes():
    assert judges.is_auto("standards.committee_complete")
    assert judges.is_auto("standards.roster_current")
    assert not judges.is_auto("no.such_judge") and not judges.is_auto("")


def test_committee_small_branch_needs_only_a_secretary(company, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        v = checks.committee_complete(branches=_branches(company), start=None, end=None)
    b1, b2 = company.units["branch1"].pk, company.units["branch2"].pk
    assert v[b1].passed  # 王建国 holds the post 书记 and the role
    assert v[b2].passed  # tech_shuji holds the role on 技术支部 (no roster post)


def test_committee_of_seven_members_needs_three(company):
    b = company.units["branch2"]
    RoleAssignment.objects.filter(unit=b).delete()
    assert (
        checks.committee_complete(branches=[b], start=None, end=None)[b.pk].note == "未配备支部书记"
    )
    people = [
        Person.objects.create(
            employee_no=f"2{i:04d}", name=f"党员{i}", gender="M", department=company.units["tech"]
        )
        for i in range(7)
    ]
    for i, p in enumerate(people):
        PartyMembership.objects.create(
            person=p, branch=b, kind=MemberKind.FULL, party_post="书记" if i == 0 else ""
        )
    v = checks.committee_complete(branches=[b], start=None, end=None)[b.pk]
    assert not v.passed and "至少 3 人" in v.note
    user = User.objects.create_user(username="weiyuan", person=people[1])
    RoleAssignment.objects.create(user=user, role=Role.BRANCH_COMMITTEE, unit=b)
    PartyMembership.objects.filter(person=people[2]).update(party_post="组织委员")
    assert checks.committee_complete(branches=[b], start=None, end=None)[b.pk].passed


def test_roster_current(company, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        v = checks.roster_current(branches=_branches(company), start=None, end=None)
    b1, b2 = company.units["branch1"].pk, company.units["branch2"].pk
    assert not v[b1].passed and "缺转正日期 1" in v[b1].note
    # 技术支部: 陈静 (mobile) and 刘芳 (no mobile), neither with dates.
    assert "缺手机 1" in v[b2].note and "2 名党员信息不全" in v[b2].note
    PartyMembership.objects.filter(branch_id__in=[b1, b2]).update(
        joined_on=date(2010, 1, 1), confirmed_on=date(2011, 1, 1)
    )
    Person.objects.filter(mobile="").update(mobile="13900000000")
    v = checks.roster_current(branches=_branches(company), start=None, end=None)
    assert v[b1].passed and v[b2].passed


def test_an_unregistered_judge_is_manual_until_registered(company, review1):
    from apps.standards import services

    ri = review1.items.get(item__judge="elsewhere.not_installed")
    assert not judges.is_auto("elsewhere.not_installed")

    def held(*, branches, start, end):
        return {b.pk: judges.Verdict(True, "三会一课齐全", "/meetings/") for b in branches}

    judges.register("elsewhere.not_installed", "三会一课", held)
    try:
        services.judge_reviews([review1])
        ri.refresh_from_db()
        assert ri.judged and ri.score == 30 and ri.judge_note == "三会一课齐全"
    finally:
        judges._judges.pop("elsewhere.not_installed")
