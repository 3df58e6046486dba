"""The roster by 工号: row validation and the all-or-nothing bulk upsert.

One piece of code serves the Excel import (preview, then apply) and the API bulk upsert. Every
lookup a row needs (units in the actor's scope, existing people and their memberships) is loaded
once into dicts, so validating or writing a row costs no query of its own.

Columns a file (or an API row) does not carry are left alone; a column that is present but empty
clears the value (an empty 所在支部 ends the party membership, softly).

Bulk writes bypass django-auditlog on purpose: 50,000 change rows per import would swamp the log.
Each import is recorded as one audit event instead (see apps.orgs.tasks / apps.orgs.api).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import RoleAssignment
from apps.accounts.provisioning import sync_accounts
from apps.core.errors import DomainError, NotFound

from .choices import (
    EmploymentStatus,
    Gender,
    MemberKind,
    PoliticalStatus,
    SkillLevel,
    UnitKind,
)
from .masking import mask
from .models import LeagueMembership, OrgUnit, PartyMembership, Person, UnionMembership
from .pinyin import initials

# (key, the Chinese column header of the Excel file, kind). The headers are the file format.
FIELDS: list[tuple[str, str, str]] = [
    ("employee_no", "工号", "text"),
    ("name", "姓名", "text"),
    ("gender", "性别", "enum"),
    ("birth_date", "出生日期", "date"),
    ("mobile", "手机", "mobile"),
    ("id_number", "身份证号", "id_number"),
    ("department", "部门", "unit"),
    ("team", "班组", "unit"),
    ("position", "岗位", "text"),
    ("political_status", "政治面貌", "enum"),
    ("skill_level", "技能等级", "enum"),
    ("hired_on", "入职日期", "date"),
    ("status", "在职状态", "enum"),
    ("branch", "所在支部", "unit"),
    ("joined_on", "入党日期", "date"),
    ("confirmed_on", "转正日期", "date"),
    ("member_kind", "党员类别", "enum"),
    ("party_post", "党内职务", "text"),
    ("union", "所在工会", "unit"),
    ("league", "所在团组织", "unit"),
]
KEYS = [f[0] for f in FIELDS]
HEADER = {key: header for key, header, _kind in FIELDS}
KEY_OF_HEADER = {header: key for key, header, _kind in FIELDS} | {k: k for k in KEYS}
KIND = {key: kind for key, _header, kind in FIELDS}
TEXT_MAX = {"employee_no": 32, "name": 50, "position": 50, "party_post": 50}
PARTY_DETAIL = ("joined_on", "confirmed_on", "member_kind", "party_post")
PERSON_FIELDS = [
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
]
ENUMS = {
    "gender": Gender,
    "political_status": PoliticalStatus,
    "skill_level": SkillLevel,
    "status": EmploymentStatus,
    "member_kind": MemberKind,
}
EXTRA_ALIASES = {
    "gender": {"男性": "M", "女性": "F"},
    "member_kind": {"正式": MemberKind.FULL, "预备": MemberKind.PROBATIONARY},
    "political_status": {"党员": PoliticalStatus.PARTY_MEMBER, "团员": "league_member"},
}
UNIT_KINDS = {
    "department": ({UnitKind.COMPANY, UnitKind.DEPARTMENT}, gettext_lazy("部门或公司")),
    "team": ({UnitKind.TEAM}, gettext_lazy("班组")),
    "branch": (
        {UnitKind.BRANCH, UnitKind.GENERAL_BRANCH, UnitKind.PARTY_COMMITTEE},
        gettext_lazy("党支部(党总支、党委)"),
    ),
    "union": ({UnitKind.UNION_COMMITTEE, UnitKind.UNION_BRANCH}, gettext_lazy("工会组织")),
    "league": ({UnitKind.LEAGUE_COMMITTEE, UnitKind.LEAGUE_BRANCH}, gettext_lazy("团组织")),
}
REQUIRED_ON_CREATE = ("employee_no", "name", "gender", "department")
NOT_BLANK = ("employee_no", "name", "gender", "department", "political_status", "status")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^(\d{17}[\dX]|\d{15})$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
BATCH = 1000


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


class RosterInvalid(DomainError):
    """At least one row is wrong: nothing is written, every row's errors are returned."""

    status = 422

    def __init__(self, errors: list[dict]):
        super().__init__(
            "roster_invalid",
            _("有 %(n)d 处错误,未写入任何数据。请改正后重新提交。") % {"n": len(errors)},
        )
        self.errors = errors

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": self.errors}


