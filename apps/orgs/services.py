"""Writes on the organization: units (create, update, move, dissolve) and people (update, delete).

Only org admins (RoleAssignment.ORG_ADMIN_ROLES) write, and only inside the subtrees their roles
are held on. Every write is atomic and audited.
"""

import datetime
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.accounts.provisioning import sync_accounts
from apps.core.audit import audit_event
from apps.core.errors import Forbidden
from apps.core.scope import subtree_q

from .choices import (
    ADMIN_KINDS,
    ALLOWED_PARENTS,
    EmploymentStatus,
    Gender,
    MemberKind,
    PoliticalStatus,
    SkillLevel,
    UnitKind,
)
from .errors import OrgError
from .models import OrgUnit, PartyMembership, Person

OFF_ROLL = (EmploymentStatus.RETIRED, EmploymentStatus.LEFT)
MOBILE_RE = re.compile(r"^1\d{10}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


# --- who may write ---------------------------------------------------------------------------


def _admin_paths(user) -> tuple[str, ...]:
    """Paths of the live units on which the user holds an org-admin role, cached per request."""
    cached = getattr(user, "_tongxin_admin_paths", None)
    if cached is None:
        cached = tuple(
            RoleAssignment.objects.filter(
                user=user,
                role__in=RoleAssignment.ORG_ADMIN_ROLES,
                unit__dissolved_at__isnull=True,
            ).values_list("unit__path", flat=True)
        )
        user._tongxin_admin_paths = cached
    return cached


def can_admin_unit(user, unit: OrgUnit | None) -> bool:
    """An org admin may change a unit inside a subtree they hold the role on; a new root needs a
    superuser or a system administrator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if unit is None:
        return user.has_role(Role.SYSTEM_ADMIN)
    return any(unit.path.startswith(p) for p in _admin_paths(user))


def can_admin_person(user, person: Person) -> bool:
    return can_admin_unit(user, person.department)


def _require_admin(actor, unit: OrgUnit | None) -> None:
    if not can_admin_unit(actor, unit):
        raise Forbidden(_("只有该组织的管理员(系统管理员或党群工作部管理员)可以执行此操作。"))


# --- units -----------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise OrgError.UNIT_NAME_REQUIRED(field="name")
    if len(name) > 100:
        raise OrgError.UNIT_NAME_TOO_LONG(field="name")
    return name


def _clean_code(code: str | None, *, unit: OrgUnit | None = None) -> str | None:
    code = (code or "").strip() or None
    if code is None:
        return None
    if len(code) > 50:
        raise OrgError.UNIT_CODE_TOO_LONG(field="code")
    taken = OrgUnit.objects.filter(code=code)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise OrgError.UNIT_CODE_TAKEN(field="code", code=code)
    return code


def _check_parent_kind(kind: str, parent: OrgUnit | None) -> None:
    allowed = ALLOWED_PARENTS.get(kind)
    if allowed is None:
        raise OrgError.UNIT_KIND(field="kind")
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in allowed:
        if parent is None:
            raise OrgError.UNIT_NOT_ROOT(field="parent", kind=UnitKind(kind).label)
        raise OrgError.UNIT_PARENT_KIND(
            field="parent",
            kind=UnitKind(kind).label,
            parent_kind=UnitKind(parent.kind).label,
            parent=parent.name,
        )


def _check_serves(kind: str, serves: OrgUnit | None) -> None:
    if serves is None:
        return
    if kind in ADMIN_KINDS:
        raise OrgError.SERVES_ONLY_MASS(field="serves")
    if serves.kind not in ADMIN_KINDS:
        raise OrgError.SERVES_NOT_ADMIN(field="serves")
    if serves.is_dissolved:
        raise OrgError.SERVES_DISSOLVED(field="serves")


def _check_head(head: Person | None) -> None:
    if head is not None and head.deleted_at is not None:
        raise OrgError.HEAD_DELETED(field="head")


@transaction.atomic
def unit_create(
    *,
    actor,
    parent: OrgUnit | None,
    name: str,
    kind: str,
    code: str | None = None,
    serves: OrgUnit | None = None,
    head: Person | None = None,
) -> OrgUnit:
    """Create a unit under a live parent the actor administers, of a kind allowed there."""
    _require_admin(actor, parent)
    if parent is not None:
        parent.refresh_from_db()
        if parent.is_dissolved:
            raise OrgError.PARENT_DISSOLVED(field="parent")
    fields = {
        "name": _clean_name(name),
        "kind": kind,
        "code": _clean_code(code),
        "serves": serves,
        "head": head,
    }
    _check_parent_kind(kind, parent)
    _check_serves(kind, serves)
    _check_head(head)
    if parent is None:
        return OrgUnit.objects.add_root(create_kwargs=fields)
    return OrgUnit.objects.add_child(parent, create_kwargs=fields)


@transaction.atomic
def unit_update(
    *,
    actor,
    unit: OrgUnit,
    name: str,
    code: str | None,
    serves: OrgUnit | None,
    head: Person | None,
) -> OrgUnit:
    """Change a unit's name, code, bound department and head; auditlog records each change."""
    _require_admin(actor, unit)
    if unit.is_dissolved:
        raise OrgError.DISSOLVED_NO_CHANGE()
    unit.name = _clean_name(name)
    unit.code = _clean_code(code, unit=unit)
    _check_serves(unit.kind, serves)
    if serves is not None and serves.pk == unit.pk:
        raise OrgError.SERVES_SELF(field="serves")
    _check_head(head)
    unit.serves = serves
    unit.head = head
    unit.save()
    return unit


def unit_rename(*, actor, unit: OrgUnit, name: str) -> OrgUnit:
    """Rename a unit (its history keeps the old name)."""
    return unit_update(
        actor=actor, unit=unit, name=name, code=unit.code, serves=unit.serves, head=unit.head
    )


@transaction.atomic
def unit_move(*, actor, unit: OrgUnit, new_parent: OrgUnit | None) -> OrgUnit:
    """Move a unit with its whole subtree under another parent. Never under itself or one of its
    own descendants, never where its kind is not allowed."""
    unit.refresh_from_db()
    _require_admin(actor, unit)
    if new_parent is not None:
        new_parent.refresh_from_db()
    _require_admin(actor, new_parent)
    if unit.is_dissolved:
        raise OrgError.DISSOLVED_NO_MOVE()
    if new_parent is not None:
        if new_parent.pk == unit.pk:
            raise OrgError.MOVE_UNDER_SELF(field="parent", unit=unit.name)
        if new_parent.path.startswith(unit.path):
            raise OrgError.MOVE_CYCLE(field="parent", unit=unit.name, target=new_parent.name)
        if new_parent.is_dissolved:
            raise OrgError.TARGET_PARENT_DISSOLVED(field="parent")
    old_parent_path = unit.path[: -OrgUnit.steplen]
    if (new_parent.path if new_parent else "") == old_parent_path:
        raise OrgError.MOVE_SAME(field="parent")
    _check_parent_kind(unit.kind, new_parent)
    old_parent = OrgUnit.objects.filter(path=old_parent_path).first() if old_parent_path else None
    if new_parent is None:
        last_root = OrgUnit.objects.filter(depth=1).order_by("-path").first()
        OrgUnit.objects.move(unit, last_root, pos="last-sibling")
    else:
        OrgUnit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    # treebeard rewrites paths with raw SQL, so auditlog sees nothing: record the move ourselves.
    audit_event(
        actor=actor,
        instance=unit,
        message=_("调整上级组织"),
        data={
            _("原上级"): old_parent.name if old_parent else _("(顶级)"),
            _("新上级"): new_parent.name if new_parent else _("(顶级)"),
        },
    )
    return unit


@transaction.atomic
def unit_dissolve(*, actor, unit: OrgUnit) -> OrgUnit:
    """Dissolve a unit: kept for history, gone from the tree. Only once it has no live sub-units
    and nobody on its roll or among its members."""
    unit.refresh_from_db()
    _require_admin(actor, unit)
    if unit.is_dissolved:
        raise OrgError.ALREADY_DISSOLVED()
    live_children = list(
        OrgUnit.objects.alive()
        .filter(subtree_q(unit.path), depth=unit.depth + 1)
        .values_list("name", flat=True)[:6]
    )
    if live_children:
        raise OrgError.HAS_CHILDREN(unit=unit.name, names=_names(live_children))
    people = list(
        Person.objects.exclude(status__in=OFF_ROLL)
        .filter(Q(department=unit) | Q(team=unit))
        .values_list("name", flat=True)[:6]
    )
    if people:
        raise OrgError.HAS_PEOPLE(unit=unit.name, names=_names(people))
    members = list(
        Person.objects.filter(
            Q(party_membership__branch=unit)
            | Q(union_membership__unit=unit)
            | Q(league_membership__unit=unit)
        ).values_list("name", flat=True)[:6]
    )
    if members:
        raise OrgError.HAS_MEMBERS(unit=unit.name, names=_names(members))
    unit.dissolved_at = timezone.now()
    unit.save(update_fields=["dissolved_at", "updated_at"])
    return unit


def _names(names: list[str]) -> str:
    shown = "、".join(names[:5])
    return shown + (_("等") if len(names) > 5 else "")


# --- people ----------------------------------------------------------------------------------


def id_number_valid(value: str) -> bool:
    """GB 11643: 17 digits and a check character from the weighted sum mod 11."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17].upper()


def _not_future(value: datetime.date | None, field: str, label: str) -> None:
    if value is not None and value > timezone.localdate():
        raise OrgError.DATE_FUTURE(field=field, label=label)


PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "mobile",
    "id_number",
    "department",
    "team",
    "position",
    "political_status",
    "skill_level",
    "hired_on",
    "status",
)


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    """Change an employee's record. Mobile is 11 digits starting with 1; an ID number is 18
    characters with a valid check digit; dates are not in the future; the team lies in the
    department; a new department is one the actor administers."""
    if not can_admin_person(actor, person):
        raise Forbidden()
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise OrgError.PERSON_FIELD(fields=", ".join(sorted(unknown)))
    data = {f: getattr(person, f) for f in PERSON_FIELDS} | fields

    data["name"] = (data["name"] or "").strip()
    if not data["name"]:
        raise OrgError.NAME_REQUIRED(field="name")
    if len(data["name"]) > 50:
        raise OrgError.NAME_TOO_LONG(field="name")
    if data["gender"] not in Gender.values:
        raise OrgError.GENDER(field="gender")
    mobile = (data["mobile"] or "").strip()
    if mobile and mobile != person.mobile and not MOBILE_RE.match(mobile):
        raise OrgError.MOBILE(field="mobile")
    data["mobile"] = mobile
    id_number = (data["id_number"] or "").strip().upper()
    if id_number and id_number != person.id_number and not id_number_valid(id_number):
        raise OrgError.ID_NUMBER(field="id_number")
    data["id_number"] = id_number
    _not_future(data["birth_date"], "birth_date", _("出生日期"))
    _not_future(data["hired_on"], "hired_on", _("入职日期"))
    if data["birth_date"] and data["hired_on"] and data["hired_on"] < data["birth_date"]:
        raise OrgError.HIRED_BEFORE_BORN(field="hired_on")

    department, team = data["department"], data["team"]
    if department is None:
        raise OrgError.DEPARTMENT_REQUIRED(field="department")
    if department.kind not in (UnitKind.COMPANY, UnitKind.DEPARTMENT):
        raise OrgError.DEPARTMENT_KIND(field="department")
    if department.pk != person.department_id:
        if department.is_dissolved:
            raise OrgError.DEPARTMENT_DISSOLVED(field="department")
        if not can_admin_unit(actor, department):
            raise OrgError.DEPARTMENT_OUT_OF_REACH(field="department")
    if team is not None:
        if team.kind != UnitKind.TEAM:
            raise OrgError.TEAM_KIND(field="team")
        if not team.path.startswith(department.path):
            raise OrgError.TEAM_OUTSIDE(field="team", team=team.name, dept=department.name)
        if team.pk != person.team_id and team.is_dissolved:
            raise OrgError.TEAM_DISSOLVED(field="team")
    if data["political_status"] not in PoliticalStatus.values:
        raise OrgError.POLITICAL(field="political_status")
    if data["skill_level"] not in SkillLevel.values:
        raise OrgError.SKILL(field="skill_level")
    if data["status"] not in EmploymentStatus.values:
        raise OrgError.STATUS(field="status")
    data["position"] = (data["position"] or "").strip()[:50]

    for f, value in data.items():
        setattr(person, f, value)
    person.save()
    sync_accounts([person.pk], actor=actor)  # a person who left loses their login
    return person


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    """Soft-delete a person: gone from lists and counts, kept in the table and the history."""
    if not can_admin_person(actor, person):
        raise Forbidden()
    if person.deleted_at is not None:
        raise OrgError.PERSON_DELETED()
    person.soft_delete()
    sync_accounts([person.pk], actor=actor)
    audit_event(actor=actor, instance=person, message=_("从名册中删除"))


# --- party standing --------------------------------------------------------------------------


@transaction.atomic
def party_standing_set(
    *,
    actor,
    person: Person,
    branch: OrgUnit,
    kind: str,
    joined_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
) -> PartyMembership:
    """A person becomes a probationary member of `branch`, or a probationary member becomes a
    full one: the membership and the 政治面貌 change together. The caller (发展党员's approval
    by the higher committee) has already decided who may; this keeps the two records in step."""
    membership = PartyMembership.objects.filter(person=person).first() or PartyMembership(
        person=person
    )
    membership.branch, membership.kind = branch, kind
    if joined_on is not None:
        membership.joined_on = joined_on
    if confirmed_on is not None:
        membership.confirmed_on = confirmed_on
    membership.save()
    person.political_status = (
        PoliticalStatus.PARTY_MEMBER if kind == MemberKind.FULL else PoliticalStatus.PROBATIONARY
    )
    person.save(update_fields=["political_status", "name_initials", "updated_at"])
    audit_event(
        actor=actor,
        instance=person,
        message=_("党员类别:%(kind)s") % {"kind": MemberKind(kind).label},
    )
    return membership
