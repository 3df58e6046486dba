"""The hazard loop: every allowed and refused transition, deadlines, photos, supervision."""

from datetime import timedelta

import pytest

from apps.core.errors import DomainError
from apps.core.models import Attachment, Holiday, Notification
from apps.hazards import services
from apps.hazards.choices import HazardAction, HazardLevel, HazardStatus
from apps.hazards.models import Hazard, HazardEvent, HazardPolicy
from apps.hazards.permissions import can_manage_hazards
from apps.supervision.models import SupervisedItem

from .factories import EXE, PDF, local, make_hazard, photo

NOW = local(2025, 3, 3, 10, 0)  # a Monday
S = HazardStatus


def _report(company, **kw):
    values = {
        "actor": company.users["zhigong"],
        "place": "二号厂房行车",
        "description": "限位器失灵",
        "now": NOW,
    }
    values.update(kw)
    return services.hazard_report(**values)


def _at(company, status, **fields):
    """A hazard already in `status`, assigned to 陈静 of 技术部 where the state needs an owner."""
    values = {"status": status, "reported_at": NOW - timedelta(days=1)}
    if status in (S.RECTIFYING, S.SUBMITTED, S.RECTIFIED):
        values.update(
            owner_unit=company.units["tech"],
            owner_person=company.people["tech_worker"],
            due_at=NOW + timedelta(days=5),
            confirmed_at=NOW - timedelta(hours=20),
        )
    values.update(fields)
    return make_hazard(company, **values)


def _do(action, company, hazard, actor):
    tech = company.units["tech"]
    calls = {
        HazardAction.CONFIRM: lambda: services.hazard_confirm(
            actor=actor, hazard=hazard, owner_unit=tech, now=NOW
        ),
        HazardAction.REJECT: lambda: services.hazard_reject(
            actor=actor, hazard=hazard, reason="不属于隐患", now=NOW
        ),
        HazardAction.RECTIFY: lambda: services.hazard_rectify(
            actor=actor, hazard=hazard, measures="已更换", photos=[photo()], now=NOW
        ),
        HazardAction.VERIFY: lambda: services.hazard_verify(actor=actor, hazard=hazard, now=NOW),
        HazardAction.RETURN: lambda: services.hazard_return(
            actor=actor, hazard=hazard, reason="未整改到位", now=NOW
        ),
    }
    return calls[action]()


ACTIONS = [a for a in HazardAction.values if a != HazardAction.REPORT]
TABLE = {
    ("confirm", "reported"): "rectifying",
    ("reject", "reported"): "rejected",
    ("rectify", "rectifying"): "submitted",
    ("verify", "submitted"): "rectified",
    ("return", "submitted"): "rectifying",
}


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_allowed_or_refused(company, safety, owner, action, status):
    hazard = _at(company, status)
    actor = owner if action == HazardAction.RECTIFY else safety
    expected = TABLE.get((action, status))
    if expected is None:
        with pytest.raises(DomainError) as err:
            _do(action, company, hazard, actor)
        assert err.value.code == "bad_transition"
        assert "当前为" in str(err.value.message)
        hazard.refresh_from_db()
        assert hazard.status == status
        assert not HazardEvent.objects.filter(hazard=hazard).exists()
    else:
        _do(action, company, hazard, actor)
        hazard.refresh_from_db()
        assert hazard.status == expected
        event = HazardEvent.objects.get(hazard=hazard)
        assert (event.action, event.from_status, event.to_status) == (action, status, expected)
        assert event.actor == actor


def test_table_matches_the_states():
    assert {(a, s) for a in ACTIONS for s in S.values if a in services.allowed_actions(s)} == set(
        TABLE
    )


def test_verify_unconfirmed_says_why(company, safety):
    hazard = _at(company, S.REPORTED)
    with pytest.raises(DomainError) as err:
        services.hazard_verify(actor=safety, hazard=hazard, now=NOW)
    assert err.value.message == "只有已提交整改、待验收的隐患才能验收,该隐患当前为“待确认”。"


def test_report_defaults_to_reporters_team_and_notifies_safety(
    company, safety, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hazard = _report(company, photos=[photo(), photo("b.png")])
    assert hazard.unit == company.units["team1"]
    assert hazard.reporter == company.people["zhigong"]
    assert hazard.status == S.REPORTED
    assert Attachment.objects.filter(owner_id=hazard.pk).count() == 2
    assert Notification.objects.filter(user=safety, url=f"/hazards/{hazard.pk}/").exists()


@pytest.mark.parametrize(
    "name, content, code",
    [("site.jpg", EXE, "upload_disguised"), ("report.pdf", PDF, "upload_type")],
    ids=["disguised", "wrong-type"],
)
def test_report_refuses_bad_photos_and_stores_nothing(company, name, content, code):
    with pytest.raises(DomainError) as err:
        _report(company, photos=[photo(), photo(name, content)])
    assert err.value.code == code
    assert err.value.field == "photos"
    assert Hazard.all_objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"place": "  "}, "place"),
        ({"description": ""}, "description"),
        ({"description": "长" * 2001}, "description"),
        ({"level": "huge"}, "level"),
    ],
)
def test_report_bad_input(company, kw, field):
    with pytest.raises(DomainError) as err:
        _report(company, **kw)
    assert err.value.field == field
    assert Hazard.all_objects.count() == 0


