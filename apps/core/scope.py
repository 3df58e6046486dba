"""The scope model: which org subtrees a user reaches. Computed once per request, cached on the
user.

Every role is held on an org unit and reaches that unit's subtree; a branch also reaches the
department it is bound to (支部建在部门上). A user with no role reaches only their own records.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    everything: bool
    prefixes: tuple[str, ...]  # materialized paths of the subtrees reached
    person_id: int | None  # the user's own employee record, for "own records"

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.prefixes and self.person_id is None


def subtree_q(prefix: str, field: str = "path") -> Q:
    """Rows whose materialized path lies in the subtree at `prefix`, as an index range scan.

    PostgreSQL range-scans `LIKE 'p%'` (Django adds a pattern_ops index); SQLite does not (its
    LIKE is case-insensitive), but it range-scans `p <= path < p~` ('~' sorts after every path
    character, and SQLite compares bytes). docs/decisions/0001."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})
    return Q(**{f"{field}__startswith": prefix})


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop every path that lies inside another: a subtree inside a subtree adds nothing."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(False, (), None)
    cached = getattr(user, "_tongxin_scope", None)
    if cached is not None:
        return cached
    from apps.accounts.models import RoleAssignment
    from apps.orgs.models import OrgUnit

    person_id = user.person_id
    if user.is_superuser:
        scope = Scope(True, (), person_id)
    else:
        paths = set(
            RoleAssignment.objects.filter(user=user, unit__dissolved_at__isnull=True)
            .exclude(role__in=RoleAssignment.SELF_ONLY_ROLES)
            .values_list("unit__path", flat=True)
        )
        if paths:
            served = Q()
            for p in paths:
                served |= subtree_q(p)
            paths |= set(
                OrgUnit.objects.filter(served, serves__isnull=False).values_list(
                    "serves__path", flat=True
                )
            )
        prefixes = _minimal(paths)
        # Roles on every root reach the whole forest: skip the filter altogether.
        everything = bool(prefixes) and set(
            OrgUnit.objects.filter(depth=1).values_list("path", flat=True)
        ) <= set(prefixes)
        scope = Scope(everything, prefixes, person_id)
    user._tongxin_scope = scope
    return scope
