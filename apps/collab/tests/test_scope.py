"""Who sees a body, its sessions and action items: the convening unit's subtree, the member
units' cadres and representatives; an item also its owner unit and owner person. Everyone else
gets 404 on the pages and the API."""

import pytest

from apps.collab.choices import Line
from apps.collab.models import ActionItem, JointMeeting, JointSession

from .factories import make_body, make_item, make_session

# dangwei/admin: the company; bumen: 生产部 (member); shuji: 生产一支部 serves 生产部;
# tech_shuji: 技术支部 serves 技术部 (member).
SEES = ["admin", "dangwei", "bumen", "shuji", "tech_shuji"]
BLIND = ["zhigong", "norole"]


@pytest.fixture
def item(company, session):
    return make_item(company, session)


@pytest.mark.parametrize("username", SEES)
def test_who_sees(client, company, body, session, item, username):
    client.force_login(company.users[username])
    for url in (
        f"/collab/{body.pk}/",
        f"/collab/sessions/{session.pk}/",
        f"/collab/actions/{item.pk}/",
        f"/api/v1/collab/meetings/{body.pk}",
        f"/api/v1/collab/sessions/{session.pk}",
        f"/api/v1/collab/actions/{item.pk}",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", BLIND)
def test_others_get_404(client, company, body, session, item, username):
    client.force_login(company.users[username])
    for url in (
        f"/collab/{body.pk}/",
        f"/collab/sessions/{session.pk}/",
        f"/collab/actions/{item.pk}/",
        f"/collab/actions/{item.pk}/accept/",
        f"/collab/sessions/{session.pk}/topics/new/",
        f"/api/v1/collab/meetings/{body.pk}",
        f"/api/v1/collab/sessions/{session.pk}",
        f"/api/v1/collab/actions/{item.pk}",
    ):
        assert client.get(url).status_code == 404, url
    user = company.users[username]
    assert not JointMeeting.objects.visible_to(user).exists()
    assert not ActionItem.objects.visible_to(user).exists()


def test_anonymous_is_sent_to_log_in(client, body):
    assert client.get(f"/collab/{body.pk}/")["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/collab/meetings").status_code == 401


def test_a_representative_sees_the_body_without_a_role(company):
    """赵磊 (norole) represents 安全部: he sees the body though no role reaches it."""
    body = make_body(company, members=(("safety", Line.SAFETY, "safety_worker"),))
    assert JointMeeting.objects.visible_to(company.users["norole"]).get() == body
    assert not JointMeeting.objects.visible_to(company.users["zhigong"]).exists()


def test_the_owner_person_sees_the_item_but_not_the_other_bodies(company):
    """An item of 生产党总支's body assigned to 安全部 / 赵磊: 赵磊 sees the item only."""
    body = make_body(company, convener="gb", members=(("prod", Line.PRODUCTION, "bumen"),))
    session = make_session(company, body)
    item = make_item(company, session, owner_unit="safety", owner="safety_worker")
    norole = company.users["norole"]
    assert list(ActionItem.objects.visible_to(norole)) == [item]
    assert not JointSession.objects.visible_to(norole).exists()
    # 技术支部 reaches neither 生产党总支 nor its members nor the owner.
    assert not ActionItem.objects.visible_to(company.users["tech_shuji"]).exists()


def test_soft_deleted_body_is_gone(company, body):
    body.soft_delete()
    assert not JointMeeting.objects.visible_to(company.users["dangwei"]).exists()


def test_progress_files_follow_the_item(client, company, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.collab import services
    from apps.core.models import Attachment

    pdf = SimpleUploadedFile("进展.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.action_progress(actor=company.users["bumen"], item=item, note="进展", files=[pdf])
    token = Attachment.objects.get().token
    client.force_login(company.users["dangwei"])
    assert client.get(f"/files/{token}/").status_code == 200
    client.force_login(company.users["norole"])
    assert client.get(f"/files/{token}/").status_code == 404
