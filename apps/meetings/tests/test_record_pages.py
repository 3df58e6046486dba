"""The pages of issue 10 §3: 补录, the kinds a unit may hold, the review ledger and step, the
党小组 membership pages and the kinds page; refusals keep what was typed, out of scope is 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.meetings import services
from apps.meetings.choices import AttendanceStatus, MeetingStatus
from apps.meetings.models import Attendance, Meeting, MeetingKind, PartyGroupMember, RecordReview
from apps.orgs.choices import UnitKind
from apps.orgs.testing import add

from .factories import add_member, kind, make_meeting

S = AttendanceStatus


@pytest.fixture
def group(company):
    return add(company.units["branch1"], name="第一党小组", kind=UnitKind.PARTY_GROUP, code="G1")


@pytest.fixture
def zongzhi(company):
    user = User.objects.create_user(username="zongzhi", password="x")
    RoleAssignment.objects.create(user=user, role=Role.BRANCH_SECRETARY, unit=company.units["gb"])
    return user


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _record_form(company, member, **over):
    start = timezone.now() - timedelta(days=3)
    data = {
        "unit": company.units["branch1"].pk,
        "kind": kind("theme_day").pk,
        "topic": "补录:三月主题党日",
        "starts_at": _when(start),
        "ends_at": _when(start + timedelta(hours=2)),
        "place": "党员活动室",
        "host_no": "10001",
        "pick": "1",
        "invitees": [str(company.people["shuji"].pk)],
        "leave_nos": "10020",
        "minutes": "<p>重温入党誓词</p>",
    }
    data.update(over)
    return data


def test_a_past_meeting_is_recorded_on_its_page(client, company, member, login):
    login("shuji")
    r = client.get("/meetings/record/")
    assert r.status_code == 200 and 'data-testid="pick"' in r.content.decode()
    r = client.get(f"/meetings/record/?unit={company.units['branch1'].pk}")
    assert r.status_code == 200 and 'data-testid="record-form"' in r.content.decode()
    future = timezone.now() + timedelta(hours=1)
    r = client.post(
        "/meetings/record/",
        _record_form(company, member, starts_at=_when(future), ends_at=_when(future)),
    )
    assert r.status_code == 400 and "补录:三月主题党日" in r.content.decode()
    r = client.post(
        "/meetings/record/",
        _record_form(
            company,
            member,
            ends_at=_when(timezone.now() + timedelta(hours=1)),
            starts_at=_when(timezone.now() - timedelta(hours=1)),
        ),
    )
    assert r.status_code == 400 and "补录的会议须已经结束" in r.content.decode()
    assert not Meeting.objects.exists()
    r = client.post("/meetings/record/", _record_form(company, member))
    meeting = Meeting.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/meetings/{meeting.pk}/"
    assert (meeting.status, meeting.backfilled) == (MeetingStatus.CLOSED, True)
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    assert rows == {company.people["shuji"].pk: S.PRESENT, member.pk: S.LEAVE}
    assert 'data-testid="backfilled"' in client.get(r["Location"]).content.decode()


def test_the_plan_form_offers_only_the_kinds_the_unit_holds(client, company, group, login):
    login("shuji")
    page = client.get(f"/meetings/new/?unit={group.pk}").content.decode()
    assert "党小组会" in page and "支部党员大会" not in page
    start = timezone.now() + timedelta(days=1)
    r = client.post(
        "/meetings/new/",
        {
            "unit": group.pk,
            "kind": kind("general_meeting").pk,
            "topic": "党员大会",
            "starts_at": _when(start),
            "ends_at": _when(start + timedelta(hours=1)),
            "place": "活动室",
            "host_no": "10001",
        },
    )
    assert r.status_code == 400 and "kind" in r.context["form"].errors
    r = client.post(
        "/meetings/new/",
        {
            "unit": group.pk,
            "kind": kind("group_meeting").pk,
            "topic": "党小组会",
            "starts_at": _when(start),
            "ends_at": _when(start + timedelta(hours=1)),
            "place": "活动室",
            "host_no": "10001",
        },
    )
    assert r.status_code == 400 and "还没有登记成员" in r.content.decode()
    assert not Meeting.objects.exists()


def _closed(company, member):
    meeting = make_meeting(
        company, invitees=[company.people["shuji"], member], starts_at=timezone.now()
    )
    return services.meeting_close(
        actor=company.users["shuji"],
        meeting=meeting,
        minutes="<p>记录</p>",
        now=timezone.now() + timedelta(minutes=5),
    )


def test_the_level_above_reviews_on_its_ledger(client, company, member, zongzhi, login):
    meeting = _closed(company, member)
    login("shuji")
    assert client.get("/meetings/reviews/").status_code == 403
    assert client.get(f"/meetings/{meeting.pk}/review/").status_code == 403
    assert (
        'data-testid="review-button"' not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    )
    login("tech_shuji")
    assert client.get(f"/meetings/{meeting.pk}/review/").status_code == 404
    client.force_login(zongzhi)
    ledger = client.get("/meetings/reviews/")
    assert list(ledger.context["page"].object_list) == [meeting]
    assert 'data-testid="review-button"' in client.get(f"/meetings/{meeting.pk}/").content.decode()
    r = client.post(f"/meetings/{meeting.pk}/review/", {"decision": "return", "note": ""})
    assert r.status_code == 400 and "note" in r.context["form"].errors
    r = client.post(f"/meetings/{meeting.pk}/review/", {"decision": "return", "note": "缺照片"})
    assert r.status_code == 302
    assert RecordReview.objects.get(meeting=meeting).status == "returned"
    assert not client.get("/meetings/reviews/").context["page"].object_list
    login("shuji")
    assert "缺照片" in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_party_group_members_are_recorded_on_its_page(client, company, group, member, login):
    login("shuji")
    r = client.get("/meetings/groups/")
    assert [g.name for g in r.context["page"].object_list] == ["第一党小组"]
    r = client.post(f"/meetings/groups/{group.pk}/", {"numbers": "10020 99999"})
    assert r.status_code == 400 and "10020 99999" in r.content.decode()
    assert not PartyGroupMember.objects.exists()
    r = client.post(f"/meetings/groups/{group.pk}/", {"numbers": "10020"})
    assert r.status_code == 302
    page = client.get(f"/meetings/groups/{group.pk}/").content.decode()
    assert "李强" in page
    r = client.post(f"/meetings/groups/{group.pk}/remove/{member.pk}/")
    assert r.status_code == 302 and not PartyGroupMember.objects.exists()
    login("tech_shuji")
    assert client.get(f"/meetings/groups/{group.pk}/").status_code == 404
    r = client.post(f"/meetings/groups/{group.pk}/", {"numbers": "10020"})
    assert r.status_code == 404 and not PartyGroupMember.objects.exists()


def _kinds_data(**over):
    data = {}
    for k in MeetingKind.objects.all():
        data.update(
            {
                f"frequency_{k.pk}": k.frequency,
                f"unit_kind_{k.pk}": k.unit_kind,
                f"sort_{k.pk}": k.sort,
            }
        )
        if k.active:
            data[f"active_{k.pk}"] = "on"
        if k.counts_as_study:
            data[f"counts_as_study_{k.pk}"] = "on"
        if k.integrity_education:
            data[f"integrity_education_{k.pk}"] = "on"
    data.update(over)
    return data


def test_the_party_admin_sets_frequencies_on_a_page(client, company, login):
    theme = kind("theme_day")
    login("shuji")
    assert client.get("/meetings/kinds/").status_code == 403
    login("dangwei")
    r = client.get("/meetings/kinds/")
    assert r.status_code == 200 and 'data-kind="theme_day"' in r.content.decode()
    assert "/meetings/kinds/" in r.content.decode()  # the tab is there for the admin
    r = client.post("/meetings/kinds/", _kinds_data(**{f"sort_{theme.pk}": "abc"}))
    assert r.status_code == 400
    r = client.post("/meetings/kinds/", _kinds_data(**{f"frequency_{theme.pk}": "quarterly"}))
    assert r.status_code == 302
    theme.refresh_from_db()
    assert theme.frequency == "quarterly"


def test_the_party_admin_marks_a_kind_as_integrity_education_on_the_page(client, company, login):
    """Issue 14 §2: the 廉政教育 flag is set where the kinds are managed, not only in the admin."""
    theme = kind("theme_day")
    assert not theme.integrity_education
    login("dangwei")
    r = client.get("/meetings/kinds/")
    assert f'name="integrity_education_{theme.pk}"' in r.content.decode()
    r = client.post("/meetings/kinds/", _kinds_data(**{f"integrity_education_{theme.pk}": "on"}))
    assert r.status_code == 302
    theme.refresh_from_db()
    assert theme.integrity_education
    data = _kinds_data()
    data.pop(f"integrity_education_{theme.pk}")
    assert client.post("/meetings/kinds/", data).status_code == 302
    theme.refresh_from_db()
    assert not theme.integrity_education


def test_review_and_group_lists_query_counts_do_not_grow(
    client, company, member, zongzhi, django_assert_max_num_queries
):
    def closed_with_review():
        meeting = make_meeting(company, invitees=[member], status=MeetingStatus.CLOSED)
        RecordReview.objects.create(meeting=meeting)

    def group(i):
        unit = add(company.units["branch1"], name=f"第{i}党小组", kind=UnitKind.PARTY_GROUP)
        person = add_member(company, f"g{i}", f"3{i:04d}", f"组员{i}")
        PartyGroupMember.objects.create(group=unit, person=person)

    closed_with_review()
    group(0)
    client.force_login(zongzhi)
    with django_assert_max_num_queries(30) as few:
        client.get("/meetings/reviews/")
    client.force_login(company.users["shuji"])
    with django_assert_max_num_queries(30) as few_groups:
        client.get("/meetings/groups/")
    for _i in range(15):
        closed_with_review()
    for i in range(1, 15):
        group(i)
    client.force_login(zongzhi)
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get("/meetings/reviews/")
    assert r.context["page"].paginator.count == 16
    client.force_login(company.users["shuji"])
    with django_assert_max_num_queries(len(few_groups.captured_queries)):
        r = client.get("/meetings/groups/")
    assert [g.member_count for g in r.context["page"].object_list] == [1] * 15