def test_report_without_person_needs_unit(company):
    with pytest.raises(DomainError) as err:
        _report(company, actor=company.users["admin"])
    assert err.value.field == "unit"


def test_report_refuses_a_party_unit(company):
    with pytest.raises(DomainError) as err:
        _report(company, unit=company.units["branch1"])
    assert err.value.code == "bad_unit"


@pytest.mark.parametrize(
    "level, due",
    [
        (HazardLevel.GENERAL, local(2025, 3, 17, 18, 0)),
        (HazardLevel.LARGER, local(2025, 3, 10, 18, 0)),
        (HazardLevel.MAJOR, local(2025, 3, 5, 18, 0)),
    ],
)
def test_default_deadline_by_level_in_working_days(company, safety, level, due):
    hazard = _at(company, S.REPORTED, level=level)
    services.hazard_confirm(actor=safety, hazard=hazard, owner_unit=company.units["prod"], now=NOW)
    hazard.refresh_from_db()
    assert hazard.due_at == due


def test_default_deadline_follows_policy_and_holidays(company, safety):
    HazardPolicy.objects.update(general_days=3, larger_days=2, major_days=1)
    Holiday.objects.create(day=local(2025, 3, 4, 0, 0).date(), name="停工检修日")
    hazard = _at(company, S.REPORTED, level=HazardLevel.GENERAL)
    # The safety unit re-grades it on confirmation; the default follows the new level.
    services.hazard_confirm(
        actor=safety,
        hazard=hazard,
        owner_unit=company.units["prod"],
        level=HazardLevel.MAJOR,
        now=NOW,
    )
    hazard.refresh_from_db()
    assert hazard.level == HazardLevel.MAJOR
    assert hazard.due_at == local(2025, 3, 5, 18, 0)  # Tuesday is off: one working day = Wed


def test_deadline_in_the_past_is_refused(company, safety):
    hazard = _at(company, S.REPORTED)
    with pytest.raises(DomainError) as err:
        services.hazard_confirm(
            actor=safety,
            hazard=hazard,
            owner_unit=company.units["prod"],
            due_at=NOW - timedelta(hours=1),
            now=NOW,
        )
    assert err.value.code == "deadline_past"
    hazard.refresh_from_db()
    assert hazard.status == S.REPORTED
    assert not SupervisedItem.objects.exists()
    submitted = _at(company, S.SUBMITTED)
    with pytest.raises(DomainError):
        services.hazard_return(
            actor=safety, hazard=submitted, reason="再改", due_at=NOW - timedelta(days=1), now=NOW
        )


def test_confirm_checks_the_owner(company, safety):
    hazard = _at(company, S.REPORTED)
    with pytest.raises(DomainError) as err:
        services.hazard_confirm(
            actor=safety,
            hazard=hazard,
            owner_unit=company.units["prod"],
            owner_person=company.people["tech_worker"],
            now=NOW,
        )
    assert err.value.code == "owner_person_outside"
    with pytest.raises(DomainError) as err:
        services.hazard_confirm(
            actor=safety, hazard=hazard, owner_unit=company.units["branch1"], now=NOW
        )
    assert err.value.code == "bad_owner_unit"


@pytest.mark.parametrize("username", ["zhigong", "bumen", "shuji", "norole", "tech_shuji"])
def test_only_the_safety_unit_confirms(company, username):
    hazard = _at(company, S.REPORTED)
    with pytest.raises(DomainError) as err:
        services.hazard_confirm(
            actor=company.users[username],
            hazard=hazard,
            owner_unit=company.units["prod"],
            now=NOW,
        )
    assert err.value.status == 403


def test_who_manages_hazards(company, safety):
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment, User

    hazard = _at(company, S.REPORTED)
    union = User.objects.create_user(username="gonghui", password="x")
    RoleAssignment.objects.create(user=union, role=Role.UNION_CADRE, unit=company.units["prod"])
    prod_head = company.users["bumen"]
    assert can_manage_hazards(safety, hazard)
    assert can_manage_hazards(company.users["dangwei"], hazard)
    assert can_manage_hazards(company.users["admin"], hazard)
    assert can_manage_hazards(union, hazard)
    assert not can_manage_hazards(prod_head, hazard)  # a head, but not of a safety unit
    assert not can_manage_hazards(company.users["norole"], hazard)


def test_only_the_owner_rectifies(company, safety, owner):
    hazard = _at(company, S.RECTIFYING)
    for actor in (safety, company.users["zhigong"], company.users["bumen"]):
        with pytest.raises(DomainError) as err:
            services.hazard_rectify(
                actor=actor, hazard=hazard, measures="已改", photos=[photo()], now=NOW
            )
        assert err.value.status == 403
    # With no person named, the head of the owner unit records it.
    unnamed = _at(company, S.RECTIFYING, owner_unit=company.units["team1"], owner_person=None)
    services.hazard_rectify(
        actor=company.users["bumen"], hazard=unnamed, measures="已改", photos=[photo()], now=NOW
    )


