"""Who opens rounds, who fills a branch's self-check and who reviews it: the one place these
rules live. Seeing a review is `BranchReview.objects.visible_to(user)`."""

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scope import scope_of
from apps.orgs.choices import UnitKind

ADMIN_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
FILL_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE)


def _held(user, roles):
    """(role, unit path, unit kind) of the live roles the user holds, cached for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_standards_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, unit__dissolved_at__isnull=True).values_list(
                "role", "unit_id", "unit__path", "unit__kind"
            )
        )
        user._standards_roles = cached
    return [r for r in cached if r[0] in roles]


def can_open_rounds(user, unit=None) -> bool:
    """The 党委 / 党群工作部 (party admin) or a system admin opens rounds over units they reach."""
    if getattr(user, "is_superuser", False):
        return True
    held = _held(user, ADMIN_ROLES)
    if unit is None:
        return bool(held)
    return any(unit.path.startswith(path) for _r, _id, path, _k in held)


def can_fill(user, review) -> bool:
    """The branch's secretary or a committee member fills and submits its self-check."""
    if getattr(user, "is_superuser", False):
        return True
    return any(unit_id == review.branch_id for _r, unit_id, _p, _k in _held(user, FILL_ROLES))


def can_review(user, review) -> bool:
    """The 党委 / 党群工作部 over the branch, or the secretary of the general branch above it,
    scores and finalizes; a branch never reviews itself."""
    if getattr(user, "is_superuser", False):
        return True
    if can_open_rounds(user, review.branch):
        return True
    return any(
        kind == UnitKind.GENERAL_BRANCH and review.branch.path.startswith(path)
        for _r, _id, path, kind in _held(user, (Role.BRANCH_SECRETARY,))
    )


def is_cadre(user) -> bool:
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)
