"""Org units and people over the API: the page's selectors and filters, the import's upsert."""

from datetime import date, datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from apps.core.api import filtered_page
from apps.core.audit import audit_access, audit_event
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, errors, ref

from .errors import OrgError
from .filters import PersonFilter, UnitFilter
from .masking import mask, may_unmask
from .models import OrgUnit, Person
from .resources import person_export_queryset
from .roster.services import roster_upsert
from .selectors import person_get, person_list, unit_get, unit_list

router = Router(tags=["组织与人员"])
MAX_UPSERT_ROWS = 5000


class UnitQuery(PageQuery):
    q: str | None = Field(None, description="名称包含")
    kind: str | None = Field(None, description="类型,如 department、team、branch")
    within: Id | None = Field(None, description="只看该组织及其下级")
    dissolved: bool | None = Field(None, description="true:只看已撤销;false:只看在用")


class PersonQuery(PageQuery):
    q: str | None = Field(None, description="姓名、工号开头或拼音首字母")
    department: Id | None = Field(None, description="部门(含下级)")
    team: Id | None = Field(None, description="班组")
    branch: Id | None = Field(None, description="党组织(含下级)")
    political_status: str | None = Field(None, description="政治面貌代码")
    member_kind: str | None = Field(None, description="党员类别:full / probationary")
    skill_level: str | None = Field(None, description="技能等级代码 1–5")
    status: str | None = Field(None, description="在职状态代码")
    ordering: str | None = Field(None, description="排序:employee_no、name、hired_on,前加 - 倒序")


class UnitRef(Schema):
    id: int
    name: str


class UnitOut(Schema):
    id: int
    name: str
    code: str | None
    kind: str
    kind_label: str
    depth: int
    parent_id: int | None
    serves: UnitRef | None
    head_id: int | None
    dissolved_at: datetime | None


class UnitPage(PageOut):
    items: list[UnitOut]


class PartyOut(Schema):
    branch: UnitRef
    kind: str
    kind_label: str
    joined_on: date | None
    confirmed_on: date | None
    party_post: str


class PersonOut(Schema):
    id: int
    employee_no: str
    name: str
    gender: str
    birth_date: date | None
    mobile: str = Field(description="未授权查看时为脱敏号码")
    id_number: str = Field(description="未授权查看时为脱敏号码")
    department: UnitRef
    team: UnitRef | None
    position: str
    political_status: str
    political_status_label: str
    skill_level: str
    hired_on: date | None
    status: str
    status_label: str
    party: PartyOut | None
    union: UnitRef | None
    league: UnitRef | None


class PersonPage(PageOut):
    items: list[PersonOut]


class RosterRowIn(Schema):
    """One roster row, keyed by 工号. Omitted fields are left as they are; an empty string or
    null clears the field. Units are given by name or code, enums by Chinese label or code."""

    employee_no: str = Field(description="工号(必填)")
    name: str | None = Field(None, description="姓名")
    gender: str | None = Field(None, description="性别:男/女")
    birth_date: str | None = Field(None, description="出生日期 YYYY-MM-DD")
    mobile: str | None = Field(None, description="手机")
    id_number: str | None = Field(None, description="身份证号")
    department: str | None = Field(None, description="部门名称或编码")
    team: str | None = Field(None, description="班组名称或编码")
    position: str | None = Field(None, description="岗位")
    political_status: str | None = Field(None, description="政治面貌")
    skill_level: str | None = Field(None, description="技能等级")
    hired_on: str | None = Field(None, description="入职日期")
    status: str | None = Field(None, description="在职状态")
    branch: str | None = Field(None, description="所在支部名称或编码")
    joined_on: str | None = Field(None, description="入党日期")
    confirmed_on: str | None = Field(None, description="转正日期")
    member_kind: str | None = Field(None, description="党员类别")
    party_post: str | None = Field(None, description="党内职务")
    union: str | None = Field(None, description="所在工会")
    league: str | None = Field(None, description="所在团组织")


class UpsertOut(Schema):
    created: int
    updated: int
    unchanged: int
    total: int
    accounts_created: int = Field(0, description="开通的账号数(按账号开通规则)")
    accounts_disabled: int = Field(0, description="因离职等停用的账号数")
    accounts_enabled: int = Field(0, description="人员恢复在职后重新启用的账号数")
    account_conflicts: list[str] = Field(
        default_factory=list, description="用户名已被其他账号占用、未开通账号的工号"
    )


def _alive(person, name):
    try:
        related = getattr(person, name)
    except ObjectDoesNotExist:
        return None
    return related if related is not None and related.deleted_at is None else None


