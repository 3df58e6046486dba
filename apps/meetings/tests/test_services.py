"""The meeting loop: plan, sign in (QR and by the host), leave, close (late/absent computed,
补学 handed out), lock and audited amendment, 补学, the reminder; each refusal has a message."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.meetings import services, signin
from apps.meetings.choices import AttendanceStatus, MakeupStatus, MeetingStatus, SignMethod
from apps.meetings.models import Attendance, Meeting

from .factories import kind, make_meeting

S = AttendanceStatus


def _plan(company, actor, **kw):
    start = kw.pop("starts_at", timezone.now() + timedelta(days=1))
    args = {
        "actor": actor,
        "unit": company.units["branch1"],
        "kind": kind("theme_day"),
        "topic": "主题党日:重温入党誓词",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "党员活动室",
        "host": company.people["shuji"],
    }
    args.update(kw)
    return services.meeting_plan(**args)


def test_plan_invites_the_branch_members_and_notifies(
    company, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _plan(company, company.users["shuji"])
    invited = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    assert invited == {company.people["shuji"].pk, member.pk}
    assert Notification.objects.filter(
        user=company.users["liqiang"], url=f"/meetings/{meeting.pk}/"
    ).exists()


@pytest.mark.parametrize(
    "kw,code",
    [
        ({"topic": " "}, "required"),
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "past"),
        ({"place": ""}, "place_required"),
        ({"invitees": []}, "invitees_required"),
    ],
)
def test_plan_refusals(company, kw, code):
    with pytest.raises(DomainError) as e:
        _plan(company, company.users["shuji"], **kw)
    assert e.value.code == code
    assert not Meeting.objects.exists()


def test_plan_only_for_units_one_runs(company):
    with pytest.raises(Forbidden):
        _plan(company, company.users["tech_shuji"])
    with pytest.raises(Forbidden):
        _plan(company, company.users["zhigong"])
    assert _plan(company, company.users["dangwei"], unit=company.units["branch2"])


def test_qr_sign_in_once(company, member):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    token = signin.signin_token(meeting)
    row, already = signin.meeting_sign_in(actor=company.users["liqiang"], token=token)
    assert not already and row.status == S.SIGNED and row.sign_method == SignMethod.QR
    first = row.signed_in_at
    row, already = signin.meeting_sign_in(
        actor=company.users["liqiang"], token=token, now=timezone.now() + timedelta(seconds=30)
    )
    assert already and row.signed_in_at == first
    assert Attendance.objects.filter(meeting=meeting, signed_in_at__isnull=False).count() == 1


def test_expired_forged_and_uninvited_codes(company, member):
    meeting = make_meeting(company, invitees=[member])
    now = timezone.now()
    old = signin.signin_token(meeting, now=now - timedelta(minutes=3))
    with pytest.raises(DomainError) as e:
        signin.meeting_sign_in(actor=company.users["liqiang"], token=old, now=now)
    assert e.value.code == "expired_code" and "过期" in e.value.message
    forged = signin.signin_token(meeting)[:-3] + "abc"
    with pytest.raises(DomainError) as e:
        signin.meeting_sign_in(actor=company.users["liqiang"], token=forged)
    assert e.value.code == "bad_code"
    with pytest.raises(Forbidden) as e:
        signin.meeting_sign_in(actor=company.users["zhigong"], token=signin.signin_token(meeting))
    assert "不在本次会议的参会名单中" in e.value.message
    assert not Attendance.objects.exclude(signed_in_at=None).exists()


def test_a_code_from_the_previous_minute_still_works(company, member):
    meeting = make_meeting(company, invitees=[member])
    now = timezone.now()
    token = signin.signin_token(meeting, now=now - timedelta(seconds=60))
    row, _ = signin.meeting_sign_in(actor=company.users["liqiang"], token=token, now=now)
    assert row.signed_in_at == now


def test_sign_in_window(company, member):
    start = timezone.now() + timedelta(hours=2)
    meeting = make_meeting(company, invitees=[member], starts_at=start)
    with pytest.raises(DomainError) as e:
        signin.meeting_sign_in(actor=company.users["liqiang"], token=signin.signin_token(meeting))
    assert e.value.code == "too_early"
    after = start + timedelta(hours=1, minutes=1)
    with pytest.raises(DomainError) as e:
        signin.meeting_sign_in(
            actor=company.users["liqiang"],
            token=signin.signin_token(meeting, now=after),
            now=after,
        )
    assert e.value.code == "too_late"
    opens = start - timedelta(minutes=29)
    row, _ = signin.meeting_sign_in(
        actor=company.users["liqiang"], token=signin.signin_token(meeting, now=opens), now=opens
    )
    assert row.status == S.SIGNED


def test_leave_request_and_decision(company, member):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    row = services.leave_request(actor=company.users["liqiang"], meeting=meeting, reason="出差")
    assert row.status == S.LEAVE_REQUESTED
    with pytest.raises(Forbidden):
        services.leave_decide(actor=company.users["liqiang"], attendance=row, approve=True)
    row = services.leave_decide(actor=company.users["shuji"], attendance=row, approve=True)
    assert row.status == S.LEAVE
    with pytest.raises(DomainError):
        services.leave_decide(actor=company.users["shuji"], attendance=row, approve=True)
    with pytest.raises(Forbidden) as e:
        services.leave_request(actor=company.users["zhigong"], meeting=meeting, reason="x")
    assert "不在本次会议的参会名单中" in e.value.message


def test_close_computes_late_absent_and_makeup(company, member, django_capture_on_commit_callbacks):
    from .factories import add_member

    late = add_member(company, "wanggang", "10021", "王刚")
    away = add_member(company, "zhaomin", "10022", "赵敏")
    start = timezone.now() - timedelta(minutes=30)
    people = [company.people["shuji"], member, late, away]
    meeting = make_meeting(company, invitees=people, starts_at=start)
    Attendance.objects.filter(meeting=meeting, person=company.people["shuji"]).update(
        status=S.SIGNED, signed_in_at=start - timedelta(minutes=5)
    )
    Attendance.objects.filter(meeting=meeting, person=late).update(
        status=S.SIGNED, signed_in_at=start + timedelta(minutes=6)
    )
    Attendance.objects.filter(meeting=meeting, person=away).update(
        status=S.LEAVE, leave_reason="病假"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(
            actor=company.users["shuji"], meeting=meeting, minutes="<p>学习了</p>"
        )
    got = dict(
        Attendance.objects.filter(meeting=meeting).values_list("person__employee_no", "status")
    )
    assert got == {"10001": S.PRESENT, "10020": S.ABSENT, "10021": S.LATE, "10022": S.LEAVE}
    owed = set(
        Attendance.objects.filter(meeting=meeting, makeup_status=MakeupStatus.PENDING).values_list(
            "person__employee_no", flat=True
        )
    )
    assert owed == {"10020", "10022"}
    assert Notification.objects.filter(
        user=company.users["liqiang"], title__contains="补学"
    ).exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    # Locked: no more sign-in, leave or second close.
    with pytest.raises(DomainError):
        services.meeting_close(actor=company.users["shuji"], meeting=meeting, minutes="again")
    with pytest.raises(DomainError):
        services.attendance_sign_in_manual(
            actor=company.users["shuji"], meeting=meeting, person_ids=[member.pk]
        )


def test_close_refusals(company, member):
    meeting = make_meeting(
        company, invitees=[member], starts_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(DomainError) as e:
        services.meeting_close(actor=company.users["shuji"], meeting=meeting, minutes="x")
    assert e.value.code == "not_started"
    meeting.starts_at = timezone.now() - timedelta(minutes=1)
    meeting.save()
    with pytest.raises(Forbidden):
        services.meeting_close(actor=company.users["liqiang"], meeting=meeting, minutes="x")
    with pytest.raises(DomainError) as e:
        services.meeting_close(actor=company.users["shuji"], meeting=meeting, minutes=" ")
    assert e.value.code == "required"


def test_amend_after_closing_is_audited(company, member):
    meeting = make_meeting(
        company, invitees=[member], starts_at=timezone.now() - timedelta(hours=1)
    )
    services.meeting_close(actor=company.users["shuji"], meeting=meeting, minutes="<p>初稿</p>")
    services.meeting_amend(actor=company.users["shuji"], meeting=meeting, minutes="<p>定稿</p>")
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>定稿</p>"
    events = [
        e.changes_dict.get("event", [""])[0] for e in LogEntry.objects.get_for_object(meeting)
    ]
    assert "结束后修改会议记录" in events
    with pytest.raises(Forbidden):
        services.meeting_amend(actor=company.users["liqiang"], meeting=meeting, minutes="改")


def test_manual_sign_in_by_host(company, member):
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    n = services.attendance_sign_in_manual(
        actor=company.users["shuji"], meeting=meeting, person_ids=[member.pk]
    )
    assert n == 1
    row = Attendance.objects.get(meeting=meeting, person=member)
    assert row.sign_method == SignMethod.MANUAL and row.status == S.SIGNED
    assert (
        services.attendance_sign_in_manual(
            actor=company.users["shuji"], meeting=meeting, person_ids=[member.pk]
        )
        == 0
    )
    with pytest.raises(Forbidden):
        services.attendance_sign_in_manual(
            actor=company.users["liqiang"], meeting=meeting, person_ids=[member.pk]
        )


def test_makeup_complete_only_own_and_once(company, member):
    meeting = make_meeting(
        company, invitees=[member], starts_at=timezone.now() - timedelta(hours=1)
    )
    services.meeting_close(actor=company.users["shuji"], meeting=meeting, minutes="<p>记录</p>")
    row = Attendance.objects.get(meeting=meeting, person=member)
    with pytest.raises(Forbidden):
        services.makeup_complete(actor=company.users["shuji"], attendance=row)
    row = services.makeup_complete(actor=company.users["liqiang"], attendance=row, note="学习体会")
    assert row.makeup_status == MakeupStatus.DONE and row.makeup_done_at
    with pytest.raises(DomainError):
        services.makeup_complete(actor=company.users["liqiang"], attendance=row)


def test_cancel(company, member):
    meeting = make_meeting(company, invitees=[member])
    with pytest.raises(DomainError):
        services.meeting_cancel(actor=company.users["shuji"], meeting=meeting, reason="")
    services.meeting_cancel(actor=company.users["shuji"], meeting=meeting, reason="改期")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    with pytest.raises(DomainError) as e:
        signin.meeting_sign_in(actor=company.users["liqiang"], token=signin.signin_token(meeting))
    assert e.value.code == "not_open"


def test_reminder_once_before_start(company, member, django_capture_on_commit_callbacks):
    now = timezone.now()
    soon = make_meeting(company, invitees=[member], starts_at=now + timedelta(minutes=90))
    make_meeting(company, invitees=[member], starts_at=now + timedelta(days=2))
    from apps.core.periodic import hooks

    assert any(h.__name__ == "meetings_remind" for h in hooks())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_upcoming(now=now) == 1
        assert services.remind_upcoming(now=now) == 0
    notes = Notification.objects.filter(user=company.users["liqiang"], title__contains="会议提醒")
    assert notes.count() == 1 and notes.get().url == f"/meetings/{soon.pk}/"


def test_update_changes_invitees_and_keeps_signed(company, member):
    from .factories import add_member

    other = add_member(company, "wanggang", "10021", "王刚")
    meeting = make_meeting(company, invitees=[member, company.people["shuji"]])
    Attendance.objects.filter(meeting=meeting, person=company.people["shuji"]).update(
        status=S.SIGNED, signed_in_at=timezone.now()
    )
    services.meeting_update(
        actor=company.users["shuji"],
        meeting=meeting,
        topic="新主题",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place="二楼",
        host=company.people["shuji"],
        invitees=[other],
    )
    got = set(
        Attendance.objects.filter(meeting=meeting).values_list("person__employee_no", flat=True)
    )
    assert got == {"10001", "10021"}


def test_host_is_reminded_once_to_close(company, member, django_capture_on_commit_callbacks):
    now = timezone.now()
    over = make_meeting(company, invitees=[member], starts_at=now - timedelta(hours=2))
    make_meeting(company, invitees=[member], starts_at=now - timedelta(minutes=50))  # still running
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_to_close(now=now)
        services.remind_to_close(now=now)
    notes = Notification.objects.filter(user=company.users["shuji"], title__contains="请归档")
    assert notes.count() == 1 and notes.get().url == f"/meetings/{over.pk}/close/"
