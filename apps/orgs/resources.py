"""Excel exports of the people and unit lists (django-import-export Resources).

The people export uses the import's column headers, so an admin's export can be edited and
imported back. Phone and ID numbers are masked unless the user's role needs them.
"""

from collections.abc import Callable

import tablib
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import XLSX

from .masking import mask
from .models import OrgUnit
from .roster.columns import FIELDS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def _alive_related(person, name):
    try:
        related = getattr(person, name)
    except ObjectDoesNotExist:
        return None
    return related if related is not None and related.deleted_at is None else None


def _name(unit) -> str:
    return unit.name if unit is not None else ""


class PersonResource(resources.Resource):
    """One row per person, in the roster import's columns."""

    def __init__(self, *, unmask: bool = False):
        self.unmask = unmask
        super().__init__()

    def _number(self, value: str) -> str:
        return value if self.unmask else mask(value)

    # Declared in the import's order; each column reads through a small function.
    employee_no = Field(column_name="工号", dehydrate_method=lambda p: p.employee_no)
    name = Field(column_name="姓名", dehydrate_method=lambda p: p.name)
    gender = Field(column_name="性别", dehydrate_method=lambda p: p.get_gender_display())
    birth_date = Field(column_name="出生日期", dehydrate_method=lambda p: p.birth_date)
    mobile = Field(column_name="手机", dehydrate_method="dehydrate_mobile")
    id_number = Field(column_name="身份证号", dehydrate_method="dehydrate_id_number")
    department = Field(column_name="部门", dehydrate_method=lambda p: _name(p.department))
    team = Field(column_name="班组", dehydrate_method=lambda p: _name(p.team))
    position = Field(column_name="岗位", dehydrate_method=lambda p: p.position)
    political_status = Field(
        column_name="政治面貌", dehydrate_method=lambda p: p.get_political_status_display()
    )
    skill_level = Field(
        column_name="技能等级",
        dehydrate_method=lambda p: p.get_skill_level_display() if p.skill_level else "",
    )
    hired_on = Field(column_name="入职日期", dehydrate_method=lambda p: p.hired_on)
    status = Field(column_name="在职状态", dehydrate_method=lambda p: p.get_status_display())
    branch = Field(column_name="所在支部", dehydrate_method="dehydrate_branch")
    joined_on = Field(column_name="入党日期", dehydrate_method="dehydrate_joined_on")
    confirmed_on = Field(column_name="转正日期", dehydrate_method="dehydrate_confirmed_on")
    member_kind = Field(column_name="党员类别", dehydrate_method="dehydrate_member_kind")
    party_post = Field(column_name="党内职务", dehydrate_method="dehydrate_party_post")
    union = Field(column_name="所在工会", dehydrate_method="dehydrate_union")
    league = Field(column_name="所在团组织", dehydrate_method="dehydrate_league")

    class Meta:
        export_order = [key for key, _header, _kind in FIELDS]

    def dehydrate_mobile(self, p):
        return self._number(p.mobile)

    def dehydrate_id_number(self, p):
        return self._number(p.id_number)

    def _party(self, p, attr):
        membership = _alive_related(p, "party_membership")
        if membership is None:
            return ""
        value = getattr(membership, attr)
        return "" if value is None else value

    def dehydrate_branch(self, p):
        membership = _alive_related(p, "party_membership")
        return membership.branch.name if membership else ""

    def dehydrate_joined_on(self, p):
        return self._party(p, "joined_on")

    def dehydrate_confirmed_on(self, p):
        return self._party(p, "confirmed_on")

    def dehydrate_member_kind(self, p):
        membership = _alive_related(p, "party_membership")
        return membership.get_kind_display() if membership else ""

    def dehydrate_party_post(self, p):
        return self._party(p, "party_post")

    def dehydrate_union(self, p):
        membership = _alive_related(p, "union_membership")
        return membership.unit.name if membership else ""

    def dehydrate_league(self, p):
        membership = _alive_related(p, "league_membership")
        return membership.unit.name if membership else ""


class UnitResource(resources.Resource):
    """One row per org unit, with its parent by name (loaded once, not per row)."""

    name = Field(column_name="名称", dehydrate_method=lambda u: u.name)
    code = Field(column_name="编码", dehydrate_method=lambda u: u.code or "")
    kind = Field(column_name="类型", dehydrate_method=lambda u: u.get_kind_display())
    parent = Field(column_name="上级组织", dehydrate_method="dehydrate_parent")
    depth = Field(column_name="层级", dehydrate_method=lambda u: u.depth)
    serves = Field(column_name="对应部门", dehydrate_method=lambda u: _name(u.serves))
    head = Field(column_name="负责人", dehydrate_method=lambda u: _name(u.head))
    state = Field(column_name="状态", dehydrate_method="dehydrate_state")
    dissolved_at = Field(column_name="撤销日期", dehydrate_method="dehydrate_dissolved_at")

    class Meta:
        export_order = [
            "name",
            "code",
            "kind",
            "parent",
            "depth",
            "serves",
            "head",
            "state",
            "dissolved_at",
        ]

    def before_export(self, queryset, **kwargs):
        self.names_by_path = dict(OrgUnit.objects.values_list("path", "name").order_by())

    def dehydrate_parent(self, u):
        return self.names_by_path.get(u.path[: -OrgUnit.steplen], "") if u.depth > 1 else ""

    def dehydrate_state(self, u):
        return _("已撤销") if u.dissolved_at else _("在用")

    def dehydrate_dissolved_at(self, u):
        return timezone.localtime(u.dissolved_at).date() if u.dissolved_at else ""


def person_export_queryset(qs):
    """The person list's queryset with everything a row shows joined in: no query per row."""
    return qs.select_related(
        "department",
        "team",
        "party_membership__branch",
        "union_membership__unit",
        "league_membership__unit",
    )


def export_dataset(
    resource, queryset, progress: Callable[[int], None] | None = None
) -> tablib.Dataset:
    """Rows of the queryset through the resource, reporting progress every CHUNK rows."""
    resource.before_export(queryset)
    dataset = tablib.Dataset(headers=resource.get_export_headers())
    count = 0
    for obj in queryset.iterator(chunk_size=CHUNK):
        dataset.append(resource.export_resource(obj))
        count += 1
        if progress and count % CHUNK == 0:
            progress(count)
    if progress:
        progress(count)
    return dataset


def to_xlsx(dataset: tablib.Dataset) -> bytes:
    return XLSX().export_data(dataset)


def export_queryset(kind: str, user, params):
    """The list a user sees on the page, with the page's filters: the one door for exports."""
    from .filters import PersonFilter, UnitFilter
    from .selectors import person_list, unit_list

    if kind == "units":
        # Dissolved units only when the filter asks about them, as on the page.
        qs = unit_list(user=user, include_dissolved=params.get("dissolved", "") != "")
        return UnitFilter(params, queryset=qs).qs
    qs = person_export_queryset(person_list(user=user))
    return PersonFilter(params, queryset=qs).qs


def export_resource_for(kind: str, user):
    from .masking import may_unmask

    return UnitResource() if kind == "units" else PersonResource(unmask=may_unmask(user))


def export_build(export, progress: Callable[[int], None] | None = None) -> bytes:
    """The .xlsx of a background export job, built as its user would see the list."""
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    for key, values in (export.params or {}).items():
        params.setlist(key, values)
    user = export.created_by
    qs = export_queryset(export.kind, user, params)
    return to_xlsx(export_dataset(export_resource_for(export.kind, user), qs, progress))
