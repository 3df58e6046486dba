"""Who may publish, edit, curate and remove: the one place these rules live. Seeing a post is
`Post.objects.visible_to(user)`."""

from apps.accounts.choices import Role
from apps.orgs.scope import has_role, reaches, scope_of, units_reached

CURATOR_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)


def holds(user, unit) -> bool:
    """A cadre role on the unit or above it (a branch also holds the department it serves)."""
    return reaches(user, unit)


def can_publish(user) -> bool:
    scope = scope_of(user)
    return scope.everything or bool(scope.prefixes)


def publish_units(user):
    """The alive units the user may publish for (and address a scope to)."""
    return units_reached(user).only("pk", "name", "path", "depth", "kind")


def is_curator(user) -> bool:
    """The 党群工作部 (party admin) and system admins feature and tag excellent cases."""
    return has_role(user, *CURATOR_ROLES)


def can_edit(user, post) -> bool:
    """The author, or a cadre holding the publishing unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (post.author_id is not None and post.author_id == user.pk) or holds(user, post.unit)


def can_remove_comment(user, comment, post) -> bool:
    """The comment's writer, the post's author, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        comment.author_id == user.pk
        or (post.author_id is not None and post.author_id == user.pk)
        or is_curator(user)
    )
