"""Reads on the feed: always through `Post.objects.visible_to(user)`."""

from datetime import UTC, datetime

from django.db.models import Prefetch, Q

from apps.core.errors import NotFound

from .models import Comment, Post, Tag

PAGE_SIZE = 20
CARD_FIELDS = (
    "pk",
    "kind",
    "title",
    "excerpt",
    "unit__name",
    "audience",
    "audience_unit__name",
    "period_kind",
    "period_start",
    "period_end",
    "author_id",
    "author_name",
    "published_at",
    "edited_at",
    "featured",
    "cover",
    "read_count",
    "comment_count",
    "link_type_id",
)


def post_list(*, user):
    """The posts a user may read, newest first, without their bodies (cards need the excerpt)."""
    return (
        Post.objects.visible_to(user)
        .select_related("unit", "audience_unit")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")
    )


def post_get(*, user, pk: int) -> Post:
    post = (
        Post.objects.visible_to(user)
        .select_related("unit", "audience_unit", "author", "link_type")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise NotFound()
    return post


def _cursor_of(post) -> str:
    return f"{int(post.published_at.timestamp() * 1_000_000)}_{post.pk}"


def parse_cursor(value: str | None):
    """ "<microseconds>_<id>" → (time, id); None for no cursor or a bad one (start over)."""
    stamp, _sep, pk = (value or "").partition("_")
    if not (stamp.isdigit() and pk.isdigit()):
        return None
    try:
        at = datetime.fromtimestamp(int(stamp) / 1_000_000, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return at, int(pk)


def page_of(qs, *, cursor: str | None = None, size: int = PAGE_SIZE):
    """A page of a newest-first list after a cursor (keyset pagination: no COUNT over the whole
    feed, and a page deep in the feed costs what the first one does). Tags come along."""
    after = parse_cursor(cursor)
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
    qs = qs.prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name")))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (_cursor_of(rows[-1]) if more and rows else None)


def tags_in_use():
    """Tags on at least one live case, for the library's filter chips."""
    used = Post.tags.through.objects.filter(post__deleted_at__isnull=True).values("tag_id")
    return Tag.objects.filter(pk__in=used).order_by("sort", "name")


def comment_list(*, user, post: Post):
    """Comments of a post the caller already fetched through `visible_to`."""
    return Comment.objects.filter(post=post).select_related("author").order_by("created_at", "pk")


def comment_get(*, user, pk: int) -> Comment:
    comment = Comment.objects.visible_to(user).filter(pk=pk).first()
    if comment is None:
        raise NotFound()
    return comment
