"""Who sees a meeting: its unit's cadres, the company, its invitees; everyone else gets 404 on
every page and endpoint of it. The ledgers and figures are for cadres only."""

import pytest

from apps.meetings.models import Attendance, Meeting

from .factories import make_meeting

SEES = ["shuji", "dangwei", "admin", "liqiang"]
BLIND = ["bumen", "zhigong", "tech_shuji", "norole"]
PAGES = ["", "edit/", "close/", "cancel/", "qr/", "leave/"]
POSTS = ["materials/", "sign/"]


@pytest.fixture
def meeting(company, member):
    return make_meeting(company, invitees=[company.people["shuji"], member])


@pytest.mark.parametrize("username", SEES)
def test_who_sees(client, company, meeting, username):
    client.force_login(company.users[username])
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/api/v1/meetings/items/{meeting.pk}").status_code == 200
    assert Meeting.objects.visible_to(company.users[username]).filter(pk=meeting.pk).count() == 1


@pytest.mark.parametrize("username", BLIND)
def test_others_get_404(client, company, meeting, username):
    client.force_login(company.users[username])
    for page in PAGES:
        assert client.get(f"/meetings/{meeting.pk}/{page}").status_code == 404, page
    for page in POSTS:
        assert client.post(f"/meetings/{meeting.pk}/{page}").status_code == 404, page
    row = meeting.attendances.first()
    assert client.post(f"/meetings/{meeting.pk}/leave/{row.pk}/").status_code == 404
    for url in (f"items/{meeting.pk}", f"items/{meeting.pk}/attendance"):
        assert client.get(f"/api/v1/meetings/{url}").status_code == 404, url
    posts = {
        "close": {"minutes": "x"},
        "cancel": {"reason": "x"},
        "leave": {"reason": "x"},
        "sign-in-manual": {"person_ids": [row.person_id]},
        f"leave/{row.pk}": {"approve": True},
    }
    for action, body in posts.items():
        # Closing carries photos and files: a multipart form; the rest are JSON.
        kwargs = {} if action == "close" else {"content_type": "application/json"}
        r = client.post(f"/api/v1/meetings/items/{meeting.pk}/{action}", body, **kwargs)
        assert r.status_code == 404, action
    assert (
        not Attendance.objects.visible_to(company.users[username]).filter(meeting=meeting).exists()
    )


def test_invitee_sees_but_does_not_run_it(client, company, meeting):
    client.force_login(company.users["liqiang"])
    for page in ("edit/", "close/", "cancel/", "qr/"):
        assert client.get(f"/meetings/{meeting.pk}/{page}").status_code == 403, page
    assert client.get(f"/api/v1/meetings/items/{meeting.pk}/attendance").status_code == 404


CADRE_PAGES = ["/meetings/", "/meetings/calendar/", "/meetings/compliance/", "/meetings/figures/",
               "/meetings/figures/coverage/", "/meetings/figures/members/"]  # fmt: skip
CADRE_API = ["compliance", "figures", "coverage", "members"]


@pytest.mark.parametrize("username", ["zhigong", "norole"])
def test_employees_get_their_own_pages(client, company, username):
    client.force_login(company.users[username])
    assert client.get("/meetings/")["Location"] == "/meetings/mine/"
    for page in CADRE_PAGES[1:]:
        assert client.get(page).status_code == 404, page
    for url in CADRE_API:
        assert client.get(f"/api/v1/meetings/{url}").status_code == 404, url
    assert client.get("/meetings/mine/").status_code == 200
    assert client.get("/meetings/new/").status_code == 403


def test_anonymous_is_sent_to_login(client, meeting):
    for page in [
        *CADRE_PAGES,
        "/meetings/mine/",
        f"/meetings/{meeting.pk}/",
        "/meetings/signin/?t=x",
    ]:
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), page
    for url in ["items", f"items/{meeting.pk}", "mine", *CADRE_API]:
        assert client.get(f"/api/v1/meetings/{url}").status_code == 401, url


def test_makeup_is_the_owners_only(client, company, member, meeting):
    meeting.attendances.filter(person=member).update(makeup_status="pending")
    row = meeting.attendances.get(person=member)
    client.force_login(company.users["shuji"])
    assert client.get(f"/meetings/makeup/{row.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/meetings/makeups/{row.pk}/complete", {}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(company.users["liqiang"])
    assert client.get(f"/meetings/makeup/{row.pk}/").status_code == 200


def test_soft_deleted_is_gone(company, meeting):
    meeting.soft_delete()
    assert not Meeting.objects.visible_to(company.users["admin"]).filter(pk=meeting.pk).exists()
