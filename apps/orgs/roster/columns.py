"""The roster's columns (the Excel file format, also the API's row keys) and how a cell reads."""

import re
from datetime import date, datetime

from django.utils.translation import gettext_lazy

from ..choices import (
    EmploymentStatus,
    Gender,
    MemberKind,
    PoliticalStatus,
    SkillLevel,
    UnitKind,
)

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


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def cell_date(value) -> date | None:
    """A cell's date: an Excel date, or text like 2024-03-01, 2024/3/1, 20240301, 2024年3月1日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    raise ValueError(text)
