"""Reads on accounts: the users a manager sees, and which of them are locked out."""

from django.conf import settings
from django.utils import timezone


def locked_usernames(usernames) -> set[str]:
    """Those of `usernames` that django-axes is holding off right now (too many failures within
    the cool-off), by any address."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    usernames = [u for u in usernames if u]
    if not usernames:
        return set()
    qs = AccessAttempt.objects.filter(
        username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off is not None:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(qs.values_list("username", flat=True))


def user_of(person):
    """The person's login when it is active, else None (no person, no login, a disabled one)."""
    user = getattr(person, "user", None) if person is not None else None
    return user if user is not None and user.is_active else None


def users_of(people) -> list:
    """The active logins of these people (rows or ids), in one query; none for none."""
    from .models import User

    ids = {getattr(p, "pk", p) for p in people if p is not None}
    return list(User.objects.filter(person_id__in=ids, is_active=True)) if ids else []


def state_choices():
    from django.utils.translation import gettext_lazy as _l

    return [
        ("active", _l("正常")),
        ("disabled", _l("已停用")),
        ("pending", _l("从未登录")),
        ("must_change", _l("待设置新密码")),
        ("locked", _l("已锁定")),
    ]


def may_manage_accounts(user) -> bool:
    from .models import RoleAssignment

    return user.has_role(*RoleAssignment.ACCOUNT_ROLES)


def user_list(*, user, q: str = "", state: str = "", role: str = ""):
    """The accounts a manager sees (those of the people they reach; every account for those who
    reach everything), searched and filtered like the page and the API."""
    from django.db.models import Q

    from .choices import Role
    from .models import RoleAssignment, User

    if not may_manage_accounts(user):
        return User.objects.none()
    qs = User.objects.visible_to(user)
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(person__name__contains=q)
            | Q(person__employee_no__startswith=q)
            | Q(person__mobile=q)
        )
    if state == "active":
        qs = qs.filter(is_active=True)
    elif state == "disabled":
        qs = qs.filter(is_active=False)
    elif state == "pending":
        qs = qs.filter(is_active=True, last_login__isnull=True)
    elif state == "must_change":
        qs = qs.filter(is_active=True, must_change_password=True)
    elif state == "locked":
        qs = qs.filter(username__in=list(locked_all()))
    if role in Role.values:
        qs = qs.filter(
            pk__in=RoleAssignment.objects.filter(role=role, unit__dissolved_at__isnull=True).values(
                "user_id"
            )
        )
    return qs


def locked_all() -> set[str]:
    """Every username held off right now (a short list: lockouts expire)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off is not None:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(qs.values_list("username", flat=True))


def user_get(*, user, pk: int):
    from apps.core.selectors import get_or_not_found

    return get_or_not_found(user_list(user=user).select_related("person__department"), pk)


def with_roles(users: list) -> list:
    """Each user's live role grants (with their units) in one query, on `.grants`."""
    from collections import defaultdict

    from .models import RoleAssignment

    by_user = defaultdict(list)
    for grant in (
        RoleAssignment.objects.filter(
            user__in=[u.pk for u in users], unit__dissolved_at__isnull=True
        )
        .select_related("unit")
        .order_by("unit__path", "role")
    ):
        by_user[grant.user_id].append(grant)
    locked = locked_usernames([u.username for u in users])
    for u in users:
        u.grants = by_user.get(u.pk, [])
        u.locked = u.username in locked
    return users
