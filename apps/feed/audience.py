"""The audience rule of posts (decision 0004): which audience units a user belongs to.

A post is addressed to a unit's subtree (the company for a company-wide post). A reader belongs to
it when that unit is an ancestor-or-self of one of the reader's own units: their department and
team, their party branch, union and league units, and the units they hold a role on. With
materialized paths those ancestors are just the prefixes of a few paths, so the feed asks
`audience_unit IN (units whose path is one of ~20 strings)` — an index lookup, no tree walk.
"""

from apps.core.scope import scope_of


def audience_paths(user) -> tuple[str, ...]:
    """Every ancestor-or-self path of the user's own units and role units; cached on the user
    for the request. Empty for the anonymous."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_feed_audience", None)
    if cached is not None:
        return cached
    from apps.orgs.models import Person
    from apps.orgs.scope import ancestor_paths

    scope = scope_of(user)
    own: set[str] = set(scope.prefixes)
    if scope.person_id is not None:
        row = (
            Person.objects.filter(pk=scope.person_id)
            .values_list(
                "department__path",
                "team__path",
                "party_membership__branch__path",
                "union_membership__unit__path",
                "league_membership__unit__path",
            )
            .first()
        )
        own |= {p for p in row or () if p}
    paths: set[str] = set()
    for path in own:
        paths.update(ancestor_paths(path))
    user._feed_audience = tuple(sorted(paths))
    return user._feed_audience
