"""Who sees a meeting: its unit's cadres, the company, its invitees; everyone else gets 404 on
every page and endpoint of it. The ledgers and figures are for cadres only."""

import pytest

from apps.core.scopekit import Post, ScopeCase, scope_contract
from apps.meetings.models import Attendance, Meeting

from .factories import make_meeting

SEES = ["shuji", "dangwei", "admin", "liqiang"]
BLIND = ["bumen", "zhigong", "tech_shuji", "norole"]
PAGES = ["", "edit/", "close/", "cancel/", "qr/", "leave/"]
POSTS = ["materials/", "sign/"]


@pytest.fixture
def meeting(company, member):
    return make_meeting(company, invitees=[company.people["shuji"], member])


def _row(meeting):
    return meeting.attendances.first()


test_meeting_scope = scope_contract(
    ScopeCase(
        record="meeting",
        sees=SEES,
        blind=BLIND,
        detail="/meetings/{r.pk}/",
        api_detail="/api/v1/meetings/items/{r.pk}",
        blind_urls=[
            *(f"/meetings/{{r.pk}}/{page}" for page in PAGES),
            "/api/v1/meetings/items/{r.pk}/attendance",
        ],
        blind_posts=[
            *(Post(f"/meetings/{{r.pk}}/{page}") for page in POSTS),
            Post(lambda r: f"/meetings/{r.pk}/leave/{_row(r).pk}/"),
            # Closing carries photos and files: a multipart form; the rest are JSON.
            Post("/api/v1/meetings/items/{r.pk}/close", {"minutes": "x"}),
            Post("/api/v1/meetings/items/{r.pk}/cancel", {"reason": "x"}, json=True),
            Post("/api/v1/meetings/items/{r.pk}/leave", {"reason": "x"}, json=True),
            Post(
                "/api/v1/meetings/items/{r.pk}/sign-in-manual",
                lambda r: {"person_ids": [_row(r).person_id]},
                json=True,
            ),
            Post(
                lambda r: f"/api/v1/meetings/items/{r.pk}/leave/{_row(r).pk}",
                {"approve": True},
                json=True,
            ),
        ],
    )
)


@pytest.mark.parametrize("username", BLIND)
def test_attendance_follows_the_meeting(company, meeting, username):
    user = company.users[username]
    assert not Attendance.objects.visible_to(user).filter(meeting=meeting).exists()


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
