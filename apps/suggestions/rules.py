"""The rules of the suggestion workflow in one place: who may do what, the transitions table,
and the scoring arithmetic."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _l

from apps.accounts.choices import Role
from apps.core.rules import StateMachine
from apps.orgs.scope import has_role, reaches, roles_of

from .choices import Status
from .errors import SuggestionError

S = Status

# action -> (states it may start from, state it leads to). Anything else is refused.
MACHINE = StateMachine(
    {
        "review": (frozenset({S.SUBMITTED, S.PENDING_STUDY}), S.UNDER_REVIEW),
        "adopt": (frozenset({S.UNDER_REVIEW}), S.ADOPTED),
        "reject": (frozenset({S.UNDER_REVIEW}), S.REJECTED),
        "defer": (frozenset({S.UNDER_REVIEW}), S.PENDING_STUDY),
        # Reassigning an owner while it is being implemented keeps it implementing.
        "assign": (frozenset({S.ADOPTED, S.IMPLEMENTING}), S.IMPLEMENTING),
        "implement": (frozenset({S.IMPLEMENTING}), S.IMPLEMENTED),
        "verify": (frozenset({S.IMPLEMENTED}), S.VERIFIED),
        # A verified figure may be corrected (with a reason) without moving the suggestion.
        "correct": (frozenset({S.VERIFIED, S.REWARDED}), None),
        "reward": (frozenset({S.VERIFIED}), S.REWARDED),
    },
    {
        "review": _l("建议当前为“%(status)s”,不能进入评审。"),
        "adopt": _l("建议当前为“%(status)s”,不能采纳。"),
        "reject": _l("建议当前为“%(status)s”,不能不采纳。"),
        "defer": _l("建议当前为“%(status)s”,不能列为待研究。"),
        "assign": _l("建议当前为“%(status)s”,不能指定实施责任。"),
        "implement": _l("建议当前为“%(status)s”,不能标记实施完成。"),
        "verify": _l("建议当前为“%(status)s”,不能核定效益。"),
        "correct": _l("建议当前为“%(status)s”,不能更正核定效益(须先核定)。"),
        "reward": _l("建议当前为“%(status)s”,不能记录奖励。"),
    },
)
# States in which a reviewer may score (scoring a submitted or deferred one starts its review).
SCORABLE = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.PENDING_STUDY})
SCORE_REFUSAL = _l("建议当前为“%(status)s”,不能再评分。")


def allowed(action: str, status: str) -> bool:
    return action in MACHINE.allowed(status)


# --- scoring -------------------------------------------------------------------------------

CENT = Decimal("0.01")


def weighted_total(pairs: Iterable[tuple[int, int]]) -> Decimal:
    """Σ(weight × score) ÷ Σ weight, to two places (half up): scores 0–100 give a total 0–100."""
    pairs = list(pairs)
    weights = sum(w for w, _s in pairs)
    if not weights:
        raise SuggestionError.NO_CRITERIA()
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


def holds_over(user, roles, unit) -> bool:
    """The user holds one of `roles` on `unit` or on a unit above it."""
    return unit is not None and has_role(user, *roles, unit=unit)


def holds_anywhere(user, roles) -> bool:
    return has_role(user, *roles)


def is_cadre(user) -> bool:
    """Anyone whose role is more than an employee's: they get the ledger rather than 我的建议."""
    return getattr(user, "is_superuser", False) or any(
        g.role != Role.EMPLOYEE for g in roles_of(user)
    )


def can_review(user, suggestion) -> bool:
    """The target unit's department head (or one above it), or a party/system admin over it."""
    return holds_over(user, REVIEW_ROLES, suggestion.target_unit)


def can_mark_implemented(user, suggestion) -> bool:
    """The implementation owner, the head of the implementing unit, or an admin over it."""
    if suggestion.impl_person_id and user.person_id == suggestion.impl_person_id:
        return True
    return holds_over(user, REVIEW_ROLES, suggestion.impl_unit)


def verifying_unit_ids() -> set[int]:
    """The units whose department heads verify benefit (the 效益核定设置 page), read once per
    request at most by the callers that need it."""
    from .models import BenefitRule

    rule = BenefitRule.objects.first()
    return set(rule.verifying_units.values_list("pk", flat=True)) if rule else set()


def can_verify_benefit(user) -> bool:
    """A department head of a unit listed on the 效益核定设置 page, or a party/system admin."""
    if has_role(user, *ADMIN_ROLES):
        return True
    heads = {g.unit_id for g in roles_of(user) if g.role == Role.DEPARTMENT_HEAD}
    return bool(heads) and bool(heads & verifying_unit_ids())


def can_set_benefit_rule(user) -> bool:
    """Party and system admins say who verifies and the largest amount."""
    return has_role(user, *ADMIN_ROLES)


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
    return reaches(user, unit)


def person_in_unit(person, unit) -> bool:
    """The person's department or team lies in the unit's subtree."""
    paths = [person.department.path]
    if person.team_id:
        paths.append(person.team.path)
    return any(p.startswith(unit.path) for p in paths)
