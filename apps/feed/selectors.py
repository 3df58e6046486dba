"""Reads on the feed: always through `Post.objects.visible_to(user)`."""

from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Prefetch, Q

from apps.core.errors import NotFound

from .filters import PostFilter
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


WINDOW = 400  # newest candidate rows checked against the reader's visibility at once


def _after(qs, cursor):
    after = parse_cursor(cursor)
    if after is None:
        return qs
    at, pk = after
    return qs.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))


def feed_page(*, user, params, only=None, cursor: str | None = None, size: int = PAGE_SIZE):
    """A newest-first page of the posts the user may read, filtered by `params` (PostFilter)
    and `only` (a Q, e.g. cases only), after a cursor: keyset pagination, no COUNT.

    Why a window: the audience rule is an OR of a few indexed conditions, and SQLite (without
    statistics) answers it by collecting every matching row and sorting them — 40,000 company-
    wide posts for an employee. So the newest WINDOW posts that match the filters are taken
    first (an ordered index scan; ids only, no data leaves the database unchecked), and the
    page is the visible ones among them; only when fewer than a page are visible in a full
    window (a reader who sees little of a busy feed) is the whole visible set asked. Returns
    (filterset, rows, next cursor)."""
    only = only or Q()
    filterset = PostFilter(params, queryset=post_list(user=user).filter(only))
    if not filterset.is_valid():
        return filterset, [], None
    visible = _after(filterset.qs, cursor)
    window = PostFilter(params, queryset=Post.objects.filter(only)).qs
    ids = list(
        _after(window, cursor)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:WINDOW]
    )
    tags = Prefetch("tags", queryset=Tag.objects.only("pk", "name"))
    rows = list(visible.filter(pk__in=ids).prefetch_related(tags)[: size + 1])
    if len(rows) <= size and len(ids) == WINDOW:
        rows = list(visible.prefetch_related(tags)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return filterset, rows, (_cursor_of(rows[-1]) if more and rows else None)


TAGS_CACHE_SECONDS = 300


def tags_in_use() -> list[Tag]:
    """Tags on at least one live case, for the library's filter chips; cached for a few minutes
    (a join over every tagged post, and tag names are no secret)."""

    def load():
        used = Post.tags.through.objects.filter(post__deleted_at__isnull=True).values("tag_id")
        return list(Tag.objects.filter(pk__in=used).order_by("sort", "name"))

    return cache.get_or_set("feed:tags_in_use", load, TAGS_CACHE_SECONDS)


def comment_list(*, user, post: Post):
    """Comments of a post the caller already fetched through `visible_to`."""
    return Comment.objects.filter(post=post).select_related("author").order_by("created_at", "pk")


def comment_get(*, user, pk: int) -> Comment:
    comment = Comment.objects.visible_to(user).filter(pk=pk).first()
    if comment is None:
        raise NotFound()
    return comment
