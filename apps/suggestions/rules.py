"""The rules of the suggestion workflow in one place: who may do what, the transitions table,
and the scoring arithmetic."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.errors import DomainError
from apps.core.scope import scope_of

from .choices import Status

S = Status

# action -> (states it may start from, state it leads to). Anything else is refused.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "review": (frozenset({S.SUBMITTED, S.PENDING_STUDY}), S.UNDER_REVIEW),
    "adopt": (frozenset({S.UNDER_REVIEW}), S.ADOPTED),
    "reject": (frozenset({S.UNDER_REVIEW}), S.REJECTED),
    "defer": (frozenset({S.UNDER_REVIEW}), S.PENDING_STUDY),
    # Reassigning an owner while it is being implemented keeps it implementing.
    "assign": (frozenset({S.ADOPTED, S.IMPLEMENTING}), S.IMPLEMENTING),
    "implement": (frozenset({S.IMPLEMENTING}), S.IMPLEMENTED),
    "verify": (frozenset({S.IMPLEMENTED}), S.VERIFIED),
    "reward": (frozenset({S.VERIFIED}), S.REWARDED),
}
ACTION_LABELS = {
    "review": _l("进入评审"),
    "score": _l("评分"),
    "adopt": _l("采纳"),
    "reject": _l("不采纳"),
    "defer": _l("列为待研究"),
    "assign": _l("指定实施责任"),
    "implement": _l("标记实施完成"),
    "verify": _l("核定效益"),
    "reward": _l("记录奖励"),
}
# States in which a reviewer may score (scoring a submitted or deferred one starts its review).
SCORABLE = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.PENDING_STUDY})


def allowed(action: str, status: str) -> bool:
    sources, _target = TRANSITIONS[action]
    return status in sources


def next_status(action: str, status: str) -> str:
    """The state `action` leads to from `status`, or a DomainError saying why not."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise DomainError(
            "bad_transition",
            _("建议当前为“%(state)s”,不能%(action)s。")
            % {"state": Status(status).label, "action": ACTION_LABELS[action]},
            status=409,
        )
    return target


# --- scoring -------------------------------------------------------------------------------

CENT = Decimal("0.01")


def weighted_total(pairs: Iterable[tuple[int, int]]) -> Decimal:
    """Σ(weight × score) ÷ Σ weight, to two places (half up): scores 0–100 give a total 0–100."""
    pairs = list(pairs)
    weights = sum(w for w, _s in pairs)
    if not weights:
        raise DomainError("no_criteria", _("没有启用的评分项,请联系管理员设置。"))
    return (Decimal(sum(w * s for w, s in pairs)) / Decimal(weights)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def mean_total(totals: Iterable[Decimal]) -> Decimal | None:
    """A suggestion's score: the mean of its reviewers' weighted totals."""
    totals = list(totals)
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- who may do what ----------------------------------------------------------------------

REVIEW_ROLES = (Role.DEPARTMENT_HEAD, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
ADMIN_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
CAMPAIGN_ROLES = (Role.LEAGUE_CADRE, Role.UNION_CADRE, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
REWARD_ROLES = (Role.UNION_CADRE, Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
VERIFY_UNIT_WORDS = ("财务", "技术")


def _grants(user) -> list[tuple[str, str, str]]:
    """(role, unit path, unit name) of every live role the user holds, cached for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_suggestion_grants", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, unit__dissolved_at__isnull=True).values_list(
                "role", "unit__path", "unit__name"
            )
        )
        user._suggestion_grants = cached
    return cached


def holds_over(user, roles, unit) -> bool:
    """The user holds one of `roles` on `unit` or on a unit above it."""
    if getattr(user, "is_superuser", False):
        return True
    if unit is None:
        return False
    return any(r in roles and unit.path.startswith(p) for r, p, _n in _grants(user))


def holds_anywhere(user, roles) -> bool:
    return getattr(user, "is_superuser", False) or any(r in roles for r, _p, _n in _grants(user))


def is_cadre(user) -> bool:
    """Anyone whose role is more than an employee's: they get the ledger rather than 我的建议."""
    return getattr(user, "is_superuser", False) or any(
        r != Role.EMPLOYEE for r, _p, _n in _grants(user)
    )


def can_review(user, suggestion) -> bool:
    """The target unit's department head (or one above it), or a party/system admin over it."""
    return holds_over(user, REVIEW_ROLES, suggestion.target_unit)


def can_mark_implemented(user, suggestion) -> bool:
    """The implementation owner, the head of the implementing unit, or an admin over it."""
    if suggestion.impl_person_id and user.person_id == suggestion.impl_person_id:
        return True
    return holds_over(user, REVIEW_ROLES, suggestion.impl_unit)


def can_verify_benefit(user) -> bool:
    """The finance or technology unit verifies benefit: a department head of a unit whose name
    contains 财务 or 技术, or a party/system admin."""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        role in ADMIN_ROLES
        or (role == Role.DEPARTMENT_HEAD and any(w in name for w in VERIFY_UNIT_WORDS))
        for role, _p, name in _grants(user)
    )


def can_reward(user) -> bool:
    """The union, or a party/system admin, records rewards."""
    return holds_anywhere(user, REWARD_ROLES)


def can_run_campaign(user, organiser=None) -> bool:
    """团干部, 工会干部 or an admin, on the organiser unit or above it (any unit if none given)."""
    if organiser is None:
        return holds_anywhere(user, CAMPAIGN_ROLES)
    return holds_over(user, CAMPAIGN_ROLES, organiser)


def in_scope(user, unit) -> bool:
    """The unit lies in a subtree the user's roles reach."""
    scope = scope_of(user)
    return scope.everything or any(unit.path.startswith(p) for p in scope.prefixes)


def person_in_unit(person, unit) -> bool:
    """The person's department or team lies in the unit's subtree."""
    paths = [person.department.path]
    if person.team_id:
        paths.append(person.team.path)
    return any(p.startswith(unit.path) for p in paths)
