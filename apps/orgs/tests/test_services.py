"""Unit and person writes: who may write, the forest's rules, validation, audit."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.orgs import services
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


def _fresh(unit):
    return OrgUnit.objects.get(pk=unit.pk)


# --- create / update -------------------------------------------------------------------------


def test_create_under_parent(company):
    unit = services.unit_create(
        actor=company.users["dangwei"],
        parent=company.units["prod"],
        name=" 检修班 ",
        kind=UnitKind.TEAM,
        code="T-9",
    )
    assert unit.name == "检修班"
    assert unit.path.startswith(company.units["prod"].path)
    assert LogEntry.objects.get_for_object(unit).filter(action=LogEntry.Action.CREATE).exists()


def test_create_refuses_kind_not_allowed_under_parent(company):
    with pytest.raises(DomainError) as e:
        services.unit_create(
            actor=company.users["dangwei"],
            parent=company.units["branch1"],
            name="某班组",
            kind=UnitKind.TEAM,
        )
    assert e.value.code == "unit_parent_kind"
    assert "“班组”不能设在“党支部”" in str(e.value.message)


def test_create_refuses_duplicate_code_and_empty_name(company):
    actor = company.users["dangwei"]
    with pytest.raises(DomainError) as e:
        services.unit_create(
            actor=actor, parent=company.units["prod"], name="X", kind=UnitKind.TEAM, code="T-1"
        )
    assert e.value.field == "code"
    with pytest.raises(DomainError) as e:
        services.unit_create(
            actor=actor, parent=company.units["prod"], name="  ", kind=UnitKind.TEAM
        )
    assert e.value.field == "name"


def test_only_org_admins_within_their_subtree_write(company):
    for username in ("shuji", "bumen", "zhigong", "norole"):
        with pytest.raises(Forbidden):
            services.unit_rename(
                actor=company.users[username], unit=company.units["prod"], name="X"
            )
    with pytest.raises(Forbidden):
        services.unit_create(
            actor=company.users["dangwei"], parent=None, name="新公司", kind=UnitKind.COMPANY
        )
    root = services.unit_create(
        actor=company.users["admin"], parent=None, name="新公司", kind=UnitKind.COMPANY
    )
    assert root.depth == 1


def test_bind_branch_to_department(company):
    branch = services.unit_update(
        actor=company.users["dangwei"],
        unit=company.units["branch1"],
        name="生产一支部",
        code="P-B1",
        serves=company.units["safety"],
        head=company.people["shuji"],
    )
    assert branch.serves == company.units["safety"] and branch.head == company.people["shuji"]
    with pytest.raises(DomainError) as e:
        services.unit_update(
            actor=company.users["dangwei"],
            unit=company.units["branch1"],
            name="生产一支部",
            code="P-B1",
            serves=company.units["gb"],
            head=None,
        )
    assert e.value.field == "serves"


# --- move ------------------------------------------------------------------------------------


def test_move_under_itself_or_descendant_is_refused(company):
    actor = company.users["dangwei"]
    for target in ("prod", "team1"):
        with pytest.raises(DomainError) as e:
            services.unit_move(
                actor=actor, unit=company.units["prod"], new_parent=company.units[target]
            )
        assert e.value.code == "unit_move_cycle"
    assert _fresh(company.units["prod"]).path == company.units["prod"].path


def test_move_refuses_disallowed_kind_and_same_parent(company):
    actor = company.users["dangwei"]
    with pytest.raises(DomainError) as e:
        services.unit_move(
            actor=actor, unit=company.units["team1"], new_parent=company.units["branch1"]
        )
    assert e.value.code == "unit_parent_kind"
    with pytest.raises(DomainError) as e:
        services.unit_move(
            actor=actor, unit=company.units["team1"], new_parent=company.units["prod"]
        )
    assert e.value.code == "unit_move_same"


def test_move_carries_subtree_and_is_audited(company):
    actor = company.users["dangwei"]
    gb = company.units["gb"]
    services.unit_move(actor=actor, unit=company.units["branch2"], new_parent=gb)
    branch2 = _fresh(company.units["branch2"])
    assert branch2.path.startswith(_fresh(gb).path) and branch2.depth == gb.depth + 1
    entry = LogEntry.objects.get_for_object(branch2).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == actor
    assert entry.changes_dict["新上级"][0] == "生产党总支"
    assert entry.changes_dict["原上级"][0] == "公司党委"
    # the whole subtree moves along: the team follows its department
    services.unit_move(actor=actor, unit=company.units["prod"], new_parent=company.units["safety"])
    prod, team = _fresh(company.units["prod"]), _fresh(company.units["team1"])
    assert prod.path.startswith(company.units["safety"].path)
    assert team.path.startswith(prod.path) and team.depth == prod.depth + 1


def test_move_outside_actor_subtree_is_forbidden(company):
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment

    # a party admin held on the party committee only cannot pull a department under it
    user = company.users["tech_shuji"]
    RoleAssignment.objects.create(user=user, role=Role.PARTY_ADMIN, unit=company.units["party"])
    with pytest.raises(Forbidden):
        services.unit_move(
            actor=user, unit=company.units["branch2"], new_parent=company.units["prod"]
        )


# --- dissolve --------------------------------------------------------------------------------


def test_dissolve_refuses_live_children(company):
    with pytest.raises(DomainError) as e:
        services.unit_dissolve(actor=company.users["dangwei"], unit=company.units["prod"])
    assert e.value.code == "unit_has_children" and "运行一班" in str(e.value.message)


def test_dissolve_refuses_active_people_and_names_them(company):
    with pytest.raises(DomainError) as e:
        services.unit_dissolve(actor=company.users["dangwei"], unit=company.units["team1"])
    assert e.value.code == "unit_has_people" and "张伟" in str(e.value.message)


def test_dissolve_refuses_branch_with_members(company):
    with pytest.raises(DomainError) as e:
        services.unit_dissolve(actor=company.users["dangwei"], unit=company.units["branch2"])
    assert e.value.code == "unit_has_members" and "陈静" in str(e.value.message)


def test_dissolve_when_empty_keeps_history(company):
    safety = company.units["safety"]
    zhao = company.people["safety_worker"]
    zhao.status = EmploymentStatus.LEFT
    zhao.save()
    unit = services.unit_dissolve(actor=company.users["dangwei"], unit=safety)
    assert unit.dissolved_at is not None
    assert OrgUnit.objects.filter(pk=safety.pk).exists()
    with pytest.raises(DomainError):
        services.unit_dissolve(actor=company.users["dangwei"], unit=safety)
    with pytest.raises(DomainError):
        services.unit_create(
            actor=company.users["dangwei"], parent=safety, name="班", kind=UnitKind.TEAM
        )


# --- people ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,ok",
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105194912310021", False),
        ("1101051949123100", False),
        ("A1010519491231002X", False),
    ],
)
def test_id_number_check_digit(value, ok):
    assert services.id_number_valid(value) is ok


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"mobile": "1380000100"}, "mobile"),
        ({"mobile": "23800001000"}, "mobile"),
        ({"mobile": "1380000100a"}, "mobile"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"birth_date": timezone.localdate() + datetime.timedelta(days=1)}, "birth_date"),
        ({"hired_on": timezone.localdate() + datetime.timedelta(days=3)}, "hired_on"),
        ({"name": ""}, "name"),
        ({"status": "ghost"}, "status"),
    ],
)
def test_person_update_validation(company, changes, field):
    zhang = company.people["zhigong"]
    with pytest.raises(DomainError) as e:
        services.person_update(actor=company.users["dangwei"], person=zhang, **changes)
    assert e.value.field == field
    assert Person.objects.get(pk=zhang.pk).mobile == "13800001003"


def test_person_update_keeps_unchanged_legacy_id_number(company):
    # the roster may hold an old number with a wrong check digit: editing another field is fine
    zhang = company.people["zhigong"]
    services.person_update(actor=company.users["dangwei"], person=zhang, position="巡检")
    zhang.refresh_from_db()
    assert zhang.position == "巡检"


def test_person_update_team_must_sit_in_department(company):
    chen = company.people["tech_worker"]
    with pytest.raises(DomainError) as e:
        services.person_update(
            actor=company.users["dangwei"], person=chen, team=company.units["team1"]
        )
    assert e.value.field == "team"
    services.person_update(
        actor=company.users["dangwei"],
        person=chen,
        department=company.units["prod"],
        team=company.units["team1"],
    )
    chen.refresh_from_db()
    assert chen.team == company.units["team1"]


def test_person_update_is_audited_and_forbidden_to_others(company):
    zhang = company.people["zhigong"]
    services.person_update(actor=company.users["dangwei"], person=zhang, mobile="13911112222")
    entry = LogEntry.objects.get_for_object(zhang).filter(action=LogEntry.Action.UPDATE).first()
    assert entry.changes_dict["mobile"] == ["13800001003", "13911112222"]
    with pytest.raises(Forbidden):
        services.person_update(actor=company.users["shuji"], person=zhang, position="x")


def test_person_delete_is_soft_and_audited(company):
    zhang = company.people["zhigong"]
    services.person_delete(actor=company.users["dangwei"], person=zhang)
    assert not Person.objects.filter(pk=zhang.pk).exists()
    assert Person.all_objects.filter(pk=zhang.pk, deleted_at__isnull=False).exists()
    assert LogEntry.objects.get_for_object(zhang).filter(action=LogEntry.Action.ACCESS).exists()
    with pytest.raises(Forbidden):
        services.person_delete(actor=company.users["shuji"], person=company.people["bumen"])
