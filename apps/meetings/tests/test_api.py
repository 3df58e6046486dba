"""The API: the same selectors, filters and services as the pages."""

from datetime import timedelta

from django.utils import timezone

from apps.hazards.tests.factories import EXE, photo
from apps.meetings import signin
from apps.meetings.choices import AttendanceStatus, MeetingStatus
from apps.meetings.models import Attendance, Meeting
from apps.standards.tests.factories import pdf

from .factories import closed_meeting, kind, local, make_meeting

API = "/api/v1/meetings"
JSON = "application/json"


def test_plan_sign_in_close_makeup(client, company, member):
    client.force_login(company.users["shuji"])
    start = timezone.now() + timedelta(minutes=10)
    body = {
        "unit_id": company.units["branch1"].pk,
        "kind_id": kind("party_lecture").pk,
        "topic": "书记讲党课",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "place": "党员活动室",
        "host_id": company.people["shuji"].pk,
    }
    r = client.post(f"{API}/items", {**body, "ends_at": start.isoformat()}, content_type=JSON)
    assert r.status_code == 400 and r.json()["detail"]["code"] == "bad_time"
    r = client.post(f"{API}/items", body, content_type=JSON)
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    assert r.json()["counts"]["invited"] == 2
    meeting = Meeting.objects.get(pk=mid)

    client.force_login(company.users["liqiang"])
    token = signin.signin_token(meeting)
    r = client.post(f"{API}/sign-in", {"token": token}, content_type=JSON)
    assert r.status_code == 200 and r.json()["already"] is False
    r = client.post(f"{API}/sign-in", {"token": token}, content_type=JSON)
    assert r.status_code == 200 and r.json()["already"] is True
    r = client.post(f"{API}/sign-in", {"token": "bad"}, content_type=JSON)
    assert r.status_code == 400 and r.json()["detail"]["code"] == "bad_code"

    client.force_login(company.users["shuji"])
    r = client.post(f"{API}/items/{mid}/close", {"minutes": "<p>x</p>"})
    assert r.status_code == 409 and r.json()["detail"]["code"] == "not_started"
    Meeting.objects.filter(pk=mid).update(starts_at=timezone.now() - timedelta(minutes=1))
    r = client.post(
        f"{API}/items/{mid}/close",
        {"minutes": "<p>讲党课</p><script>x</script>", "photos": [photo("会场.png")]},
    )
    assert r.status_code == 200 and r.json()["status"] == MeetingStatus.CLOSED
    assert "<script>" not in Meeting.objects.get(pk=mid).minutes
    assert [a["name"] for a in r.json()["photos"]] == ["会场.png"]
    r = client.get(f"{API}/items/{mid}/attendance")
    statuses = {row["employee_no"]: row["status"] for row in r.json()}
    assert statuses == {"10001": AttendanceStatus.ABSENT, "10020": AttendanceStatus.PRESENT}

    client.force_login(company.users["shuji"])
    r = client.get(f"{API}/mine")
    (task,) = r.json()["makeups"]
    r = client.post(f"{API}/makeups/{task['id']}/complete", {"note": "已学习"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["makeup_status"] == "done"
    r = client.post(f"{API}/makeups/{task['id']}/complete", {}, content_type=JSON)
    assert r.status_code == 409


def test_leave_and_manual_sign_in(client, company, member):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    client.force_login(company.users["liqiang"])
    r = client.post(f"{API}/items/{meeting.pk}/leave", {"reason": "出差"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["my_status"] == "leave_requested"
    row = Attendance.objects.get(meeting=meeting, person=member)
    r = client.post(
        f"{API}/items/{meeting.pk}/leave/{row.pk}", {"approve": True}, content_type=JSON
    )
    assert r.status_code == 403
    client.force_login(company.users["shuji"])
    r = client.post(
        f"{API}/items/{meeting.pk}/leave/{row.pk}", {"approve": False}, content_type=JSON
    )
    assert r.status_code == 200
    r = client.post(
        f"{API}/items/{meeting.pk}/sign-in-manual", {"person_ids": [member.pk]}, content_type=JSON
    )
    assert r.status_code == 200 and r.json()["counts"]["attended"] == 1


def test_list_filters_and_query_count(client, company, member, django_assert_max_num_queries):
    for _i in range(3):
        make_meeting(company, invitees=[member])
    closed_meeting(
        company, code="committee", statuses={member: "present"}, starts_at=local(2026, 3, 1, 9)
    )
    client.force_login(company.users["dangwei"])
    with django_assert_max_num_queries(12) as few:
        r = client.get(f"{API}/items")
    assert r.json()["count"] == 4
    for _i in range(30):
        make_meeting(company, invitees=[member, company.people["shuji"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"{API}/items")
    r = client.get(f"{API}/items?status=closed&kind={kind('committee').pk}")
    assert r.json()["count"] == 1
    assert client.get(f"{API}/items?start=notadate").status_code == 422
    assert client.get(f"{API}/items?limit=0").status_code == 422


def test_figures_compliance_coverage(client, company, member):
    closed_meeting(company, statuses={member: "present"}, starts_at=local(2026, 3, 10, 9))
    client.force_login(company.users["dangwei"])
    r = client.get(f"{API}/coverage?start=2026-01-01&end=2026-06-30")
    assert r.status_code == 200 and r.json()["covered"] == 1
    r = client.get(f"{API}/figures?start=2026-01-01&end=2026-06-30")
    assert r.json()["held"] == 1
    r = client.get(f"{API}/compliance?start=2026-03-01&end=2026-03-31")
    assert r.status_code == 200 and r.json()["totals"]["missing"] > 0
    r = client.get(f"{API}/members?start=2026-01-01&end=2026-06-30").json()
    assert r["count"] == 1 and r["items"][0]["person_id"] == member.pk
    assert r["items"][0]["rate"] == 100.0
    r = client.get(f"{API}/members?start=2026-01-01&end=2026-06-30&offset=1").json()
    assert r["count"] == 1 and r["items"] == []
    assert client.get(f"{API}/members?limit=501").status_code == 422


def test_openapi_lists_the_endpoints(client, company):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in ("/api/v1/meetings/items", "/api/v1/meetings/sign-in", "/api/v1/meetings/coverage"):
        assert p in paths


def test_materials_over_the_api(client, company, member):
    meeting = make_meeting(company, topic="学习会", invitees=[member])
    url = f"{API}/items/{meeting.pk}/materials"
    client.force_login(company.users["shuji"])
    r = client.post(url, {"materials": [photo("讲稿.pdf", EXE)]})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "materials"
    assert client.post(url, {}).json()["detail"]["code"] == "no_files"
    r = client.post(url, {"materials": [pdf("学习材料.pdf")]})
    assert r.status_code == 200
    assert [a["name"] for a in r.json()["materials"]] == ["学习材料.pdf"]
    client.force_login(company.users["liqiang"])  # an invitee reads them, may not add any
    assert client.post(url, {"materials": [pdf()]}).status_code == 403
    client.force_login(company.users["norole"])
    assert client.post(url, {"materials": [pdf()]}).status_code == 404


def test_records_reviews_groups_and_kinds_over_the_api(client, company, member):
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment, User
    from apps.orgs.choices import UnitKind
    from apps.orgs.testing import add

    shuji = company.people["shuji"]
    client.force_login(company.users["shuji"])
    start = timezone.now() - timedelta(days=2)
    body = {
        "unit_id": company.units["branch1"].pk,
        "kind_id": kind("theme_day").pk,
        "topic": "补录的主题党日",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "place": "党员活动室",
        "host_id": shuji.pk,
        "attendance": [
            {"person_id": shuji.pk, "status": "present"},
            {"person_id": member.pk, "status": "absent"},
        ],
        "minutes": "<p>记录</p><script>x</script>",
    }
    now = timezone.now()
    future = {
        **body,
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(hours=1)).isoformat(),
    }
    r = client.post(f"{API}/records", future, JSON)
    assert r.status_code == 400 and r.json()["detail"]["code"] == "not_yet_held"
    r = client.post(f"{API}/records", body, JSON)
    assert r.status_code == 201, r.content
    got = r.json()
    assert got["backfilled"] and got["status"] == "closed" and "<script>" not in got["minutes"]
    assert got["review"]["status"] == "pending"
    meeting_id = got["id"]
    r = client.post(f"{API}/items/{meeting_id}/review", {"approve": True}, JSON)
    assert r.status_code == 403  # the branch does not review its own record
    assert client.get(f"{API}/reviews").status_code == 403

    zongzhi = User.objects.create_user(username="zongzhi", password="x")
    RoleAssignment.objects.create(
        user=zongzhi, role=Role.BRANCH_SECRETARY, unit=company.units["gb"]
    )
    client.force_login(zongzhi)
    assert [m["id"] for m in client.get(f"{API}/reviews").json()["items"]] == [meeting_id]
    r = client.post(f"{API}/items/{meeting_id}/review", {"approve": True}, JSON)
    assert r.status_code == 200 and r.json()["review"]["status"] == "approved"

    group = add(company.units["branch1"], name="第一党小组", kind=UnitKind.PARTY_GROUP, code="G1")
    client.force_login(company.users["shuji"])
    r = client.post(f"{API}/groups/{group.pk}/members", {"employee_nos": ["10020"]}, JSON)
    assert r.status_code == 200 and [m["employee_no"] for m in r.json()] == ["10020"]
    client.force_login(company.users["tech_shuji"])
    assert client.get(f"{API}/groups/{group.pk}/members").status_code == 404

    theme = kind("theme_day")
    row = {
        "id": theme.pk,
        "frequency": "quarterly",
        "unit_kind": "branch",
        "counts_as_study": False,
        "sort": 1,
        "active": True,
    }
    client.force_login(company.users["shuji"])
    assert client.put(f"{API}/kinds", [row], JSON).status_code == 403
    client.force_login(company.users["dangwei"])
    r = client.put(f"{API}/kinds", [row], JSON)
    assert r.status_code == 200
    assert [k["frequency"] for k in r.json() if k["code"] == "theme_day"] == ["quarterly"]
    assert [k["integrity_education"] for k in r.json() if k["code"] == "theme_day"] == [False]
    r = client.put(f"{API}/kinds", [{**row, "integrity_education": True}], JSON)
    assert [k["integrity_education"] for k in r.json() if k["code"] == "theme_day"] == [True]
    r = client.put(f"{API}/kinds", [row], JSON)  # left out: unchanged
    assert [k["integrity_education"] for k in r.json() if k["code"] == "theme_day"] == [True]
