"""Reads on the feed: always through `Post.objects.visible_to(user)`."""

import hashlib
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from apps.core.db import LocalMonth
from apps.core.models import Attachment
from apps.core.scope import scope_of
from apps.core.selectors import get_or_not_found
from apps.orgs.models import OrgUnit

from .audience import audience_paths
from .choices import PostKind
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
    return get_or_not_found(
        Post.objects.visible_to(user).select_related(
            "unit", "audience_unit", "author", "link_type"
        ),
        pk,
    )


def attachments_of(post) -> list[Attachment]:
    """The files of a post the caller already fetched through `visible_to`, oldest first."""
    ct = ContentType.objects.get_for_model(Post)
    return list(Attachment.objects.filter(owner_type=ct, owner_id=post.pk).order_by("pk"))


def is_image(att: Attachment) -> bool:
    return att.content_type.startswith("image/")


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
    if params.get("mine") == "true":  # "what I published", for authors managing their posts
        only &= Q(author_id=user.pk)
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


COMMENTS_SHOWN = 200


def comments_newest(*, post: Post):
    """The comments of a post the caller already fetched through `visible_to`, newest first:
    the API pages through them."""
    return Comment.objects.filter(post=post).order_by("-created_at", "-pk")


def comment_list(*, user, post: Post) -> list:
    """The newest COMMENTS_SHOWN comments of a post, oldest first, as its page shows them."""
    return list(reversed(comments_newest(post=post)[:COMMENTS_SHOWN]))


def comment_get(*, user, pk: int) -> Comment:
    return get_or_not_found(Comment.objects.visible_to(user), pk)


# --- figures ----------------------------------------------------------------------------------

FIGURES_CACHE_SECONDS = 60


def _months(today, n: int = 12) -> list[str]:
    year, month, out = today.year, today.month, []
    for _i in range(n):
        out.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _link(name: str, **params) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def figures(*, user, today=None) -> dict:
    """What the units published over the last twelve months, as the user can see it: by month
    and kind (the local month published), and by the units one level below the top (a
    department with its teams, the party committee with its branches …) with their featured
    cases. Grouped queries; every number links to the posts behind it."""
    today = today or timezone.localdate()
    months = _months(today)
    start = datetime.strptime(months[0], "%Y-%m").date()
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    base = Post.objects.visible_to(user).order_by().filter(published_at__gte=since)
    kinds = PostKind.values

    counts = {
        (m, k): n
        for m, k, n in base.annotate(m=LocalMonth("published_at"))
        .values("m", "kind")
        .annotate(n=Count("pk"))
        .values_list("m", "kind", "n")
    }
    by_month = [
        {
            "month": m,
            "counts": {k: counts.get((m, k), 0) for k in kinds},
            "links": {k: _link("feed:list", published=m, kind=k) for k in kinds},
        }
        for m in months
    ]

    units: dict[str, dict] = {}
    for branch, kind, n, featured in (
        base.annotate(branch=Substr("unit__path", 1, 2 * OrgUnit.steplen))
        .values("branch", "kind")
        .annotate(n=Count("pk"), featured=Count("pk", filter=Q(featured=True)))
        .values_list("branch", "kind", "n", "featured")
    ):
        row = units.setdefault(branch, {"counts": dict.fromkeys(kinds, 0), "featured": 0})
        row["counts"][kind] = n
        row["featured"] += featured
    names = {
        path: (pk, name)
        for path, pk, name in OrgUnit.objects.filter(path__in=list(units)).values_list(
            "path", "pk", "name"
        )
    }
    by_unit = []
    for branch, row in units.items():
        pk, name = names.get(branch, (None, branch))
        by_unit.append(
            {
                "unit_id": pk,
                "name": name,
                "total": sum(row["counts"].values()),
                "counts": row["counts"],
                "featured": row["featured"],
                "featured_link": _link("feed:cases", unit=pk, featured="true", since=start),
                "cells": [
                    {
                        "n": row["counts"][k],
                        "link": _link("feed:list", unit=pk, kind=k, since=start),
                    }
                    for k in kinds
                ],
            }
        )
    by_unit.sort(key=lambda r: (-r["total"], r["name"]))
    totals = {k: sum(m["counts"][k] for m in by_month) for k in kinds}
    return {
        "months": months,
        "since": start,
        "kinds": [{"value": k, "label": str(label)} for k, label in PostKind.choices],
        "totals": totals,
        "cards": [
            {
                "kind": k,
                "label": str(label),
                "n": totals[k],
                "link": _link("feed:list", kind=k, since=start),
            }
            for k, label in PostKind.choices
        ],
        "featured": sum(r["featured"] for r in by_unit),
        "featured_link": _link("feed:cases", featured="true", since=start),
        "by_month": by_month,
        "by_unit": by_unit,
    }


def figures_cached(*, user) -> dict:
    """The figures, cached for a minute per scope and audience (the page and the API alike)."""
    scope = scope_of(user)
    key = f"{scope.everything}|{scope.prefixes}|{scope.person_id}|{audience_paths(user)}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return cache.get_or_set(
        f"feed:figures:{timezone.localdate()}:{digest}",
        lambda: figures(user=user),
        FIGURES_CACHE_SECONDS,
    )