def test_rectify_needs_measures_and_a_real_photo(company, owner):
    hazard = _at(company, S.RECTIFYING)
    with pytest.raises(DomainError) as err:
        services.hazard_rectify(actor=owner, hazard=hazard, measures="已改", photos=[], now=NOW)
    assert err.value.code == "photos_required"
    with pytest.raises(DomainError) as err:
        services.hazard_rectify(
            actor=owner, hazard=hazard, measures="已改", photos=[photo("a.png", EXE)], now=NOW
        )
    assert err.value.code == "upload_disguised"
    with pytest.raises(DomainError) as err:
        services.hazard_rectify(actor=owner, hazard=hazard, measures=" ", photos=[photo()], now=NOW)
    assert err.value.field == "measures"
    hazard.refresh_from_db()
    assert hazard.status == S.RECTIFYING
    assert Attachment.objects.count() == 0


def test_reject_needs_a_reason(company, safety):
    hazard = _at(company, S.REPORTED)
    with pytest.raises(DomainError) as err:
        services.hazard_reject(actor=safety, hazard=hazard, reason="", now=NOW)
    assert err.value.field == "reason"


def test_the_loop_under_supervision(company, safety, owner, django_capture_on_commit_callbacks):
    hazard = _report(company, level=HazardLevel.MAJOR)
    assert not SupervisedItem.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.hazard_confirm(
            actor=safety,
            hazard=hazard,
            owner_unit=company.units["tech"],
            owner_person=company.people["tech_worker"],
            now=NOW,
        )
    item = SupervisedItem.objects.get(kind="hazard", object_id=hazard.pk)
    assert item.closed_at is None
    assert item.owner_unit == company.units["tech"]
    assert item.owner_person == company.people["tech_worker"]
    assert item.due_at == local(2025, 3, 5, 18, 0)
    assert item.url == f"/hazards/{hazard.pk}/"
    assert Notification.objects.filter(user=owner, url=item.url).exists()

    services.hazard_rectify(
        actor=owner, hazard=hazard, measures="已更换限位器", photos=[photo()], now=NOW
    )
    new_due = local(2025, 3, 7, 18, 0)
    services.hazard_return(
        actor=safety, hazard=hazard, reason="照片看不清", due_at=new_due, now=NOW
    )
    item.refresh_from_db()
    hazard.refresh_from_db()
    assert (hazard.status, hazard.returned_count, hazard.due_at) == (S.RECTIFYING, 1, new_due)
    assert item.closed_at is None and item.due_at == new_due

    services.hazard_rectify(
        actor=owner, hazard=hazard, measures="已重新拍照", photos=[photo()], now=NOW
    )
    later = NOW + timedelta(hours=3)
    services.hazard_verify(actor=safety, hazard=hazard, note="合格", now=later)
    item.refresh_from_db()
    hazard.refresh_from_db()
    assert item.closed_at == later
    assert hazard.status == S.RECTIFIED and hazard.on_time
    assert list(HazardEvent.objects.filter(hazard=hazard).values_list("action", flat=True)) == [
        "report",
        "confirm",
        "rectify",
        "return",
        "rectify",
        "verify",
    ]


def test_return_keeps_the_deadline_when_none_given(company, safety):
    hazard = _at(company, S.SUBMITTED)
    due = hazard.due_at
    services.hazard_return(actor=safety, hazard=hazard, reason="再改", now=NOW)
    hazard.refresh_from_db()
    assert hazard.due_at == due
    assert SupervisedItem.objects.get(object_id=hazard.pk).due_at == due


def test_reject_is_not_supervised(company, safety, django_capture_on_commit_callbacks):
    hazard = _at(company, S.REPORTED, reported_by=company.users["zhigong"])
    with django_capture_on_commit_callbacks(execute=True):
        services.hazard_reject(actor=safety, hazard=hazard, reason="不属于隐患", now=NOW)
    assert not SupervisedItem.objects.exists()
    assert Notification.objects.filter(user=company.users["zhigong"]).exists()


def test_inspection_create(company, safety, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inspection = services.inspection_create(
            actor=safety,
            title="春季安全大检查",
            organizer=company.units["safety"],
            units=[company.units["prod"], company.units["tech"]],
            date=NOW.date(),
            inspectors=[company.people["safety_worker"]],
        )
    assert set(inspection.units.all()) == {company.units["prod"], company.units["tech"]}
    assert Notification.objects.filter(user=company.users["norole"]).exists()
    with pytest.raises(DomainError):
        services.inspection_create(
            actor=company.users["bumen"],
            title="x",
            organizer=company.units["prod"],
            units=[company.units["prod"]],
            date=NOW.date(),
        )
    with pytest.raises(DomainError) as err:
        services.inspection_create(
            actor=safety, title="x", organizer=company.units["safety"], units=[], date=NOW.date()
        )
    assert err.value.field == "units"
