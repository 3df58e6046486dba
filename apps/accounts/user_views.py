"""Account management pages: the user list (search, state, roles held, last login), a user's
page (turn off / on, reset the password, unlock), the account policy, and the printable sheet of
activation codes. For the org admins; the cadres of ACCOUNT_HELPER_ROLES see the accounts of
the people they reach and may reset and unlock an ordinary employee's. To anyone else the pages
do not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.audit import history_rows
from apps.core.forms import action_step, attempt, bound, form_step, service_step
from apps.core.pages import Tab
from apps.core.pagination import paginate

from . import selectors, services
from .choices import Role
from .forms import PolicyForm, SheetForm
from .models import AccountPolicy, RoleAssignment


def _require_manager(user):
    if not selectors.may_manage_accounts(user):
        raise Http404


def _nav(request, active: str) -> dict:
    user = request.user
    tabs = [Tab("users", _("账号"), reverse("accounts:user_list"), icon="users")]
    if user.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        tabs.append(Tab("sheet", _("初始密码单"), reverse("accounts:user_sheet"), icon="printer"))
    if user.has_role(Role.SYSTEM_ADMIN):
        tabs.append(
            Tab("policy", _("账号开通规则"), reverse("accounts:user_policy"), icon="settings")
        )
    return {"tabs": tabs, "tab": active, "is_admin": user.has_role(*RoleAssignment.ORG_ADMIN_ROLES)}


@login_required
def user_list(request):
    _require_manager(request.user)
    q = request.GET.get("q", "").strip()[:50]
    state = request.GET.get("state", "")
    state = state if state in dict(selectors.state_choices()) else ""
    role = request.GET.get("role", "")
    role = role if role in Role.values else ""
    qs = selectors.user_list(user=request.user, q=q, state=state, role=role)
    page = paginate(
        qs.select_related("person__department").order_by("username"), request.GET.get("page")
    )
    selectors.with_roles(page.object_list)
    return render(
        request,
        "accounts/users/list.html",
        {
            **_nav(request, "users"),
            "page": page,
            "q": q,
            "state": state,
            "role": role,
            "states": selectors.state_choices(),
            "roles": Role.choices,
            "filtered": bool(q or state or role),
        },
    )


def _detail(request, target, *, code=None, status=200):
    selectors.with_roles([target])
    response = render(
        request,
        "accounts/users/detail.html",
        {
            **_nav(request, "users"),
            "target": target,
            "code": code,
            "history": history_rows(target, limit=30),
        },
        status=status,
    )
    if code:
        add_never_cache_headers(response)  # the code must not sit in any cache
    return response


@login_required
def user_detail(request, pk: int):
    _require_manager(request.user)
    return _detail(request, selectors.user_get(user=request.user, pk=pk))


@login_required
@require_POST
def user_reset(request, pk: int):
    """A new one-time activation code, shown on this answer only."""
    _require_manager(request.user)
    target = selectors.user_get(user=request.user, pk=pk)
    code, refusal = attempt(
        request, lambda: services.password_reset(actor=request.user, user=target)
    )
    if refusal:
        return _detail(request, target, status=refusal.status)
    target.refresh_from_db()
    return _detail(request, target, code=code)


def _act(request, pk: int, fn, success: str, **kwargs):
    _require_manager(request.user)
    target = selectors.user_get(user=request.user, pk=pk)
    back = reverse("accounts:user_detail", args=[target.pk])

    def handler():
        fn(actor=request.user, user=target, **kwargs)
        return back

    return action_step(request, handler=handler, success=success, back=back)


@login_required
@require_POST
def user_unlock(request, pk: int):
    return _act(request, pk, services.account_unlock, _("已解除锁定,可以立即重新登录。"))


@login_required
@require_POST
def user_disable(request, pk: int):
    return _act(
        request,
        pk,
        services.account_set_active,
        _("账号已停用:该用户的登录和 API 令牌立即失效。"),
        active=False,
    )


@login_required
@require_POST
def user_enable(request, pk: int):
    return _act(request, pk, services.account_set_active, _("账号已启用。"), active=True)


@login_required
def user_policy(request):
    if not request.user.has_role(Role.SYSTEM_ADMIN):
        raise Http404
    policy = AccountPolicy.current()
    initial = {
        "auto_create": policy.auto_create,
        "username_prefix": policy.username_prefix,
        "inactive_statuses": policy.inactive_statuses,
        "code_valid_days": policy.code_valid_days,
    }
    return service_step(
        request,
        bound(request, PolicyForm, initial=initial),
        service=services.policy_update,
        back=reverse("accounts:user_policy"),
        template="accounts/users/policy.html",
        context=_nav(request, "policy"),
        success=_("账号开通规则已保存。"),
    )


@login_required
@require_POST
def user_provision(request):
    if not request.user.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        raise Http404
    result, _refusal = attempt(request, lambda: services.accounts_provision(actor=request.user))
    summary = (result or {}).get("summary")
    messages.success(request, summary or _("所有人员的账号都已符合规则,无需变动。"))
    return redirect("accounts:user_list")


@login_required
def user_sheet(request):
    """Choose a unit (GET); print its sheet of first-login codes (POST: the codes are made now,
    shown on this answer only, never cached)."""
    if not request.user.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        raise Http404

    def print_sheet(data):
        sheet = services.activation_sheet(actor=request.user, unit=data["unit"])
        response = render(
            request,
            "accounts/users/sheet_print.html",
            {**sheet, "login_url": request.build_absolute_uri(reverse("login"))},
        )
        add_never_cache_headers(response)
        return response

    return form_step(
        request,
        bound(request, SheetForm, actor=request.user),
        handler=print_sheet,
        template="accounts/users/sheet.html",
        context=lambda: {
            **_nav(request, "sheet"),
            "units": [{"unit": u, "pending": n} for u, n in _pending_by_unit(request.user)],
        },
    )


def _pending_by_unit(actor, limit: int = 30):
    """The departments (and companies) with accounts never used, most first: where to print."""
    from django.db.models import Count

    counts = dict(
        services.sheet_pending_all(actor)
        .values_list("person__department")
        .annotate(n=Count("pk"))
        .values_list("person__department", "n")
    )
    units = {
        u.pk: u for u in services.sheet_units(actor).filter(pk__in=list(counts)).only("pk", "name")
    }
    rows = sorted(((units[pk], n) for pk, n in counts.items() if pk in units), key=lambda r: -r[1])
    return rows[:limit]
