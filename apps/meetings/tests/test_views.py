"""Pages: plan with the unit's members ticked, the QR panel, the scan URL (login, then signed in
once), leave, manual sign-in, close with minutes and photos, 补学, my meetings, the calendar,
compliance and figures; bad input keeps what was typed and never 500s; query counts."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from apps.core.models import Attachment
from apps.meetings import signin
from apps.meetings.choices import AttendanceStatus, MakeupStatus, MeetingStatus
from apps.meetings.models import Attendance, Meeting

from .factories import closed_meeting, kind, local, make_meeting

S = AttendanceStatus
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def _form(company, **over):
    start = timezone.localtime() + timedelta(days=2)
    data = {
        "unit": company.units["branch1"].pk,
        "kind": kind("theme_day").pk,
        "topic": "主题党日:重温入党誓词",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "党员活动室",
        "host_no": "10001",
        "recorder_no": "10020",
        "pick": "1",
        "invitees": [str(company.people["shuji"].pk), str(company.people["liqiang"].pk)],
        "extra_nos": "10003",
        "agenda": "1. 重温入党誓词",
    }
    data.update(over)
    return data


def test_plan_form_ticks_the_members(client, company, member, login):
    login("shuji")
    r = client.get("/meetings/new/")
    assert r.status_code == 200 and 'data-testid="pick"' in r.content.decode()
    r = client.get(f"/meetings/new/?unit={company.units['branch1'].pk}&kind={kind('committee').pk}")
    html = r.content.decode()
    assert "李强(10020)" in html and "王建国(10001)" in html and "checked" in html


def test_plan_and_see_it(client, company, member, login):
    login("shuji")
    r = client.post("/meetings/new/", _form(company))
    meeting = Meeting.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/meetings/{meeting.pk}/"
    invited = set(meeting.attendances.values_list("person__employee_no", flat=True))
    assert invited == {"10001", "10020", "10003"}
    assert meeting.recorder == member
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "重温入党誓词" in page and 'hx-get="/meetings/' in page and "李强" in page


def test_plan_refused_keeps_what_was_typed(client, company, member, login):
    login("shuji")
    r = client.post("/meetings/new/", _form(company, host_no="99999", topic="保留这个主题"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "找不到工号为“99999”的人员" in html and "保留这个主题" in html
    r = client.post("/meetings/new/", _form(company, ends_at="2020-01-01T00:00"))
    assert r.status_code == 400 and "结束时间须晚于开始时间" in r.content.decode()
    assert not Meeting.objects.exists()


def test_wrong_material_type_is_refused(client, company, member, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login("shuji")
    bad = SimpleUploadedFile("材料.pdf", EXE, "application/pdf")
    r = client.post("/meetings/new/", {**_form(company), "materials": [bad]})
    assert r.status_code == 400 and "materials" in r.context["form"].errors
    assert not Meeting.objects.exists() and not Attachment.objects.exists()


def test_qr_panel_and_scan_url(client, company, member, login):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    login("shuji")
    r = client.get(f"/meetings/{meeting.pk}/qr/")
    html = r.content.decode()
    assert r.status_code == 200 and "<svg" in html and "已签到 0 / 2" in html
    assert r["Cache-Control"] == "no-store"
    token = signin.signin_token(meeting)
    url = "/meetings/signin/?" + urlencode({"t": token})
    client.logout()
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/?next=")
    login("liqiang")
    r = client.get(url)
    assert r.status_code == 200 and 'data-testid="signin-button"' in r.content.decode()
    assert not Attendance.objects.exclude(signed_in_at=None).exists()  # GET changes nothing
    r = client.post("/meetings/signin/", {"t": token})
    assert "签到成功" in r.content.decode()
    r = client.post("/meetings/signin/", {"t": token})
    assert "无需重复签到" in r.content.decode()
    assert Attendance.objects.exclude(signed_in_at=None).count() == 1


@pytest.mark.parametrize(
    "token,message,status",
    [("forged:abc", "签到码无效", 400), ("", "签到码无效", 400)],
)
def test_bad_codes_get_a_clear_page(client, company, member, login, token, message, status):
    login("liqiang")
    r = client.post("/meetings/signin/", {"t": token})
    assert r.status_code == status and message in r.content.decode()


def test_expired_and_uninvited_codes(client, company, member, login):
    meeting = make_meeting(company, invitees=[member])
    old = signin.signin_token(meeting, now=timezone.now() - timedelta(minutes=5))
    login("liqiang")
    r = client.post("/meetings/signin/", {"t": old})
    assert r.status_code == 400 and "已过期" in r.content.decode()
    login("zhigong")
    r = client.get("/meetings/signin/?" + urlencode({"t": signin.signin_token(meeting)}))
    assert r.status_code == 403 and "不在本次会议的参会名单中" in r.content.decode()
    assert not Attendance.objects.exclude(signed_in_at=None).exists()


def test_leave_and_decision_pages(client, company, member, login):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    login("liqiang")
    r = client.post(f"/meetings/{meeting.pk}/leave/", {"reason": ""})
    assert r.status_code == 400
    client.post(f"/meetings/{meeting.pk}/leave/", {"reason": "外出培训"})
    row = Attendance.objects.get(meeting=meeting, person=member)
    assert row.status == S.LEAVE_REQUESTED
    login("shuji")
    assert "外出培训" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    client.post(f"/meetings/{meeting.pk}/leave/{row.pk}/", {"approve": "1"})
    row.refresh_from_db()
    assert row.status == S.LEAVE


def test_manual_sign_in_and_close_with_photos(client, company, member, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.hazards.tests.factories import png_bytes

    meeting = make_meeting(
        company,
        invitees=[member, company.people["shuji"]],
        starts_at=timezone.now() - timedelta(minutes=1),
    )
    login("shuji")
    client.post(f"/meetings/{meeting.pk}/sign/", {"people": [member.pk]})
    assert Attendance.objects.get(meeting=meeting, person=member).sign_method == "manual"
    bad = SimpleUploadedFile("a.png", EXE, "image/png")
    r = client.post(
        f"/meetings/{meeting.pk}/close/", {"minutes": "<p>会议记录</p>", "photos": [bad]}
    )
    assert r.status_code == 400 and "photos" in r.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED  # nothing stored half
    good = SimpleUploadedFile("a.png", png_bytes(), "image/png")
    r = client.post(
        f"/meetings/{meeting.pk}/close/", {"minutes": "<p>会议记录</p>", "photos": [good]}
    )
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "会议记录" in page and "<img" in page and "修改会议记录" in page
    # Amending after closing is audited and shown in the history.
    r = client.post(f"/meetings/{meeting.pk}/edit/", {"minutes": "<p>更正</p>"})
    assert r.status_code == 302
    assert "结束后修改会议记录" in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_mine_and_makeup(client, company, member, login):
    meeting = closed_meeting(company, statuses={member: S.ABSENT}, starts_at=local(2026, 3, 10, 14))
    upcoming = make_meeting(company, invitees=[member], topic="即将召开的支委会")
    login("liqiang")
    html = client.get("/meetings/mine/").content.decode()
    assert "即将召开的支委会" in html and 'data-testid="makeups"' in html
    row = meeting.attendances.get(person=member)
    page = client.get(f"/meetings/makeup/{row.pk}/").content.decode()
    assert "记录" in page and "完成补学" in page
    r = client.post(f"/meetings/makeup/{row.pk}/", {"note": "认真学习了会议精神"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.makeup_status == MakeupStatus.DONE
    assert 'data-testid="makeups"' not in client.get("/meetings/mine/").content.decode()
    assert upcoming


def test_calendar_compliance_figures_render(client, company, member, login):
    closed_meeting(
        company, statuses={member: S.PRESENT}, starts_at=timezone.now() - timedelta(days=1)
    )
    login("dangwei")
    month = timezone.localdate().strftime("%Y-%m")
    assert client.get(f"/meetings/calendar/?month={month}").status_code == 200
    assert client.get("/meetings/calendar/?month=garbage&unit=abc").status_code == 200
    r = client.get("/meetings/compliance/?period=month")
    assert r.status_code == 200 and "生产一支部" in r.content.decode()
    assert client.get("/meetings/compliance/?start=bad&end=2026-13-01&all=1").status_code == 200
    r = client.get("/meetings/figures/?period=year")
    assert r.status_code == 200 and 'data-chart="meeting-chart-months"' in r.content.decode()
    assert client.get("/meetings/figures/coverage/?covered=0").status_code == 200
    assert client.get("/meetings/figures/members/").status_code == 200


def test_list_query_count_does_not_grow(
    client, company, member, login, django_assert_max_num_queries
):
    for _i in range(3):
        make_meeting(company, invitees=[member])
    login("dangwei")
    with django_assert_max_num_queries(20) as few:
        client.get("/meetings/")
    for _i in range(40):
        make_meeting(company, invitees=[member, company.people["shuji"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get("/meetings/")
    assert r.context["page"].paginator.count == 43


def test_mine_query_count_does_not_grow(
    client, company, member, login, django_assert_max_num_queries
):
    make_meeting(company, invitees=[member])
    closed_meeting(company, statuses={member: S.ABSENT}, starts_at=local(2026, 3, 10, 14))
    login("liqiang")
    with django_assert_max_num_queries(20) as few:
        client.get("/meetings/mine/")
    for _i in range(30):
        make_meeting(company, invitees=[member])
        closed_meeting(company, statuses={member: S.ABSENT}, starts_at=local(2026, 3, 10, 14))
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get("/meetings/mine/")
    assert r.status_code == 200
    # The rows the query count covers are on the page: 31 upcoming and 31 owed 补学 (the
    # first 20 of each shown), 31 closed meetings in the history.
    assert (len(r.context["upcoming"]), len(r.context["makeups"])) == (20, 20)
    assert r.context["page"].paginator.count == 31
    assert r.content.decode().count('href="/meetings/makeup/') == 20


def test_compliance_and_figures_query_counts(
    client, company, member, login, django_assert_max_num_queries
):
    closed_meeting(company, statuses={member: S.PRESENT}, starts_at=local(2026, 3, 1, 9))
    login("dangwei")
    with django_assert_max_num_queries(45) as few:
        client.get("/meetings/compliance/?start=2026-03-01&end=2026-03-31&all=1")
        client.get("/meetings/figures/?start=2026-03-01&end=2026-03-31")
    from django.core.cache import cache

    cache.clear()
    for day in range(2, 28):
        closed_meeting(company, statuses={member: S.PRESENT}, starts_at=local(2026, 3, day, 9))
    with django_assert_max_num_queries(len(few.captured_queries)):
        compliance = client.get("/meetings/compliance/?start=2026-03-01&end=2026-03-31&all=1")
        figures = client.get("/meetings/figures/?start=2026-03-01&end=2026-03-31")
    assert compliance.status_code == figures.status_code == 200
    # The 27 closed study sessions are what both pages counted.
    assert figures.context["data"]["held"] == 27
    [row] = [r for r in compliance.context["data"]["rows"] if r["unit"].name == "生产一支部"]
    assert "3月 主题党日" in [g["label"] for g in row["gaps"]]


def test_people_lists_and_calendar_query_counts(
    client, company, member, login, django_assert_max_num_queries
):
    from .factories import add_member

    closed_meeting(company, statuses={member: S.PRESENT}, starts_at=local(2026, 3, 1, 9))
    login("dangwei")
    pages = (
        "/meetings/figures/coverage/?start=2026-01-01&end=2026-06-30",
        "/meetings/figures/members/?start=2026-01-01&end=2026-06-30",
        "/meetings/calendar/?month=2026-03",
    )
    with django_assert_max_num_queries(60) as few:  # three pages
        for page in pages:
            assert client.get(page).status_code == 200
    for i in range(30):
        person = add_member(company, f"m{i}", f"2{i:04d}", f"党员{i}")
        closed_meeting(company, statuses={person: S.LATE}, starts_at=local(2026, 3, 2 + i % 25, 9))
    with django_assert_max_num_queries(len(few.captured_queries)):
        for page in pages:
            client.get(page)


def test_roll_is_searchable(client, company, member, login):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    login("shuji")
    roll = client.get(f"/meetings/{meeting.pk}/?q=李强").context["rows"]
    assert [r.person.name for r in roll] == ["李强"]
    roll = client.get(f"/meetings/{meeting.pk}/?q=10001").context["rows"]
    assert [r.person.name for r in roll] == ["王建国"]
