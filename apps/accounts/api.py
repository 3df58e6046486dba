"""Account endpoints: who am I, and what I may reach; account management (the same as the
pages: list, detail, turn off / on, reset the password, unlock)."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from apps.core.api import Steps, paged
from apps.core.errors import NotFound
from apps.core.schemas import ErrorOut, PageOut, PageQuery, errors

from . import selectors, services

router = Router(tags=["账号"])


class RoleOut(Schema):
    role: str
    role_label: str
    unit_id: int
    unit_name: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    person_id: int | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    roles = [
        RoleOut(
            role=r.role, role_label=r.get_role_display(), unit_id=r.unit_id, unit_name=r.unit.name
        )
        for r in user.role_assignments.select_related("unit")
    ]
    return MeOut(
        id=user.pk,
        username=user.username,
        name=user.display_name,
        person_id=user.person_id,
        roles=roles,
    )


# --- account management ------------------------------------------------------------------------


class AccountUserQuery(PageQuery):
    q: str | None = Field(None, description="姓名、用户名、工号开头或手机号")
    state: str | None = Field(
        None, description="账号状态:active、disabled、pending(从未登录)、must_change、locked"
    )
    role: str | None = Field(None, description="担任的角色代码")


class AccountUserOut(Schema):
    id: int
    username: str
    name: str
    person_id: int | None
    employee_no: str | None
    department: str | None
    is_active: bool
    disabled_reason: str
    locked: bool
    must_change_password: bool
    last_login: datetime | None
    date_joined: datetime
    roles: list[RoleOut]


class AccountUserPage(PageOut):
    items: list[AccountUserOut]


class AccountResetOut(Schema):
    user: AccountUserOut
    code: str = Field(description="一次性激活码:只在本次应答中出现,请转交本人")
    expires_at: datetime


def _account_out(u) -> dict:
    person = u.person if u.person_id else None
    return {
        "id": u.pk,
        "username": u.username,
        "name": u.display_name,
        "person_id": u.person_id,
        "employee_no": person.employee_no if person else None,
        "department": person.department.name if person else None,
        "is_active": u.is_active,
        "disabled_reason": u.disabled_reason,
        "locked": u.locked,
        "must_change_password": u.must_change_password,
        "last_login": u.last_login,
        "date_joined": u.date_joined,
        "roles": [
            RoleOut(
                role=g.role,
                role_label=g.get_role_display(),
                unit_id=g.unit_id,
                unit_name=g.unit.name,
            )
            for g in u.grants
        ],
    }


def _account(user, pk: int) -> dict:
    found = selectors.user_get(user=user, pk=pk)
    selectors.with_roles([found])
    return _account_out(found)


step = Steps(get=selectors.user_get, name="user", detail=_account)
ACCOUNT_ACTION = {200: AccountUserOut, **errors(400, 403, 404)}


@router.get(
    "/users",
    response={200: AccountUserPage, **errors(404)},
    summary="账号列表",
    description="系统管理员、党群工作部管理员:管辖范围内人员的账号(管辖全部时含未关联人员的账号);"
    "支部书记、部门负责人:所辖人员的账号。其他用户:404。",
)
def account_list(request, query: Query[AccountUserQuery]):
    if not selectors.may_manage_accounts(request.user):
        raise NotFound()
    qs = selectors.user_list(
        user=request.user, q=query.q or "", state=query.state or "", role=query.role or ""
    ).select_related("person__department")
    return paged(
        qs.order_by("username"),
        query,
        lambda u, _with_roles: _account_out(u),
        lookup=selectors.with_roles,
    )


@router.get(
    "/users/{int:user_id}", response={200: AccountUserOut, 404: ErrorOut}, summary="账号详情"
)
def account_detail(request, user_id: int):
    return _account(request.user, user_id)


@router.post("/users/{int:user_id}/disable", response=ACCOUNT_ACTION, summary="停用账号")
def account_disable(request, user_id: int):
    return step(request, user_id, services.account_set_active, active=False)


@router.post("/users/{int:user_id}/enable", response=ACCOUNT_ACTION, summary="启用账号")
def account_enable(request, user_id: int):
    return step(request, user_id, services.account_set_active, active=True)


@router.post(
    "/users/{int:user_id}/reset-password",
    response={200: AccountResetOut, **errors(400, 403, 404)},
    summary="重置密码",
    description="发放一次性激活码(原密码立即失效、登录锁定解除);本人用它登录后须设置新密码。"
    "激活码只在本次应答中出现,平台只保存其摘要。",
)
def account_reset_password(request, user_id: int, response: HttpResponse):
    response["Cache-Control"] = "no-store"  # the code must not sit in any cache
    target = selectors.user_get(user=request.user, pk=user_id)
    code = services.password_reset(actor=request.user, user=target)
    target.refresh_from_db()
    return {
        "user": _account(request.user, user_id),
        "code": code,
        "expires_at": target.activation_expires_at,
    }


@router.post("/users/{int:user_id}/unlock", response=ACCOUNT_ACTION, summary="解除登录锁定")
def account_unlock(request, user_id: int):
    return step(request, user_id, services.account_unlock)
