"""Issue 10 §3, meetings: compliance from a unit's founding, 补录 of a meeting held in the past,
the kind checked against the unit, the higher level's review of the record, 党小组 membership
and the kinds' settings."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.meetings import compliance, services
from apps.meetings.choices import AttendanceStatus, Frequency, MakeupStatus, MeetingStatus
from apps.meetings.models import Attendance, MeetingKind, PartyGroupMember, RecordReview
from apps.meetings.selectors import Period, records_to_review
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.testing import add
from apps.standards import judges

from .factories import add_member, closed_meeting, kind, local, make_meeting

S = AttendanceStatus


@pytest.fixture
def group(company):
    """第一党小组 of 生产一支部, set up with the branch."""
    unit = add(company.units["branch1"], name="第一党小组", kind=UnitKind.PARTY_GROUP, code="G1")
    OrgUnit.objects.filter(pk=unit.pk).update(created_at=local(2020, 1, 1))
    unit.refresh_from_db()
    return unit


@pytest.fixture
def zongzhi(company):
    """The secretary of 生产党总支, the level above 生产一支部."""
    user = User.objects.create_user(username="zongzhi", password="x")
    RoleAssignment.objects.create(user=user, role=Role.BRANCH_SECRETARY, unit=company.units["gb"])
    return user


# --- compliance counts only months after the unit existed -------------------------------------


def test_a_branch_set_up_mid_year_owes_nothing_for_the_months_before(company):
    """A branch set up on 15 March 2026 is not missing January–March (a month or quarter that
    began before it); April, after it, is owed — and the 达标率 judge says the same."""
    branch = add(company.units["party"], name="新建支部", kind=UnitKind.BRANCH, code="P-NEW")
    OrgUnit.objects.filter(pk=branch.pk).update(created_at=local(2026, 3, 15, 10))
    branch.refresh_from_db()
    kind("theme_day")
    data = compliance.compliance(
        user=company.users["dangwei"],
        period=Period(date(2026, 1, 1), date(2026, 4, 30)),
        unit=branch,
        today=date(2026, 5, 15),
    )
    [row] = data["rows"]
    gaps = {g["label"] for g in row["gaps"]}
    assert "4月 主题党日" in gaps and "4月 支委会" in gaps
    assert not [g for g in gaps if g.startswith(("1月", "2月", "3月", "第1季度"))]
    judge = judges.get("meetings.required_held")
    march = judge.fn(branches=[branch], start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert march[branch.pk].passed


def test_a_meeting_held_before_the_founding_date_still_counts(company):
    """The founding date is when the unit was entered: a meeting recorded before it is held."""
    branch1 = company.units["branch1"]
    OrgUnit.objects.filter(pk=branch1.pk).update(created_at=local(2026, 3, 15))
    closed_meeting(company, code="theme_day", statuses={}, starts_at=local(2026, 3, 5, 9))
    items = compliance.compliance_of(
        [OrgUnit.objects.get(pk=branch1.pk)],
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        today=date(2026, 4, 15),
    )[branch1.pk]
    assert [(i["kind"].code, i["state"]) for i in items] == [("theme_day", "held")]


# --- 补录 ------------------------------------------------------------------------------------


def _record(company, **kw):
    start = kw.pop("starts_at", local(2026, 3, 20, 14, 30))
    args = {
        "actor": company.users["shuji"],
        "unit": company.units["branch1"],
        "kind": kind("theme_day"),
        "topic": "三月主题党日",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "党员活动室",
        "host": company.people["shuji"],
        "minutes": "<p>重温入党誓词</p>",
        "now": local(2026, 4, 2, 9),
    }
    args.update(kw)
    return services.meeting_record(**args)


def test_a_meeting_held_in_the_past_is_recorded_closed_and_counts(company, member):
    away = add_member(company, "wanggang", "10021", "王刚")
    meeting = _record(
        company,
        attendance={company.people["shuji"]: S.PRESENT, member: S.ABSENT, away: S.LEAVE},
    )
    assert (meeting.status, meeting.backfilled) == (MeetingStatus.CLOSED, True)
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    assert rows == {company.people["shuji"].pk: S.PRESENT, member.pk: S.ABSENT, away.pk: S.LEAVE}
    owed = Attendance.objects.filter(meeting=meeting, makeup_status=MakeupStatus.PENDING)
    assert set(owed.values_list("person_id", flat=True)) == {member.pk, away.pk}
    events = LogEntry.objects.get_for_object(meeting).filter(action=LogEntry.Action.ACCESS)
    assert any("补录" in str(e.changes) for e in events)
    items = compliance.compliance_of(
        [company.units["branch1"]],
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        today=date(2026, 4, 2),
    )[company.units["branch1"].pk]
    assert ("theme_day", "held") in [(i["kind"].code, i["state"]) for i in items]


def test_a_meeting_not_yet_over_cannot_be_recorded(company):
    with pytest.raises(DomainError) as e:
        _record(
            company,
            starts_at=local(2026, 4, 2, 8, 30),
            attendance={company.people["shuji"]: S.PRESENT},
        )
    assert (e.value.code, e.value.field) == ("not_yet_held", "ends_at")
    with pytest.raises(DomainError) as e:
        _record(company, attendance={company.people["shuji"]: S.SIGNED})
    assert e.value.field == "invitees"


# --- the kind must fit the unit ---------------------------------------------------------------


def test_a_branch_meeting_kind_is_refused_for_a_party_group_and_back(company, group, member):
    services.group_members_add(actor=company.users["shuji"], group=group, numbers=["10020"])
    start = timezone.now() + timedelta(days=1)
    plan = {
        "actor": company.users["shuji"],
        "topic": "会",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "place": "活动室",
        "host": company.people["shuji"],
    }
    with pytest.raises(DomainError) as e:
        services.meeting_plan(unit=group, kind=kind("general_meeting"), **plan)
    assert (e.value.code, e.value.field) == ("kind_wrong_unit", "kind")
    assert "党小组" in e.value.message
    with pytest.raises(DomainError) as e:
        services.meeting_plan(unit=company.units["branch1"], kind=kind("group_meeting"), **plan)
    assert e.value.code == "kind_wrong_unit"
    services.meeting_plan(unit=group, kind=kind("group_meeting"), **plan)


# --- the level above reviews a branch's record --------------------------------------------------


def _closed_by_service(company, member):
    start = timezone.now() - timedelta(hours=1)
    meeting = make_meeting(company, invitees=[company.people["shuji"], member], starts_at=start)
    return services.meeting_close(
        actor=company.users["shuji"], meeting=meeting, minutes="<p>学习了</p>"
    )


def test_a_closed_branch_record_is_reviewed_from_above_not_by_the_branch(
    company, member, zongzhi, django_capture_on_commit_callbacks
):
    meeting = _closed_by_service(company, member)
    assert RecordReview.objects.get(meeting=meeting).status == "pending"
    assert list(records_to_review(user=zongzhi)) == [meeting]
    assert not records_to_review(user=company.users["shuji"]).exists()
    with pytest.raises(Forbidden):
        services.record_review_decide(actor=company.users["shuji"], meeting=meeting, approve=True)
    with pytest.raises(DomainError) as e:
        services.record_review_decide(actor=zongzhi, meeting=meeting, approve=False, note=" ")
    assert e.value.field == "note"
    with django_capture_on_commit_callbacks(execute=True):
        services.record_review_decide(
            actor=zongzhi, meeting=meeting, approve=False, note="缺少会议照片"
        )
    review = RecordReview.objects.get(meeting=meeting)
    assert (review.status, review.note, review.reviewed_by) == ("returned", "缺少会议照片", zongzhi)
    assert Notification.objects.filter(
        user=company.users["shuji"], body="缺少会议照片", url=f"/meetings/{meeting.pk}/"
    ).exists()
    services.meeting_amend(actor=company.users["shuji"], meeting=meeting, minutes="<p>补充</p>")
    assert RecordReview.objects.get(meeting=meeting).status == "pending"
    services.record_review_decide(actor=company.users["dangwei"], meeting=meeting, approve=True)
    assert RecordReview.objects.get(meeting=meeting).status == "approved"
    with pytest.raises(DomainError):
        services.record_review_decide(actor=zongzhi, meeting=meeting, approve=False, note="再退")


def test_a_committee_meeting_has_no_review(company):
    meeting = make_meeting(company, unit="party", starts_at=timezone.now() - timedelta(hours=1))
    services.meeting_close(actor=company.users["dangwei"], meeting=meeting, minutes="<p>x</p>")
    assert not RecordReview.objects.exists()


# --- 党小组 membership -------------------------------------------------------------------------


def test_a_party_group_meeting_invites_its_members_only(company, group, member):
    add_member(company, "wanggang", "10021", "王刚")
    start = timezone.now() + timedelta(days=1)
    plan = {
        "actor": company.users["shuji"],
        "unit": group,
        "kind": kind("group_meeting"),
        "topic": "党小组会",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "place": "班组活动室",
        "host": company.people["shuji"],
    }
    with pytest.raises(DomainError) as e:
        services.meeting_plan(**plan)
    assert e.value.code == "group_empty"
    assert (
        services.group_members_add(
            actor=company.users["shuji"], group=group, numbers=["10020", "10001"]
        )
        == 2
    )
    meeting = services.meeting_plan(**plan)
    invited = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    assert invited == {member.pk, company.people["shuji"].pk}


def test_group_membership_is_for_the_branch_members_and_its_cadres(company, group, member):
    with pytest.raises(DomainError) as e:
        # 陈静 is a member of 技术支部, not of 生产一支部.
        services.group_members_add(actor=company.users["dangwei"], group=group, numbers=["10005"])
    assert (e.value.code, e.value.field) == ("not_in_branch", "numbers")
    with pytest.raises(Forbidden):
        services.group_members_add(
            actor=company.users["tech_shuji"], group=group, numbers=["10020"]
        )
    other = add(company.units["branch1"], name="第二党小组", kind=UnitKind.PARTY_GROUP, code="G2")
    services.group_members_add(actor=company.users["shuji"], group=group, numbers=["10020"])
    services.group_members_add(actor=company.users["shuji"], group=other, numbers=["10020"])
    assert list(PartyGroupMember.objects.values_list("group_id", flat=True)) == [other.pk]
    services.group_member_remove(actor=company.users["shuji"], group=other, person_id=member.pk)
    assert not PartyGroupMember.objects.exists()
    assert PartyGroupMember.all_objects.count() == 2  # both memberships stay on record


# --- kinds and their frequencies --------------------------------------------------------------


def test_the_party_admin_sets_a_kinds_frequency_and_a_secretary_cannot(company):
    theme = kind("theme_day")
    change = {
        theme.pk: {
            "frequency": Frequency.QUARTERLY,
            "unit_kind": UnitKind.BRANCH,
            "counts_as_study": True,
            "sort": 5,
            "active": True,
        }
    }
    with pytest.raises(Forbidden):
        services.kinds_update(actor=company.users["shuji"], changes=change)
    assert services.kinds_update(actor=company.users["dangwei"], changes=change) == 1
    theme.refresh_from_db()
    assert (theme.frequency, theme.counts_as_study, theme.sort) == ("quarterly", True, 5)
    assert services.kinds_update(actor=company.users["dangwei"], changes=change) == 0
    bad = {theme.pk: {**change[theme.pk], "frequency": "daily"}}
    with pytest.raises(DomainError) as e:
        services.kinds_update(actor=company.users["dangwei"], changes=bad)
    assert e.value.field == f"frequency_{theme.pk}"
    assert MeetingKind.objects.get(pk=theme.pk).frequency == "quarterly"