def _unit_out(unit: OrgUnit, parents: dict[str, int]) -> dict:
    """A unit as `UnitOut`: a dict, validated once by ninja as the answer."""
    return dict(
        id=unit.pk,
        name=unit.name,
        code=unit.code,
        kind=unit.kind,
        kind_label=str(unit.get_kind_display()),
        depth=unit.depth,
        parent_id=parents.get(unit.path[: -OrgUnit.steplen]) if unit.depth > 1 else None,
        serves=ref(unit.serves),
        head_id=unit.head_id,
        dissolved_at=unit.dissolved_at,
    )


def _parents_of(units) -> dict[str, int]:
    paths = {u.path[: -OrgUnit.steplen] for u in units if u.depth > 1}
    return dict(OrgUnit.objects.filter(path__in=paths).values_list("path", "pk")) if paths else {}


def _person_out(p, unmask: bool) -> dict:
    """A person as `PersonOut`: a dict, validated once by ninja as the answer."""
    party = _alive(p, "party_membership")
    union = _alive(p, "union_membership")
    league = _alive(p, "league_membership")
    return dict(
        id=p.pk,
        employee_no=p.employee_no,
        name=p.name,
        gender=p.gender,
        birth_date=p.birth_date,
        mobile=p.mobile if unmask else mask(p.mobile),
        id_number=p.id_number if unmask else mask(p.id_number),
        department=ref(p.department),
        team=ref(p.team),
        position=p.position,
        political_status=p.political_status,
        political_status_label=str(p.get_political_status_display()),
        skill_level=p.skill_level,
        hired_on=p.hired_on,
        status=p.status,
        status_label=str(p.get_status_display()),
        party=dict(
            branch=ref(party.branch),
            kind=party.kind,
            kind_label=str(party.get_kind_display()),
            joined_on=party.joined_on,
            confirmed_on=party.confirmed_on,
            party_post=party.party_post,
        )
        if party
        else None,
        union=ref(union.unit) if union else None,
        league=ref(league.unit) if league else None,
    )


@router.get(
    "/units",
    response={200: UnitPage, **errors(422)},
    summary="组织列表",
    description="当前用户管辖范围内的组织,支持筛选与分页(limit/offset)。默认不含已撤销的组织。",
)
def units(request, query: Query[UnitQuery]):
    qs = unit_list(user=request.user, include_dissolved=query.dissolved is not None)
    return filtered_page(query, UnitFilter, qs, _unit_out, lookup=_parents_of)


@router.get("/units/{int:unit_id}", response={200: UnitOut, 404: ErrorOut}, summary="组织详情")
def unit_detail(request, unit_id: int):
    unit = unit_get(user=request.user, pk=unit_id)
    return _unit_out(unit, _parents_of([unit]))


@router.get(
    "/people",
    response={200: PersonPage, **errors(422)},
    summary="人员列表",
    description="当前用户管辖范围内的职工,支持与名册页面相同的筛选、排序和分页。"
    "手机号、身份证号按角色脱敏。",
)
def people(request, query: Query[PersonQuery]):
    unmask = may_unmask(request.user)

    def unmasked(rows) -> bool:
        """Whether the page shows numbers unmasked; reading them so is audited."""
        if unmask and rows:
            audit_access(
                actor=request.user,
                model=Person,
                message=_("通过 API 列表查看未脱敏信息"),
                ids=[p.pk for p in rows],
                data={"query": request.GET.urlencode()},
            )
        return unmask

    qs = person_export_queryset(person_list(user=request.user))
    return filtered_page(query, PersonFilter, qs, _person_out, lookup=unmasked)


@router.get("/people/{int:person_id}", response={200: PersonOut, 404: ErrorOut}, summary="人员详情")
def person_detail(request, person_id: int):
    person = person_get(user=request.user, pk=person_id)
    unmask = may_unmask(request.user)
    if unmask and (person.mobile or person.id_number):
        audit_event(actor=request.user, instance=person, message=_("通过 API 查看未脱敏信息"))
    return _person_out(person, unmask)


@router.post(
    "/people/bulk-upsert",
    response={200: UpsertOut, 403: ErrorOut, 422: ErrorOut},
    summary="按工号批量新增或更新人员",
    description="与 Excel 名册导入相同的校验规则。全部成功才写入;"
    "任何一行有错误时返回 422 和逐行错误,不写入任何数据。"
    f"每次最多 {MAX_UPSERT_ROWS} 行。仅系统管理员与党群工作部管理员可用。"
    "按账号开通规则为新人员开通账号(用户名为工号),离职人员的账号停用,恢复在职后重新启用。",
)
def people_bulk_upsert(request, rows: list[RosterRowIn]):
    if not rows:
        raise OrgError.ROSTER_EMPTY()
    if len(rows) > MAX_UPSERT_ROWS:
        raise OrgError.ROSTER_TOO_MANY(n=MAX_UPSERT_ROWS)
    return roster_upsert(
        actor=request.user, rows=[row.model_dump(exclude_unset=True) for row in rows]
    )
