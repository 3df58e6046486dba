"""Services: every allowed and refused step of bodies, sessions and the action-item loop."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.collab import services
from apps.collab.choices import ActionStatus, Line, Presence, SessionStatus
from apps.collab.models import ActionEvent, AgendaTopic
from apps.core.errors import DomainError, Forbidden
from apps.core.models import Attachment, Notification
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervision_pass

from .factories import make_body, make_item, make_session

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def code_of(excinfo):
    return excinfo.value.code


# --- bodies and sessions ----------------------------------------------------------------------


def test_only_the_party_unit_s_cadres_set_up_a_body(company):
    u = company.units
    with pytest.raises(Forbidden):
        services.meeting_create(actor=company.users["shuji"], name="联席会议", convener=u["party"])
    with pytest.raises(DomainError) as e:
        services.meeting_create(actor=company.users["dangwei"], name="联席会议", convener=u["prod"])
    assert code_of(e) == "bad_convener"
    with pytest.raises(DomainError) as e:
        services.meeting_create(actor=company.users["dangwei"], name=" ", convener=u["party"])
    assert e.value.field == "name"


def test_a_unit_is_a_member_once(company, body):
    with pytest.raises(DomainError) as e:
        services.member_add(
            actor=company.users["dangwei"],
            meeting=body,
            unit=company.units["prod"],
            line=Line.SAFETY,
        )
    assert code_of(e) == "duplicate"
    with pytest.raises(Forbidden):
        services.member_add(
            actor=company.users["bumen"], meeting=body, unit=company.units["safety"], line="safety"
        )


def test_scheduling_tells_the_representatives(company, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = make_session(company, body)
    assert session.number == 1
    assert session.topic_deadline == session.held_at - timedelta(days=3)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert "bumen" in told
    assert make_session(company, body, days=40).number == 2


def test_cutoff_after_the_session_is_refused(company, body):
    now = timezone.now()
    with pytest.raises(DomainError) as e:
        services.session_create(
            actor=company.users["dangwei"],
            meeting=body,
            held_at=now + timedelta(days=2),
            place="会议室",
            topic_deadline=now + timedelta(days=3),
        )
    assert e.value.field == "topic_deadline"


def test_topics_from_members_before_the_cutoff(company, session):
    bumen = company.users["bumen"]
    t1 = services.topic_submit(
        actor=bumen, session=session, unit=company.units["prod"], title="重点订单交付保障"
    )
    t2 = services.topic_submit(
        actor=company.users["tech_shuji"],
        session=session,
        unit=company.units["tech"],
        title="关键工艺技术攻关",
    )
    assert (t1.order, t2.order) == (1, 2)
    services.topic_move(actor=company.users["dangwei"], topic=t2, up=True)
    assert list(AgendaTopic.objects.values_list("title", flat=True)) == [
        "关键工艺技术攻关",
        "重点订单交付保障",
    ]
    with pytest.raises(Forbidden):
        services.topic_move(actor=bumen, topic=t1, up=True)
    session.status = SessionStatus.HELD
    session.save()
    with pytest.raises(DomainError) as e:
        services.topic_move(actor=company.users["dangwei"], topic=t1, up=True)
    assert code_of(e) == "session_held"


def test_topic_from_a_unit_that_is_not_a_member_is_refused(company, session):
    with pytest.raises(DomainError) as e:
        services.topic_submit(
            actor=company.users["dangwei"],
            session=session,
            unit=company.units["safety"],
            title="冬季四防",
        )
    assert code_of(e) == "not_a_member" and "不是该联席会议的成员单位" in str(e.value.message)


def test_topic_after_the_cutoff_is_refused(company, session):
    late = session.topic_deadline + timedelta(minutes=1)
    with pytest.raises(DomainError) as e:
        services.topic_submit(
            actor=company.users["bumen"],
            session=session,
            unit=company.units["prod"],
            title="迟到的议题",
            now=late,
        )
    assert code_of(e) == "after_cutoff" and "截止" in str(e.value.message)
    assert not AgendaTopic.objects.exists()


def test_an_employee_cannot_speak_for_the_unit(company, session):
    with pytest.raises(Forbidden):
        services.topic_submit(
            actor=company.users["zhigong"],
            session=session,
            unit=company.units["prod"],
            title="食堂问题",
        )


def test_attendance_with_stand_ins(company, session):
    prod, tech = (m.pk for m in session.meeting.members.order_by("sort"))
    dangwei = company.users["dangwei"]
    with pytest.raises(DomainError) as e:
        services.attendance_record(
            actor=dangwei, session=session, rows={prod: (Presence.STAND_IN, "")}
        )
    assert (code_of(e), e.value.field) == ("required", f"stand_in_{prod}")
    services.attendance_record(
        actor=dangwei,
        session=session,
        rows={prod: (Presence.STAND_IN, "周强"), tech: (Presence.ABSENT, "周强")},
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    marks = dict(session.attendance.values_list("presence", "stand_in"))
    assert marks == {Presence.STAND_IN: "周强", Presence.ABSENT: ""}


def test_minutes_are_sanitized_and_publishing_tells_the_representatives(
    company, session, django_capture_on_commit_callbacks
):
    dangwei = company.users["dangwei"]
    with pytest.raises(DomainError):
        services.minutes_save(actor=dangwei, session=session, minutes="<p> </p>", publish=True)
    dirty = (
        '<p onclick="steal()">会议决定<script>alert(1)</script><a href="javascript:x">链接</a></p>'
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_save(actor=dangwei, session=session, minutes=dirty, publish=True)
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    assert "script" not in session.minutes and "onclick" not in session.minutes
    assert "javascript" not in session.minutes and "会议决定" in session.minutes
    assert Notification.objects.filter(
        title__contains="纪要已发布", user__username="bumen"
    ).exists()


# --- action items -----------------------------------------------------------------------------


@pytest.fixture
def resolution(company, session):
    return services.resolution_add(
        actor=company.users["dangwei"], session=session, text="推进扭亏脱困三年行动。"
    )


def _create(company, resolution, **kw):
    args = dict(
        actor=company.users["dangwei"],
        resolution=resolution,
        title="降本增效方案",
        expected_result="成本下降 3%",
        owner_unit=company.units["prod"],
        owner_person=company.people["bumen"],
        due_at=timezone.now() + timedelta(days=10),
    )
    return services.action_create(**{**args, **kw})


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"owner_unit": None}, "required", "owner_unit"),
        ({"owner_person": None}, "required", "owner_person"),
        ({"due_at": None}, "required", "due_at"),
        ({"title": ""}, "required", "title"),
    ],
)
def test_an_action_item_without_owner_or_deadline_is_refused(
    company, resolution, changes, code, field
):
    with pytest.raises(DomainError) as e:
        _create(company, resolution, **changes)
    assert (e.value.code, e.value.field) == (code, field)
    assert not SupervisedItem.objects.exists()


def test_a_deadline_in_the_past_is_refused(company, resolution):
    with pytest.raises(DomainError) as e:
        _create(company, resolution, due_at=timezone.now() - timedelta(hours=1))
    assert code_of(e) == "deadline_past" and "不能早于当前时间" in str(e.value.message)


def test_the_owner_must_be_in_the_owner_unit(company, resolution):
    with pytest.raises(DomainError) as e:
        _create(company, resolution, owner_person=company.people["tech_worker"])
    assert code_of(e) == "owner_person_outside"


def test_only_the_convener_assigns(company, resolution):
    with pytest.raises(Forbidden):
        _create(company, resolution, actor=company.users["bumen"])


def test_the_whole_loop(company, resolution, django_capture_on_commit_callbacks):
    dangwei, bumen = company.users["dangwei"], company.users["bumen"]
    with django_capture_on_commit_callbacks(execute=True):
        item = _create(company, resolution)
    sv = SupervisedItem.objects.get()
    assert (sv.kind, sv.owner_unit_id, sv.owner_person_id, sv.due_at, sv.closed_at) == (
        "action_item",
        company.units["prod"].pk,
        company.people["bumen"].pk,
        item.due_at,
        None,
    )
    assert Notification.objects.filter(user=bumen, title__contains="联席会议交办").exists()

    pdf = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    event = services.action_progress(actor=bumen, item=item, note="已起草方案", files=[pdf])
    assert Attachment.objects.filter(owner_id=event.pk).count() == 1
    with pytest.raises(DomainError) as e:
        services.action_accept(actor=dangwei, item=item)
    assert e.value.status == 409
    with pytest.raises(Forbidden):
        services.action_request_close(actor=company.users["tech_shuji"], item=item, note="完成")

    services.action_request_close(actor=bumen, item=item, note="方案已印发")
    item.refresh_from_db()
    assert item.status == ActionStatus.REQUESTED
    with pytest.raises(Forbidden):
        services.action_accept(actor=bumen, item=item)

    new_due = timezone.now() + timedelta(days=30)
    services.action_return(actor=dangwei, item=item, reason="未分解到班组", due_at=new_due)
    item.refresh_from_db()
    sv.refresh_from_db()
    assert (item.status, item.returned_count, item.due_at) == (ActionStatus.OPEN, 1, new_due)
    assert sv.due_at == new_due and sv.closed_at is None

    services.action_request_close(actor=bumen, item=item, note="已分解到各班组")
    services.action_accept(actor=dangwei, item=item, note="同意")
    item.refresh_from_db()
    sv.refresh_from_db()
    assert item.status == ActionStatus.CLOSED and sv.closed_at == item.closed_at
    steps = list(
        ActionEvent.objects.filter(item=item).values_list("action", "from_status", "to_status")
    )
    assert steps == [
        ("create", "", ""),
        ("progress", "", ""),
        ("request", "open", "requested"),
        ("return", "requested", "open"),
        ("request", "open", "requested"),
        ("accept", "requested", "closed"),
    ]
    assert ActionEvent.objects.filter(item=item, actor_name="").count() == 0
    with pytest.raises(DomainError):
        services.action_progress(actor=bumen, item=item, note="补充")


def test_return_needs_a_reason_and_a_future_date(company, resolution):
    item = _create(company, resolution)
    services.action_request_close(actor=company.users["bumen"], item=item, note="完成")
    dangwei = company.users["dangwei"]
    with pytest.raises(DomainError):
        services.action_return(actor=dangwei, item=item, reason=" ")
    with pytest.raises(DomainError) as e:
        services.action_return(
            actor=dangwei, item=item, reason="不合格", due_at=timezone.now() - timedelta(days=1)
        )
    assert code_of(e) == "deadline_past"


def test_reassign_restarts_supervision(company, resolution):
    item = _create(company, resolution)
    SupervisedItem.objects.update(level=SupervisedItem.Level.REMINDED)
    due = timezone.now() + timedelta(days=15)
    services.action_reassign(
        actor=company.users["dangwei"],
        item=item,
        owner_unit=company.units["tech"],
        owner_person=company.people["tech_worker"],
        due_at=due,
    )
    sv = SupervisedItem.objects.get()
    assert (sv.owner_unit_id, sv.due_at, sv.level) == (company.units["tech"].pk, due, 0)


def test_the_supervision_pass_escalates_overdue_items(company, resolution):
    """Reminders and escalation come from the one pass, not from this app."""
    item = _create(company, resolution)
    later = item.due_at + timedelta(hours=1)
    counts = supervision_pass(now=later)
    assert counts["escalated"] == 1
    assert SupervisedItem.objects.get().level == SupervisedItem.Level.ESCALATED


def test_cutoff_reminder_once(company, session, django_capture_on_commit_callbacks):
    before = session.topic_deadline - timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.collab_cutoff_remind(now=before) == 1
        services.collab_cutoff_remind(now=before)
    reminders = Notification.objects.filter(title__contains="议题征集即将截止")
    assert reminders.filter(user__username="bumen").count() == 1


def test_a_body_per_general_branch(company):
    """A general branch convenes its own body (生产党总支), run by the party admin above it."""
    body = make_body(company, convener="gb", members=(("prod", Line.PRODUCTION, "bumen"),))
    session = make_session(company, body)
    item = make_item(company, session)
    assert item.meeting_id == body.pk


def test_short_notice_leaves_time_for_topics(company, body):
    now = timezone.now()
    session = make_session(company, body, days=1, now=now)
    assert session.topic_deadline == now + timedelta(hours=12)


def test_members_keep_their_history(company, session, client):
    dangwei = company.users["dangwei"]
    prod = session.meeting.members.get(unit=company.units["prod"])
    services.member_update(
        actor=dangwei, member=prod, line=Line.ADMINISTRATION, person=company.people["shuji"]
    )
    prod.refresh_from_db()
    assert (prod.line, prod.person_id) == (Line.ADMINISTRATION, company.people["shuji"].pk)
    services.attendance_record(actor=dangwei, session=session, rows={prod.pk: ("present", "")})
    with pytest.raises(DomainError) as e:
        services.member_remove(actor=dangwei, member=prod)
    assert code_of(e) == "member_has_history"
    tech = session.meeting.members.get(unit=company.units["tech"])
    client.force_login(dangwei)
    assert client.post(f"/collab/members/{tech.pk}/remove/").status_code == 302
    assert not session.meeting.members.filter(pk=tech.pk).exists()
    r = client.patch(
        f"/api/v1/collab/members/{prod.pk}",
        {"line": "production", "person_id": None},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["members"][0]["representative"] is None
    assert client.get(f"/collab/members/{prod.pk}/edit/").status_code == 200
    client.force_login(company.users["bumen"])
    assert client.get(f"/collab/members/{prod.pk}/edit/").status_code == 403


def test_reschedule_while_planned(company, session, client, django_capture_on_commit_callbacks):
    dangwei = company.users["dangwei"]
    later = session.held_at + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(actor=dangwei, session=session, held_at=later, place="职工之家")
    session.refresh_from_db()
    assert (session.held_at, session.place) == (later, "职工之家")
    assert Notification.objects.filter(user__username="bumen", title__contains="调整为").exists()
    with pytest.raises(DomainError) as e:
        services.session_reschedule(
            actor=dangwei,
            session=session,
            held_at=later,
            place="职工之家",
            topic_deadline=later + timedelta(hours=1),
        )
    assert code_of(e) == "cutoff_after_session"
    client.force_login(dangwei)
    assert client.get(f"/collab/sessions/{session.pk}/edit/").status_code == 200
    r = client.patch(
        f"/api/v1/collab/sessions/{session.pk}",
        {"held_at": later.isoformat(), "place": "党员活动室"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["place"] == "党员活动室"
    session.status = SessionStatus.HELD
    session.save()
    with pytest.raises(DomainError):
        services.session_reschedule(actor=dangwei, session=session, held_at=later, place="x")


def test_cancel_a_planned_session(
    company, body, session, client, django_capture_on_commit_callbacks
):
    from auditlog.models import LogEntry

    from apps.collab.models import JointSession

    dangwei = company.users["dangwei"]
    with pytest.raises(Forbidden):
        services.session_cancel(actor=company.users["bumen"], session=session, reason="冲突")
    with pytest.raises(DomainError) as e:
        services.session_cancel(actor=dangwei, session=session, reason="  ")
    assert code_of(e) == "required"
    client.force_login(dangwei)
    page = client.get(f"/collab/sessions/{session.pk}/").content.decode()
    assert 'data-testid="cancel-session"' in page
    r = client.post(f"/collab/sessions/{session.pk}/cancel/", {"reason": ""})
    assert r.status_code == 400 and "取消原因" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/collab/sessions/{session.pk}/cancel/", {"reason": "与安全生产专题会冲突"}
        )
    assert r.status_code == 302 and r["Location"] == f"/collab/{body.pk}/"
    assert not JointSession.objects.filter(pk=session.pk).exists()
    assert JointSession.all_objects.get(pk=session.pk).deleted_at is not None
    assert client.get(f"/collab/sessions/{session.pk}/").status_code == 404
    assert Notification.objects.filter(user__username="bumen", title__contains="已取消").exists()
    reasons = [e.changes_dict.get("reason") for e in LogEntry.objects.get_for_object(session)]
    assert ["与安全生产专题会冲突", ""] in reasons
    # The next session takes the next number: a cancelled one's number is not reused.
    nxt = services.session_create(
        actor=dangwei, meeting=body, held_at=session.held_at, place="职工之家"
    )
    assert nxt.number == session.number + 1


def test_cancel_refused_once_held_and_over_the_api(company, session, client):
    client.force_login(company.users["dangwei"])
    url = f"/api/v1/collab/sessions/{session.pk}/cancel"
    r = client.post(url, {"reason": ""}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["field"] == "reason"
    session.status = SessionStatus.HELD
    session.save()
    r = client.post(url, {"reason": "改期"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["detail"]["code"] == "session_held"
    session.status = SessionStatus.PLANNED
    session.save()
    assert client.post(url, {"reason": "改期"}, content_type="application/json").status_code == 204
    client.force_login(company.users["norole"])
    assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 404
