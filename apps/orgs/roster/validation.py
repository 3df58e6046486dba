"""Roster rows checked against the actor's scope and the file itself: what each would do."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from ..choices import EmploymentStatus, MemberKind, PoliticalStatus
from ..masking import mask
from ..models import LeagueMembership, OrgUnit, PartyMembership, Person, UnionMembership
from ..services import PERSON_FIELDS
from .columns import (
    ENUMS,
    EXTRA_ALIASES,
    HEADER,
    ID_RE,
    KEYS,
    KIND,
    MOBILE_RE,
    NOT_BLANK,
    REQUIRED_ON_CREATE,
    TEXT_MAX,
    UNIT_KINDS,
    cell_date,
    cell_text,
)


class Unit(NamedTuple):
    pk: int
    name: str
    code: str | None
    kind: str
    path: str


@dataclass
class RowResult:
    """What one row will do: create, update (with the changed fields), nothing, or why not."""

    row_no: int
    employee_no: str
    name: str
    action: str = "unchanged"  # create | update | unchanged | error
    changes: list = field(default_factory=list)  # [[label, old, new], ...]
    errors: list = field(default_factory=list)  # [{"column", "message"}, ...]
    state: dict | None = None  # the person's values after the write
    person_id: int | None = None


def _display(key: str, value, ctx: "RosterContext") -> str:
    if value is None or value == "":
        return ""
    kind = KIND.get(key)
    if kind == "unit":
        return ctx.unit_names.get(value, f"#{value}")
    if kind == "enum":
        return str(ENUMS[key](value).label)
    if kind == "date":
        return value.isoformat()
    return str(value)


def _enum_lookup(key: str) -> dict[str, str]:
    choices = ENUMS[key]
    table = {str(label): value for value, label in choices.choices}
    table |= {value.lower(): value for value in choices.values}
    table |= EXTRA_ALIASES.get(key, {})
    return table


# ---------------------------------------------------------------- context


class RosterContext:
    """Everything validation needs, loaded once: about a dozen queries whatever the row count."""

    def __init__(self, actor):
        self.actor = actor
        self.enum_tables = {key: _enum_lookup(key) for key in ENUMS}
        self.unit_names = dict(OrgUnit.objects.values_list("pk", "name"))
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        visible = (
            OrgUnit.objects.visible_to(actor)
            .alive()
            .values_list("pk", "name", "code", "kind", "path")
        )
        for row in visible:
            unit = Unit(*row)
            if unit.code:
                self.units_by_code[unit.code] = unit
            self.units_by_name[unit.name].append(unit)
        self.units_by_id = {u.pk: u for units in self.units_by_name.values() for u in units}

        # Every 工号 in the table (a 工号 is unique even among soft-deleted people) ...
        self.pk_by_no: dict[str, int] = dict(
            Person.all_objects.values_list("employee_no", "pk").order_by()
        )
        # ... but only the people in the actor's scope may be changed.
        visible_people = Person.objects.visible_to(actor).values("pk")
        self.current: dict[int, dict] = {}
        for row in (
            Person.objects.filter(pk__in=visible_people)
            .values(
                "pk", *[f if f not in ("department", "team") else f + "_id" for f in PERSON_FIELDS]
            )
            .order_by()
        ):
            pk = row.pop("pk")
            row["department"] = row.pop("department_id")
            row["team"] = row.pop("team_id")
            row.update(branch=None, joined_on=None, confirmed_on=None, member_kind=None)
            row.update(party_post="", union=None, league=None)
            self.current[pk] = row
        # Membership rows, soft-deleted ones included: a returning member revives their row.
        self.party_rows: dict[int, tuple[int, bool]] = {}
        for pk, person_id, branch, kind, joined, confirmed, post, deleted in (
            PartyMembership.all_objects.filter(person_id__in=visible_people)
            .values_list(
                "pk",
                "person_id",
                "branch_id",
                "kind",
                "joined_on",
                "confirmed_on",
                "party_post",
                "deleted_at",
            )
            .order_by()
        ):
            self.party_rows[person_id] = (pk, deleted is None)
            if deleted is None and person_id in self.current:
                self.current[person_id].update(
                    branch=branch,
                    member_kind=kind,
                    joined_on=joined,
                    confirmed_on=confirmed,
                    party_post=post,
                )
        self.union_rows = self._memberships(UnionMembership, "union", visible_people)
        self.league_rows = self._memberships(LeagueMembership, "league", visible_people)

    def _memberships(self, model, key, visible_people) -> dict[int, tuple[int, bool]]:
        rows = {}
        for pk, person_id, unit, deleted in (
            model.all_objects.filter(person_id__in=visible_people)
            .values_list("pk", "person_id", "unit_id", "deleted_at")
            .order_by()
        ):
            rows[person_id] = (pk, deleted is None)
            if deleted is None and person_id in self.current:
                self.current[person_id][key] = unit
        return rows

    def resolve_unit(self, key: str, text: str, within: Unit | None = None):
        """(unit, None) or (None, error message) for a unit named by code or name."""
        kinds, kind_label = UNIT_KINDS[key]
        col = HEADER[key]
        by_code = self.units_by_code.get(text)
        candidates = [by_code] if by_code else self.units_by_name.get(text, [])
        if not candidates:
            return None, _("%(col)s“%(value)s”不存在或不在您的管辖范围") % {
                "col": col,
                "value": text,
            }
        candidates = [u for u in candidates if u.kind in kinds]
        if not candidates:
            return None, _("%(col)s“%(value)s”不是%(kind)s") % {
                "col": col,
                "value": text,
                "kind": kind_label,
            }
        if within is not None:
            candidates = [
                u for u in candidates if u.path.startswith(within.path) and u.pk != within.pk
            ]
            if not candidates:
                return None, _("%(col)s“%(value)s”不在部门“%(dept)s”之下") % {
                    "col": col,
                    "value": text,
                    "dept": within.name,
                }
        if len(candidates) > 1:
            return None, _("%(col)s“%(value)s”有多个同名组织,请改填组织编码") % {
                "col": col,
                "value": text,
            }
        return candidates[0], None


# ---------------------------------------------------------------- validation


def _parse(ctx: RosterContext, raw: dict, present: set[str], current: dict | None):
    """Parse the present columns of a row into typed values; returns (values, errors)."""
    values: dict = {}
    errors: list[tuple[str, str]] = []
    for key in present:
        if key in ("employee_no",) or KIND[key] == "unit":
            continue
        col = HEADER[key]
        value = raw.get(key)
        text = cell_text(value)
        kind = KIND[key]
        if text == "":
            if key in ("political_status", "status"):
                continue  # empty: keep the current value, or the default for a new person
            values[key] = None if kind == "date" or key == "member_kind" else ""
            continue
        if kind == "text":
            if len(text) > TEXT_MAX.get(key, 50):
                errors.append(
                    (col, _("%(col)s不能超过 %(n)d 个字") % {"col": col, "n": TEXT_MAX[key]})
                )
            values[key] = text
        elif kind == "date":
            try:
                values[key] = cell_date(value)
            except ValueError:
                errors.append(
                    (
                        col,
                        _("%(col)s“%(value)s”不是有效日期,请写成 2024-03-01 的形式")
                        % {"col": col, "value": text},
                    )
                )
        elif kind == "enum":
            found = ctx.enum_tables[key].get(text) or ctx.enum_tables[key].get(text.lower())
            if found is None:
                labels = "、".join(str(label) for v, label in ENUMS[key].choices if v)
                errors.append(
                    (
                        col,
                        _("%(col)s“%(value)s”无效,可填:%(choices)s")
                        % {"col": col, "value": text, "choices": labels},
                    )
                )
            else:
                values[key] = found
        elif kind in ("mobile", "id_number"):
            old = (current or {}).get(key) or ""
            if "*" in text and old and mask(old) == text:
                values[key] = old  # a masked export read back in: the number is unchanged
                continue
            text = text.upper().replace(" ", "")
            if kind == "mobile" and not MOBILE_RE.match(text):
                errors.append((col, _("手机“%(value)s”不是有效的 11 位手机号") % {"value": text}))
            elif kind == "id_number" and not ID_RE.match(text):
                errors.append(
                    (
                        col,
                        _("身份证号“%(value)s”格式不对,应为 18 位(末位可为 X)") % {"value": text},
                    )
                )
            else:
                values[key] = text
    return values, errors


def _resolve_units(ctx, raw, present, current, errors) -> dict:
    values = {}
    department = None
    if "department" in present:
        text = cell_text(raw.get("department"))
        if text:
            department, err = ctx.resolve_unit("department", text)
            if err:
                errors.append((HEADER["department"], err))
            else:
                values["department"] = department.pk
        else:
            values["department"] = None
    elif current is not None:
        department = ctx.units_by_id.get(current["department"])
    for key in ("team", "branch", "union", "league"):
        if key not in present:
            continue
        text = cell_text(raw.get(key))
        if not text:
            values[key] = None
            continue
        if key == "team" and department is None:
            if "department" not in present or values.get("department") is None:
                errors.append((HEADER[key], _("填写班组时须同时填写部门")))
            continue
        unit, err = ctx.resolve_unit(key, text, within=department if key == "team" else None)
        if err:
            errors.append((HEADER[key], err))
        else:
            values[key] = unit.pk
    return values


def _defaults() -> dict:
    return {
        "name": "",
        "gender": "",
        "birth_date": None,
        "mobile": "",
        "id_number": "",
        "department": None,
        "team": None,
        "position": "",
        "political_status": PoliticalStatus.MASSES.value,
        "skill_level": "",
        "hired_on": None,
        "status": EmploymentStatus.ACTIVE.value,
        "branch": None,
        "joined_on": None,
        "confirmed_on": None,
        "member_kind": None,
        "party_post": "",
        "union": None,
        "league": None,
    }


def validate_rows(
    ctx: RosterContext,
    rows: Iterable[tuple[int, dict]],
    present: set[str] | None,
    row_label: Callable[[int], str],
) -> Iterator[RowResult]:
    """Check every row against the scope and the file itself; yield what each row would do.

    `present`: the columns the source carries (None: each row's own keys, as in the API).
    """
    first_row_of: dict[str, int] = {}
    for row_no, raw in rows:
        cols = (present if present is not None else set(raw)) & set(KEYS)
        employee_no = cell_text(raw.get("employee_no"))
        result = RowResult(row_no=row_no, employee_no=employee_no, name=cell_text(raw.get("name")))
        errors: list[tuple[str, str]] = []
        current = None
        if not employee_no:
            errors.append((HEADER["employee_no"], _("工号不能为空")))
        elif len(employee_no) > TEXT_MAX["employee_no"]:
            errors.append((HEADER["employee_no"], _("工号不能超过 32 个字")))
        elif employee_no in first_row_of:
            errors.append(
                (
                    HEADER["employee_no"],
                    _("工号“%(value)s”与%(first)s重复")
                    % {"value": employee_no, "first": row_label(first_row_of[employee_no])},
                )
            )
        else:
            first_row_of[employee_no] = row_no
            pk = ctx.pk_by_no.get(employee_no)
            if pk is not None:
                current = ctx.current.get(pk)
                if current is None:
                    errors.append(
                        (
                            HEADER["employee_no"],
                            _("工号“%(value)s”已被您管辖范围之外的人员使用,不能修改")
                            % {"value": employee_no},
                        )
                    )
                result.person_id = pk
        values, parse_errors = _parse(ctx, raw, cols, current)
        errors += parse_errors
        values |= _resolve_units(ctx, raw, cols, current, errors)

        state = dict(current) if current is not None else _defaults()
        state.update(values)
        if current is None:
            for key in REQUIRED_ON_CREATE:
                if key != "employee_no" and not state.get(key) and not _has_error(errors, key):
                    errors.append((HEADER[key], _("%(col)s不能为空") % {"col": HEADER[key]}))
        else:
            for key in NOT_BLANK:
                if key in values and not values[key] and not _has_error(errors, key):
                    errors.append((HEADER[key], _("%(col)s不能为空") % {"col": HEADER[key]}))
        if state["branch"] is not None:
            if state["member_kind"] is None:
                state["member_kind"] = MemberKind.FULL.value
            joined, confirmed = state["joined_on"], state["confirmed_on"]
            if joined and confirmed and confirmed < joined:
                errors.append((HEADER["confirmed_on"], _("转正日期不能早于入党日期")))
        else:
            state.update(joined_on=None, confirmed_on=None, member_kind=None, party_post="")
        if state["team"] is not None and state["department"] is not None and "team" not in cols:
            # The department moved but the team column is absent: the old team no longer fits.
            team = ctx.units_by_id.get(state["team"])
            dept = ctx.units_by_id.get(state["department"])
            if team and dept and not team.path.startswith(dept.path):
                state["team"] = None

        if errors:
            result.action = "error"
            label = row_label(row_no)
            result.errors = [
                {"column": str(col), "message": f"{label}:{msg}"} for col, msg in errors
            ]
        elif current is None:
            result.action = "create"
            result.changes = [
                [HEADER[k], "", _display(k, v, ctx)]
                for k, v in state.items()
                if v not in (None, "") and k in HEADER
            ]
        else:
            result.changes = [
                [HEADER[k], _display(k, current[k], ctx), _display(k, state[k], ctx)]
                for k in state
                if state[k] != current[k]
            ]
            result.action = "update" if result.changes else "unchanged"
        if not result.name and current is not None:
            result.name = current["name"]
        result.state = state
        yield result


def _has_error(errors, key) -> bool:
    return any(col == HEADER[key] for col, _msg in errors)
