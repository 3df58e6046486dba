"""The scope model: which org subtrees a user reaches. Computed once per request, cached on the
user.

Every role is held on an org unit and reaches that unit's subtree; a branch also reaches the
department it is bound to (支部建在部门上). A user with no role reaches only their own records.

Core defines the interface and knows no model of ours: `apps.orgs.scope` computes the scope from
role grants and org units and plugs itself in with `register_provider` (OrgsConfig.ready), so
`core` stays the bottom layer (docs/decisions/0006). App code imports from `apps.orgs.scope`.
"""

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    everything: bool
    prefixes: tuple[str, ...]  # materialized paths of the subtrees reached
    person_id: int | None  # the user's own employee record, for "own records"

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.prefixes and self.person_id is None


NOTHING = Scope(False, (), None)


class ScopeProvider(Protocol):
    """What the layer that knows org units supplies."""

    def compute(self, user) -> Scope:
        """The scope of an active, signed-in user (not cached: scope_of caches it)."""

    def units_in(self, prefixes: tuple[str, ...]):
        """A queryset of the org units under these prefixes (their pks are what rows point at)."""


_provider: ScopeProvider | None = None


def register_provider(provider: ScopeProvider) -> None:
    global _provider
    _provider = provider


def provider() -> ScopeProvider:
    if _provider is None:
        raise ImproperlyConfigured("No scope provider: is apps.orgs in INSTALLED_APPS?")
    return _provider


def subtree_q(prefix: str, field: str = "path") -> Q:
    """Rows whose materialized path lies in the subtree at `prefix`, as an index range scan.

    PostgreSQL range-scans `LIKE 'p%'` (Django adds a pattern_ops index); SQLite does not (its
    LIKE is case-insensitive), but it range-scans `p <= path < p~` ('~' sorts after every path
    character, and SQLite compares bytes). docs/decisions/0001."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})
    return Q(**{f"{field}__startswith": prefix})


def subtrees_q(prefixes, field: str = "path") -> Q:
    """Rows whose path lies in any of these subtrees; no prefix matches nothing. A subtree
    inside another is left out: the units of a whole tree (a league table of 3,000 units) are
    one range, not an OR deeper than SQLite's expression limit."""
    cond = Q(pk__in=[])
    for prefix in _minimal(set(prefixes)):
        cond |= subtree_q(prefix, field)
    return cond


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop every path that lies inside another: a subtree inside a subtree adds nothing."""
    kept: list[str] = []
    for path in sorted(paths):  # a subtree's paths follow its root's in sorted order
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    cached = getattr(user, "_tongxin_scope", None)
    if cached is None:
        cached = user._tongxin_scope = provider().compute(user)
    return cached


def reaches(user, unit) -> bool:
    """Whether the user's roles reach this org unit (it lies in a subtree they reach)."""
    if unit is None:
        return False
    scope = scope_of(user)
    return scope.everything or any(unit.path.startswith(p) for p in scope.prefixes)