def is_roster_admin(user) -> bool:
    return user.has_role(*RoleAssignment.ROSTER_ROLES)


def check_roster_admin(user) -> None:
    """Only roster roles import, each within their scope; to others the feature does not exist."""
    if not is_roster_admin(user):
        raise NotFound()


# ---------------------------------------------------------------- values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(value) -> date | None:
    """A cell's date: an Excel date, or text like 2024-03-01, 2024/3/1, 20240301, 2024年3月1日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    raise ValueError(text)


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
        text = _text(value)
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
                values[key] = _date(value)
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
        text = _text(raw.get("department"))
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
        text = _text(raw.get(key))
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
        employee_no = _text(raw.get("employee_no"))
        result = RowResult(row_no=row_no, employee_no=employee_no, name=_text(raw.get("name")))
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


# ---------------------------------------------------------------- the Excel file


def excel_row_label(row_no: int) -> str:
    return _("第 %(n)d 行") % {"n": row_no}


def read_xlsx(fileobj) -> tuple[list[str], int, Iterator[tuple[int, dict]]]:
    """Open a roster workbook (read-only mode: rows stream, memory stays flat).

    Returns the columns found, an estimate of the row count, and the rows as (row number, dict).
    A file that is not a readable workbook, or has no 工号 column, is refused with a message."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
    except Exception as exc:  # a broken file may fail in zip, XML or openpyxl: all mean the same
        raise DomainError(
            "roster_file",
            _("无法读取该 Excel 文件:可能已损坏或不是 .xlsx 格式,请另存为 .xlsx 后重试。"),
        ) from exc
    keys = [KEY_OF_HEADER.get(_text(h)) for h in header]
    if "employee_no" not in keys:
        raise DomainError(
            "roster_columns",
            _("第 1 行须是表头,且至少包含“工号”一列。请下载导入模板对照填写。"),
        )
    repeated = sorted({HEADER[k] for k in keys if k and keys.count(k) > 1})
    if repeated:
        raise DomainError(
            "roster_columns",
            _("表头中“%(cols)s”出现了不止一次,请删除重复的列。") % {"cols": "、".join(repeated)},
        )
    estimate = max((sheet.max_row or 1) - 1, 0)

    def iterate():
        try:
            for row_no, values in enumerate(rows, start=2):
                if all(v is None or _text(v) == "" for v in values):
                    continue
                yield row_no, {k: v for k, v in zip(keys, values, strict=False) if k}
        finally:
            book.close()

    return [k for k in keys if k], estimate, iterate()


