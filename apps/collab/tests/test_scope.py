"""Who sees a body, its sessions and action items: the convening unit's subtree, the member
units' cadres and representatives; an item also its owner unit and owner person. Everyone else
gets 404 on the pages and the API."""

import pytest

from apps.collab.choices import Line
from apps.collab.models import ActionItem, JointMeeting, JointSession
from apps.core.scopekit import ScopeCase, scope_contract

from .factories import make_body, make_item, make_session

# dangwei/admin: the company; bumen: 生产部 (member); shuji: 生产一支部 serves 生产部;
# tech_shuji: 技术支部 serves 技术部 (member).
SEES = ["admin", "dangwei", "bumen", "shuji", "tech_shuji"]
BLIND = ["zhigong", "norole"]


@pytest.fixture
def item(company, session):
    return make_item(company, session)


test_body_scope = scope_contract(
    ScopeCase(
        record="body",
        sees=SEES,
        blind=BLIND,
        detail="/collab/{r.pk}/",
        api_detail="/api/v1/collab/meetings/{r.pk}",
        list="/collab/",
        api_list="/api/v1/collab/meetings",
        api_counts={"zhigong": 0, "norole": 0},
    )
)

test_session_scope = scope_contract(
    ScopeCase(
        record="session",
        sees=SEES,
        blind=BLIND,
        detail="/collab/sessions/{r.pk}/",
        api_detail="/api/v1/collab/sessions/{r.pk}",
        api_list="/api/v1/collab/sessions",
        blind_urls=["/collab/sessions/{r.pk}/topics/new/"],
    )
)

test_item_scope = scope_contract(
    ScopeCase(
        record="item",
        sees=SEES,
        blind=BLIND,
        detail="/collab/actions/{r.pk}/",
        api_detail="/api/v1/collab/actions/{r.pk}",
        api_list="/api/v1/collab/actions",
        blind_urls=["/collab/actions/{r.pk}/accept/"],
    )
)


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


def test_a_topic_or_resolution_out_of_scope_is_a_404(client, company, session):
    """A child (agenda topic, resolution) is loaded through its session's scope: someone who
    does not see the session gets 404 on the page and the API, and nothing moves or is added."""
    from apps.collab import services
    from apps.collab.models import AgendaTopic

    topic = services.topic_submit(
        actor=company.users["bumen"], session=session, unit=company.units["prod"], title="议题"
    )
    resolution = services.resolution_add(
        actor=company.users["dangwei"], session=session, text="议定事项"
    )
    client.force_login(company.users["zhigong"])
    assert client.post(f"/collab/topics/{topic.pk}/move/", {"dir": "down"}).status_code == 404
    assert client.get(f"/collab/resolutions/{resolution.pk}/actions/new/").status_code == 404
    api = "/api/v1/collab"
    moved = client.post(f"{api}/topics/{topic.pk}/move", {"up": False}, "application/json")
    assert moved.status_code == 404
    made = client.post(
        f"{api}/resolutions/{resolution.pk}/actions",
        {"title": "x", "expected_result": "y", "due_at": "2030-01-01T10:00:00+08:00"},
        "application/json",
    )
    assert made.status_code == 404
    assert AgendaTopic.objects.get().order == topic.order and not ActionItem.objects.exists()
