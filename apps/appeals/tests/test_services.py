"""The appeal state machine (every allowed and refused transition), deadlines in working days,
the supervision index, and bad input."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.appeals import services
from apps.appeals.choices import Status
from apps.appeals.models import Appeal, AppealEvent, AppealPolicy
from apps.appeals.services import intake
from apps.core.errors import DomainError, Forbidden
from apps.core.models import Attachment, Holiday, Notification
from apps.supervision.models import SupervisedItem

from .factories import NOW, accepted, answered, category, png, submit

pytestmark = pytest.mark.django_db


def aware(*args):
    return timezone.make_aware(datetime(*args))


def in_state(company, status):
    """An appeal in the given state, reached through the services."""
    if status == Status.SUBMITTED:
        return submit(company)[0]
    if status == Status.HANDLING:
        return accepted(company)[0]
    if status == Status.ANSWERED:
        return answered(company)[0]
    if status == Status.CLOSED:
        appeal = answered(company)[0]
        services.appeal_rate(actor=company.users["zhigong"], appeal=appeal, rating=5, now=NOW)
    elif status == Status.DECLINED:
        appeal = submit(company)[0]
        services.appeal_decline(
            actor=company.users["dangwei"], appeal=appeal, reason="不属于受理范围"
        )
    elif status == Status.MERGED:
        original = submit(company, title="原诉求")[0]
        appeal = submit(company)[0]
        services.appeal_merge(actor=company.users["dangwei"], appeal=appeal, original=original)
    appeal.refresh_from_db()
    return appeal


def run(company, action, appeal):
    """Take `action` as the person whose part it is."""
    u, units = company.users, company.units
    intake, owner, submitter = u["dangwei"], u["bumen"], u["zhigong"]
    if action == "accept":
        return services.appeal_accept(
            actor=intake, appeal=appeal, owner_unit=units["prod"], owner_person=None, now=NOW
        )
    if action == "reassign":
        return services.appeal_reassign(
            actor=intake, appeal=appeal, owner_unit=units["safety"], reason="职责调整", now=NOW
        )
    if action == "decline":
        return services.appeal_decline(actor=intake, appeal=appeal, reason="重复反映")
    if action == "merge":
        other = submit(company, title="另一件")[0]
        return services.appeal_merge(actor=intake, appeal=appeal, original=other)
    if action in ("note", "reply", "resolve"):
        fn = getattr(services, f"appeal_{action}")
        return fn(actor=owner, appeal=appeal, text="已联系食堂")
    if action == "rate":
        return services.appeal_rate(actor=submitter, appeal=appeal, rating=4, comment="好")
    if action == "reopen":
        return services.appeal_reopen(actor=submitter, appeal=appeal, reason="还没解决", now=NOW)
    if action == "add_info":
        return services.appeal_add_info(actor=submitter, appeal=appeal, text="补充:周末也一样")
    raise AssertionError(action)


EXPECTED = {
    "accept": Status.HANDLING,
    "decline": Status.DECLINED,
    "merge": Status.MERGED,
    "reassign": Status.HANDLING,
    "note": None,
    "reply": None,
    "resolve": Status.ANSWERED,
    "rate": Status.CLOSED,
    "reopen": Status.HANDLING,
    "add_info": None,
}


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", list(services.TRANSITIONS))
def test_every_transition_is_allowed_or_refused_by_the_table(company, action, status):
    appeal = in_state(company, status)
    allowed = status in services.TRANSITIONS[action][0]
    if allowed:
        run(company, action, appeal)
        appeal.refresh_from_db()
        assert appeal.status == (EXPECTED[action] or status)
    else:
        events = AppealEvent.objects.filter(appeal=appeal).count()
        with pytest.raises(DomainError) as e:
            run(company, action, appeal)
        assert e.value.code == f"{action}_not_allowed"
        assert e.value.status == 409
        appeal.refresh_from_db()
        assert appeal.status == status
        assert AppealEvent.objects.filter(appeal=appeal).count() == events


def test_closing_an_unassigned_appeal_says_so(company):
    appeal = submit(company)[0]
    with pytest.raises(DomainError, match="该诉求尚未受理,不能办结"):
        services.appeal_resolve(actor=company.users["dangwei"], appeal=appeal, text="好了")


def test_allowed_actions_follow_the_table_and_the_parts(company):
    appeal = accepted(company)[0]
    assert services.actions_for(company.users["dangwei"], appeal) == ["reassign"]
    assert services.actions_for(company.users["bumen"], appeal) == ["reply", "note", "resolve"]
    assert services.actions_for(company.users["zhigong"], appeal) == ["add_info"]
    assert services.actions_for(company.users["norole"], appeal) == []


def test_full_walk_with_one_reopen(company):
    appeal, _ = answered(company)
    services.appeal_reopen(
        actor=company.users["zhigong"], appeal=appeal, reason="晚班依旧没饭", now=NOW
    )
    appeal.refresh_from_db()
    assert appeal.status == Status.HANDLING and appeal.reopen_count == 1
    assert appeal.resolved_at is None
    services.appeal_resolve(actor=company.users["bumen"], appeal=appeal, text="已增设夜宵窗口")
    appeal.refresh_from_db()
    with pytest.raises(DomainError) as e:
        services.appeal_reopen(actor=company.users["zhigong"], appeal=appeal, reason="再来一次")
    assert e.value.code == "reopen_once"
    assert "reopen" not in services.actions_for(company.users["zhigong"], appeal)
    services.appeal_rate(actor=company.users["zhigong"], appeal=appeal, rating=5, comment="谢谢")
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.rating == 5 and appeal.closed_at
    kinds = list(appeal.events.values_list("action", flat=True))
    assert kinds == ["submitted", "accepted", "resolved", "reopened", "resolved", "rated"]


def test_a_rating_by_someone_else_is_refused(company):
    appeal, _ = answered(company)
    for who in ("bumen", "dangwei", "norole"):
        with pytest.raises(Forbidden):
            services.appeal_rate(actor=company.users[who], appeal=appeal, rating=5)
    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED and appeal.rating is None


def test_anonymous_rating_only_through_the_receipt(company):
    appeal, _code = answered(company, anonymous=True)
    with pytest.raises(Forbidden):
        services.appeal_rate(actor=company.users["zhigong"], appeal=appeal, rating=5)
    services.appeal_rate(actor=None, appeal=appeal, rating=2, via_receipt=True)
    appeal.refresh_from_db()
    assert appeal.rating == 2


@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_rating_out_of_range_is_refused(company, rating):
    appeal, _ = answered(company)
    with pytest.raises(DomainError) as e:
        services.appeal_rate(actor=company.users["zhigong"], appeal=appeal, rating=rating)
    assert e.value.field == "rating"


def test_only_intake_accepts_and_only_the_owner_handles(company):
    appeal = submit(company)[0]
    with pytest.raises(Forbidden):
        services.appeal_accept(
            actor=company.users["bumen"], appeal=appeal, owner_unit=company.units["prod"]
        )
    appeal = accepted(company, person="zhigong")[0]
    for who in ("dangwei", "norole", "shuji"):
        with pytest.raises(Forbidden):
            services.appeal_resolve(actor=company.users[who], appeal=appeal, text="好")
    # the unit head (李明 heads 生产部) may handle what his unit owns
    company.units["prod"].head = company.people["bumen"]
    company.units["prod"].save()
    appeal = Appeal.objects.select_related("owner_unit").get(pk=appeal.pk)
    services.appeal_note(actor=company.users["bumen"], appeal=appeal, text="在协调")


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "urgency, due",
    [
        ("normal", aware(2026, 3, 23, 18, 0)),  # 15 working days after Mon 2 March
        ("urgent", aware(2026, 3, 11, 18, 0)),  # 7
        ("critical", aware(2026, 3, 5, 18, 0)),  # 3
    ],
)
def test_deadline_defaults_by_urgency_in_working_days(company, urgency, due):
    appeal, _ = accepted(company, urgency=urgency)
    assert appeal.due_at == due


def test_deadline_skips_holidays_and_follows_the_admin_policy(company):
    Holiday.objects.create(day=aware(2026, 3, 4, 0, 0).date(), name="假日")
    AppealPolicy.objects.create(days_normal=10, days_urgent=5, days_critical=2)
    appeal, _ = accepted(company, urgency="critical")
    # Tue 3 (1), Wed 4 is off, Thu 5 (2)
    assert appeal.due_at == aware(2026, 3, 5, 18, 0)


def test_a_deadline_in_the_past_is_refused(company):
    appeal = submit(company)[0]
    with pytest.raises(DomainError) as e:
        services.appeal_accept(
            actor=company.users["dangwei"],
            appeal=appeal,
            owner_unit=company.units["prod"],
            due_at=NOW - timedelta(hours=1),
            now=NOW,
        )
    assert e.value.code == "deadline_past" and e.value.field == "due_at"
    appeal.refresh_from_db()
    assert appeal.status == Status.SUBMITTED
    assert not SupervisedItem.objects.exists()


def test_an_explicit_future_deadline_is_kept(company):
    appeal = submit(company)[0]
    due = NOW + timedelta(days=2)
    services.appeal_accept(
        actor=company.users["dangwei"],
        appeal=appeal,
        owner_unit=company.units["prod"],
        due_at=due,
        now=NOW,
    )
    appeal.refresh_from_db()
    assert appeal.due_at == due


# --- supervision -----------------------------------------------------------------------------


def _item(appeal):
    return SupervisedItem.objects.get(object_id=appeal.pk, kind="appeal")


def test_accept_supervises_resolve_closes_reopen_restarts(company):
    appeal, _ = accepted(company)
    item = _item(appeal)
    assert item.is_open and item.owner_unit == company.units["prod"]
    assert item.owner_person == company.people["bumen"] and item.due_at == appeal.due_at
    at = NOW + timedelta(days=1)
    services.appeal_resolve(actor=company.users["bumen"], appeal=appeal, text="好了", now=at)
    item.refresh_from_db()
    assert item.closed_at == at and item.closed_on_time
    later = NOW + timedelta(days=2)
    services.appeal_reopen(actor=company.users["zhigong"], appeal=appeal, reason="没好", now=later)
    item.refresh_from_db()
    appeal.refresh_from_db()
    assert item.is_open and item.due_at == appeal.due_at > later


def test_reassign_moves_the_supervised_owner(company):
    appeal, _ = accepted(company)
    services.appeal_reassign(
        actor=company.users["dangwei"],
        appeal=appeal,
        owner_unit=company.units["safety"],
        owner_person=company.people["safety_worker"],
        reason="属安全部职责",
        now=NOW,
    )
    item = _item(appeal)
    assert item.owner_unit == company.units["safety"]
    assert item.owner_person == company.people["safety_worker"]
    event = appeal.events.get(action="reassigned")
    assert event.note == "属安全部职责" and event.data["before"] == "生产部 / 李明"


def test_reassign_needs_a_reason_and_a_change(company):
    appeal, _ = accepted(company)
    with pytest.raises(DomainError) as e:
        services.appeal_reassign(
            actor=company.users["dangwei"],
            appeal=appeal,
            owner_unit=company.units["safety"],
            reason="  ",
        )
    assert e.value.field == "reason"
    with pytest.raises(DomainError) as e:
        services.appeal_reassign(
            actor=company.users["dangwei"],
            appeal=appeal,
            owner_unit=company.units["prod"],
            owner_person=company.people["bumen"],
            reason="再派一次",
        )
    assert e.value.code == "reassign_same"


def test_merge_and_decline_close_supervision(company):
    original = submit(company, title="原诉求")[0]
    dup = accepted(company)[0]  # pretend it was supervised: accept then merging is refused
    with pytest.raises(DomainError):
        services.appeal_merge(actor=company.users["dangwei"], appeal=dup, original=original)
    dup = submit(company)[0]
    services.appeal_merge(actor=company.users["dangwei"], appeal=dup, original=original)
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into == original and dup.closed_at
    assert original.events.filter(action="merged_in").exists()
    with pytest.raises(DomainError) as e:
        services.appeal_merge(actor=company.users["dangwei"], appeal=original, original=dup)
    assert e.value.code == "merge_final"  # not into a merged appeal: the canonical code
    with pytest.raises(DomainError):
        services.appeal_merge(actor=company.users["dangwei"], appeal=original, original=original)


def test_decline_closes_an_open_supervised_item(company, monkeypatch):
    calls = []
    monkeypatch.setattr(intake, "supervision_close", lambda **kw: calls.append(kw))
    appeal = submit(company)[0]
    services.appeal_decline(actor=company.users["dangwei"], appeal=appeal, reason="不属实")
    assert calls and calls[0]["record"].pk == appeal.pk


# --- notifications ---------------------------------------------------------------------------


def test_owner_and_named_submitter_are_told(company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal, _ = accepted(company)
    assert Notification.objects.filter(user=company.users["bumen"], url__contains=str(appeal.pk))
    assert Notification.objects.filter(
        user=company.users["zhigong"], title__startswith="您的诉求已受理"
    ).exists()


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, kw",
    [
        ("title", {"title": "   "}),
        ("title", {"title": "长" * 101}),
        ("description", {"description": ""}),
        ("description", {"description": "短"}),
        ("description", {"description": "长" * 2001}),
        ("files", {"files": [SimpleUploadedFile("a.png", b"MZ not an image at all")]}),
        ("files", {"files": [SimpleUploadedFile("a.exe", b"MZ\x90\x00")]}),
        ("files", {"files": [png(f"{i}.png") for i in range(6)]}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(company, field, kw):
    with pytest.raises(DomainError) as e:
        submit(company, **kw)
    assert e.value.field == field
    assert str(e.value.message)
    assert not Appeal.all_objects.exists()
    assert not Attachment.objects.exists()
    assert not AppealEvent.objects.exists()


def test_inactive_category_and_bad_urgency_are_refused(company):
    c = category()
    c.is_active = False
    c.save()
    with pytest.raises(DomainError) as e:
        submit(company, category=c)
    assert e.value.field == "category"
    with pytest.raises(DomainError) as e:
        submit(company, urgency="whenever", category=category("其他"))
    assert e.value.field == "urgency"


def test_a_login_without_an_employee_record_cannot_submit(company):
    with pytest.raises(DomainError) as e:
        submit(company, who="admin")
    assert e.value.code == "no_person"


def test_files_are_attached_to_the_appeal(company):
    appeal, _ = submit(company, files=[png(), png("b.png")])
    assert (
        Attachment.objects.filter(owner_id=appeal.pk, uploaded_by=company.users["zhigong"]).count()
        == 2
    )