def template_xlsx() -> bytes:
    """The import template: the headers, one example row, and a sheet of notes."""
    import io

    import openpyxl
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("名册")
    sheet.append([header for _key, header, _kind in FIELDS])
    sheet.append(
        [
            "20240001",
            "张三",
            "男",
            "1990-05-01",
            "13800138000",
            "110101199005010011",
            "生产部",
            "运行一班",
            "值班员",
            "中共党员",
            "高级工",
            "2012-07-01",
            "在职",
            "生产一支部",
            "2015-06-30",
            "2016-07-01",
            "正式党员",
            "",
            "公司工会",
            "",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C8161D")
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 14
    notes = book.create_sheet(_("填写说明"))
    notes.append([_("列"), _("说明")])
    hints = {
        "工号": _("必填,唯一。已有的工号会更新该人员,新的工号会新增人员。"),
        "姓名": _("新增时必填。"),
        "性别": _("新增时必填:男 / 女。"),
        "部门": _("新增时必填:填写您管辖范围内的部门(或公司)名称或编码。"),
        "班组": _("须是所填部门下的班组。"),
        "政治面貌": "、".join(str(label) for label in PoliticalStatus.labels),
        "技能等级": "、".join(str(label) for v, label in SkillLevel.choices if v),
        "在职状态": "、".join(str(label) for label in EmploymentStatus.labels),
        "党员类别": "、".join(str(label) for label in MemberKind.labels),
        "手机": _("11 位手机号。"),
        "身份证号": _("18 位,末位可为 X。"),
        "所在支部": _("党员填写所在党支部名称或编码;留空表示不是党员。"),
    }
    for _key, header, kind in FIELDS:
        hint = hints.get(header) or (_("日期,如 2024-03-01。") if kind == "date" else "")
        notes.append([header, str(hint)])
    notes.append([])
    notes.append([_("没有的列可以删除:文件中没有的列不会改动;有该列但单元格留空,表示清空该项。")])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- writing


def apply_results(
    ctx: RosterContext,
    results: list[RowResult],
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Write valid results with bulk operations in batches, then bring the people's accounts in
    line (apps.accounts.provisioning). The caller holds the transaction."""
    now = timezone.now()
    creates = [r for r in results if r.action == "create"]
    updates = [r for r in results if r.action == "update"]
    done = 0

    new_people = []
    for r in creates:
        person = Person(employee_no=r.employee_no, created_at=now, updated_at=now)
        _fill(person, r.state)
        new_people.append(person)
    for start in range(0, len(new_people), BATCH):
        Person.objects.bulk_create(new_people[start : start + BATCH])
        done += len(new_people[start : start + BATCH])
        if progress:
            progress(done)
    for r, person in zip(creates, new_people, strict=True):
        r.person_id = person.pk

    changed_people = []
    for r in updates:
        person = Person(pk=r.person_id, employee_no=r.employee_no, updated_at=now)
        _fill(person, r.state)
        changed_people.append(person)
    for start in range(0, len(changed_people), BATCH):
        _update_many(
            Person,
            changed_people[start : start + BATCH],
            [*PERSON_FIELDS, "name_initials", "updated_at"],
        )
        done += len(changed_people[start : start + BATCH])
        if progress:
            progress(done)

    written = creates + updates
    _sync_party(ctx, written, now)
    _sync_unit_membership(UnionMembership, "union", ctx.union_rows, ctx, written, now)
    _sync_unit_membership(LeagueMembership, "league", ctx.league_rows, ctx, written, now)
    accounts = sync_accounts([r.person_id for r in results if r.action != "error"], actor=ctx.actor)
    return {
        "created": len(creates),
        "updated": len(updates),
        "unchanged": sum(1 for r in results if r.action == "unchanged"),
        "total": len(results),
        "accounts_created": accounts["created"],
        "accounts_disabled": accounts["disabled"],
        "accounts_enabled": accounts["enabled"],
        "account_conflicts": accounts["conflicts"],
    }


def _update_many(model, objs: list, field_names: list[str]) -> None:
    """UPDATE … WHERE id = %s, once per row through executemany.

    Django's bulk_update builds one CASE WHEN per field over the whole batch, which grows with
    the square of the batch: 50,000 changed people took over two minutes on SQLite that way.
    """
    from django.db import connection

    if not objs:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                    + [obj.pk]
                    for obj in objs[start : start + BATCH]
                ],
            )


def _fill(person: Person, state: dict) -> None:
    for key in PERSON_FIELDS:
        value = state[key]
        if key in ("department", "team"):
            setattr(person, f"{key}_id", value)
        else:
            setattr(person, key, value if value is not None or KIND[key] == "date" else "")
    person.name_initials = initials(person.name)


def _sync_party(ctx, written: list[RowResult], now) -> None:
    new, changed = [], []
    for r in written:
        before = ctx.current.get(r.person_id) if r.action == "update" else None
        s = r.state
        party = (s["branch"], s["member_kind"], s["joined_on"], s["confirmed_on"], s["party_post"])
        if before is not None:
            keys = ("branch", "member_kind", "joined_on", "confirmed_on", "party_post")
            old = tuple(before[k] for k in keys)
            if old == party:
                continue
        row = ctx.party_rows.get(r.person_id)
        if s["branch"] is None:
            if row and row[1]:
                changed.append(PartyMembership(pk=row[0], deleted_at=now, updated_at=now))
            continue
        fields = {
            "branch_id": s["branch"],
            "kind": s["member_kind"],
            "joined_on": s["joined_on"],
            "confirmed_on": s["confirmed_on"],
            "party_post": s["party_post"] or "",
        }
        if row:
            changed.append(PartyMembership(pk=row[0], deleted_at=None, updated_at=now, **fields))
        else:
            new.append(PartyMembership(person_id=r.person_id, created_at=now, **fields))
    PartyMembership.objects.bulk_create(new, batch_size=BATCH)
    ends = [m for m in changed if m.deleted_at is not None]
    keeps = [m for m in changed if m.deleted_at is None]
    _update_many(PartyMembership, ends, ["deleted_at", "updated_at"])
    _update_many(
        PartyMembership,
        keeps,
        ["branch", "kind", "joined_on", "confirmed_on", "party_post", "deleted_at", "updated_at"],
    )


def _sync_unit_membership(model, key, rows, ctx, written: list[RowResult], now) -> None:
    new, ends, keeps = [], [], []
    for r in written:
        unit = r.state[key]
        before = ctx.current.get(r.person_id) if r.action == "update" else None
        if before is not None and before[key] == unit:
            continue
        row = rows.get(r.person_id)
        if unit is None:
            if row and row[1]:
                ends.append(model(pk=row[0], deleted_at=now, updated_at=now))
        elif row:
            keeps.append(model(pk=row[0], unit_id=unit, deleted_at=None, updated_at=now))
        else:
            new.append(model(person_id=r.person_id, unit_id=unit, created_at=now))
    model.objects.bulk_create(new, batch_size=BATCH)
    _update_many(model, ends, ["deleted_at", "updated_at"])
    _update_many(model, keeps, ["unit", "deleted_at", "updated_at"])


# ---------------------------------------------------------------- the API's entry point


def api_row_label(index: int) -> str:
    return _("第 %(n)d 条") % {"n": index}


def roster_upsert(*, actor, rows: list[dict]) -> dict:
    """Create or update people by 工号, all or nothing: any bad row means nothing is written.

    Each row carries only the fields it means to set (a missing key leaves the value alone)."""
    from apps.accounts.provisioning import summary
    from apps.core.audit import audit_event

    # The HR system's door: the org admins only. A branch secretary keeps their scope's roster
    # through the Excel import; here they would learn whether a 工号 exists outside it.
    if not actor.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        from apps.core.errors import Forbidden

        raise Forbidden(_("只有系统管理员或党群工作部管理员可以通过接口同步名册。"))
    with transaction.atomic():
        ctx = RosterContext(actor)
        results = list(validate_rows(ctx, enumerate(rows, start=1), None, api_row_label))
        errors = [
            {"index": r.row_no, "employee_no": r.employee_no, **e}
            for r in results
            if r.action == "error"
            for e in r.errors
        ]
        if errors:
            raise RosterInvalid(errors)
        counts = apply_results(ctx, results)
        accounts = summary(counts)
        if counts["created"] or counts["updated"] or accounts:
            audit_event(
                actor=actor,
                instance=actor,
                message=_("通过 API 同步名册:新增 %(created)d 人,更新 %(updated)d 人") % counts
                + (f";{accounts}" if accounts else ""),
            )
    return counts


# ---------------------------------------------------------------- the Excel import's steps


def roster_import_start(*, actor, upload):
    """Store an uploaded roster file and queue its parse-and-preview; nothing is written yet."""
    import secrets

    from apps.core.uploads import check_upload

    from .models import RosterImport
    from .tasks import roster_import_parse

    check_roster_admin(actor)
    check_upload(upload, kinds={"spreadsheet"})
    try:
        read_xlsx(upload)  # a broken file or a missing 工号 column is refused at once
    finally:
        upload.seek(0)
    job = RosterImport.objects.create(
        token=secrets.token_hex(16),
        file=upload,
        file_name=upload.name[:255],
        created_by=actor,
    )
    transaction.on_commit(lambda: roster_import_parse(job.pk))
    return job


def roster_import_confirm(*, actor, job):
    """Start writing a previewed import: only the admin who uploaded it, only with zero errors."""
    from .models import RosterImport
    from .tasks import roster_import_apply

    check_roster_admin(actor)
    if job.created_by_id != actor.pk:
        raise NotFound()
    if job.status != RosterImport.Status.PARSED:
        status = job.get_status_display()
        raise DomainError("import_state", _("该导入当前不能确认(状态:%s)。") % status)
    if job.error_count:
        raise DomainError(
            "import_has_errors",
            _("还有 %(n)d 行错误。请改正文件后重新上传:导入要么全部成功,要么一行也不写入。")
            % {"n": job.error_count},
        )
    if not (job.created_count or job.updated_count):
        raise DomainError("import_nothing", _("文件中的数据与名册完全一致,无需导入。"))
    updated = RosterImport.objects.filter(pk=job.pk, status=RosterImport.Status.PARSED).update(
        status=RosterImport.Status.APPLYING, processed=0
    )
    if not updated:  # a second click while the first is on its way
        raise DomainError("import_state", _("该导入已在进行中。"))
    transaction.on_commit(lambda: roster_import_apply(job.pk))
