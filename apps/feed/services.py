"""Writes on the feed: publish, edit, delete, feature and tag, read, comment.

Every rule raises a DomainError with a Chinese message; the page and the API say the same thing.
Edits are audited by auditlog (Post is registered); deletes are soft.
"""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import CoreError
from apps.core.richtext import plain_text, sanitize_html
from apps.core.rules import clean_text
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_uploads
from apps.orgs.models import OrgUnit
from apps.orgs.scope import company_of

from . import links
from .choices import Audience, PostKind
from .errors import FeedError
from .models import Comment, Post, PostRead, Tag
from .periods import period_bounds
from .permissions import can_edit, can_remove_comment, holds, is_curator
from .selectors import attachments_of, is_image

TITLE_MAX = 120
BODY_MAX = 50_000  # characters of sanitized HTML: a long report, not a pasted book
COMMENT_MAX = 500
MAX_IMAGES = 9
MAX_FILES = 10
MAX_TAGS = 8
TAG_MAX = 20
IMAGE_KINDS = {"image"}
FILE_KINDS = {"pdf", "office"}


def _body(value) -> str:
    """Sanitized here too, so the API stores the same inert HTML as the page."""
    body = sanitize_html(value)
    if not plain_text(body) and "<img" not in body:
        raise CoreError.REQUIRED(field="body", label=_("正文"))
    if len(body) > BODY_MAX:
        raise CoreError.TOO_LONG(
            field="body", message=_("正文过长,请精简到 %(n)d 字以内。") % {"n": BODY_MAX}
        )
    return body


def _audience(actor, *, unit, audience: str, audience_unit) -> OrgUnit:
    if audience == Audience.COMPANY:
        return company_of(unit)
    if audience != Audience.SCOPE:
        raise FeedError.BAD_AUDIENCE(field="audience")
    if audience_unit is None or audience_unit.dissolved_at is not None:
        raise FeedError.AUDIENCE_REQUIRED(field="audience_unit")
    if not holds(actor, audience_unit):
        raise FeedError.SCOPE_NOT_HELD(field="audience_unit", unit=audience_unit.name)
    return audience_unit


def _files(uploads, *, kinds, field: str, most: int, existing: int = 0) -> list:
    return check_uploads(
        uploads,
        field=field,
        most=most,
        too_many=FeedError.TOO_MANY_FILES,
        kinds=kinds,
        existing=existing,
        named=True,
    )


def _store(actor, post, images, files) -> None:
    for upload in images:
        attachment_create(actor=actor, upload=upload, owner=post, kinds=IMAGE_KINDS)
    for upload in files:
        attachment_create(actor=actor, upload=upload, owner=post, kinds=FILE_KINDS)
    cover = next((a.token for a in attachments_of(post) if is_image(a)), "")
    if cover != post.cover:
        Post.all_objects.filter(pk=post.pk).update(cover=cover)
        post.cover = cover


def _period(kind, *, period_kind, period_year, period_no, now) -> tuple[str, date, date]:
    if kind == PostKind.PLAN:
        start, end = period_bounds(period_kind, period_year, period_no)
        return period_kind, start, end
    today = timezone.localdate(now)
    return "", today, today


def _link(actor, *, kind, link: str):
    if not link:
        return None, None
    if kind != PostKind.PROGRESS:
        raise FeedError.LINK_KIND(field="link")
    obj = links.resolve(user=actor, value=link)
    return ContentType.objects.get_for_model(obj), obj.pk


@transaction.atomic
def post_publish(
    *,
    actor,
    kind: str,
    title: str,
    body: str,
    unit: OrgUnit | None,
    audience: str = Audience.COMPANY,
    audience_unit: OrgUnit | None = None,
    period_kind: str = "",
    period_year: int | None = None,
    period_no: int | None = None,
    link: str = "",
    images=(),
    files=(),
    now: datetime | None = None,
) -> Post:
    """A cadre publishes for a unit they hold (or one below it), to the whole company or to a
    subtree they hold. A plan carries its period; only a progress update links a record.
    Nothing is stored if a file is refused."""
    now = now or timezone.now()
    if kind not in PostKind.values:
        raise FeedError.BAD_KIND(field="kind")
    title = clean_text(title, field="title", label=_("标题"), limit=TITLE_MAX)
    body = _body(body)
    if unit is None or unit.dissolved_at is not None:
        raise CoreError.REQUIRED(field="unit", message=_("请选择发布单位。"))
    if not holds(actor, unit):
        raise FeedError.UNIT_NOT_HELD(field="unit", unit=unit.name)
    audience_unit = _audience(actor, unit=unit, audience=audience, audience_unit=audience_unit)
    p_kind, start, end = _period(
        kind, period_kind=period_kind, period_year=period_year, period_no=period_no, now=now
    )
    link_type, link_id = _link(actor, kind=kind, link=link)
    images = _files(images, kinds=IMAGE_KINDS, field="images", most=MAX_IMAGES)
    files = _files(files, kinds=FILE_KINDS, field="files", most=MAX_FILES)
    person = getattr(actor, "person", None)
    post = Post.objects.create(
        kind=kind,
        title=title,
        body=body,
        excerpt=plain_text(body, 200),
        unit=unit,
        audience=audience,
        audience_unit=audience_unit,
        period_kind=p_kind,
        period_start=start,
        period_end=end,
        author=actor,
        author_person=person,
        author_name=actor.display_name[:50],
        published_at=now,
        created_at=now,
        link_type=link_type,
        link_id=link_id,
    )
    _store(actor, post, images, files)
    return post


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post.pk)


@transaction.atomic
def post_update(
    *,
    actor,
    post: Post,
    title: str,
    body: str,
    audience: str,
    audience_unit: OrgUnit | None = None,
    period_kind: str = "",
    period_year: int | None = None,
    period_no: int | None = None,
    link: str = "",
    images=(),
    files=(),
    remove: tuple[str, ...] | list[str] = (),
    now: datetime | None = None,
) -> Post:
    """The author or a cadre of the unit edits a post; the change is audited (who, when, old →
    new) and the post shows it was edited. Its kind and unit stay."""
    now = now or timezone.now()
    post = _locked(post)
    if not can_edit(actor, post):
        raise FeedError.NOT_EDITOR(what=_("修改"))
    title = clean_text(title, field="title", label=_("标题"), limit=TITLE_MAX)
    body = _body(body)
    audience_unit = _audience(actor, unit=post.unit, audience=audience, audience_unit=audience_unit)
    if post.kind == PostKind.PLAN:
        p_kind, start, end = _period(
            post.kind,
            period_kind=period_kind,
            period_year=period_year,
            period_no=period_no,
            now=now,
        )
        post.period_kind, post.period_start, post.period_end = p_kind, start, end
    post.link_type, post.link_id = _link(actor, kind=post.kind, link=link)
    kept = [a for a in attachments_of(post) if a.token not in set(remove)]
    images = _files(
        images,
        kinds=IMAGE_KINDS,
        field="images",
        most=MAX_IMAGES,
        existing=sum(is_image(a) for a in kept),
    )
    files = _files(
        files,
        kinds=FILE_KINDS,
        field="files",
        most=MAX_FILES,
        existing=sum(not is_image(a) for a in kept),
    )
    for att in attachments_of(post):
        if att.token in set(remove):
            att.soft_delete()
    post.title, post.body, post.excerpt = title, body, plain_text(body, 200)
    post.audience, post.audience_unit, post.edited_at = audience, audience_unit, now
    post.save()
    _store(actor, post, images, files)
    return post


@transaction.atomic
def post_delete(*, actor, post: Post) -> None:
    """The author or a cadre of the unit removes a post (softly: it stays in the table and in
    the audit trail)."""
    post = _locked(post)
    if not can_edit(actor, post):
        raise FeedError.NOT_EDITOR(what=_("删除"))
    post.soft_delete()


def _tags(names) -> list[Tag]:
    clean: list[str] = []
    for raw in names or []:
        name = (raw or "").strip().lstrip("#")
        if not name or name in clean:
            continue
        if len(name) > TAG_MAX:
            raise FeedError.TAG_TOO_LONG(field="tags", tag=name, n=TAG_MAX)
        clean.append(name)
    if len(clean) > MAX_TAGS:
        raise FeedError.TOO_MANY_TAGS(field="tags", n=MAX_TAGS)
    existing = {t.name: t for t in Tag.objects.filter(name__in=clean)}
    return [existing.get(n) or Tag.objects.create(name=n) for n in clean]


@transaction.atomic
def post_curate(*, actor, post: Post, featured: bool, tags=(), now: datetime | None = None) -> Post:
    """The 党群工作部 features an excellent case in the library (or takes it out) and tags it;
    tags are picked from the list or typed new. The author is told when it is featured."""
    now = now or timezone.now()
    post = _locked(post)
    if not is_curator(actor):
        raise FeedError.NOT_CURATOR()
    if post.kind != PostKind.CASE:
        raise FeedError.NOT_A_CASE()
    chosen = _tags(tags)
    newly = featured and not post.featured
    post.featured = bool(featured)
    if newly:
        post.featured_at, post.featured_by = now, actor
    if not featured:
        post.featured_at, post.featured_by = None, None
    post.save()
    post.tags.set(chosen)
    if newly and post.author_id and post.author_id != actor.pk and post.author.is_active:
        notify(
            users=[post.author],
            title=_("您发布的案例入选优秀案例库:%(title)s") % {"title": post.title},
            url=reverse("feed:detail", args=[post.pk]),
        )
    return post


def post_read(*, user, post: Post) -> bool:
    """Count a reader once: one row per reader per post (a unique pair, inserted once), and the
    counter moves only when that row is new. Re-reading writes nothing."""
    if not getattr(user, "is_authenticated", False) or post.author_id == user.pk:
        return False  # the author reading their own post is not a reader
    if PostRead.objects.filter(post=post, user=user).exists():
        return False
    try:
        with transaction.atomic():
            PostRead.objects.create(post=post, user=user)
    except IntegrityError:  # the same reader in two tabs at once
        return False
    Post.all_objects.filter(pk=post.pk).update(read_count=F("read_count") + 1)
    post.read_count += 1
    return True


@transaction.atomic
def comment_add(*, actor, post: Post, body: str, now: datetime | None = None) -> Comment:
    """Anyone who sees the post comments in plain text (the caller fetched the post through
    `visible_to`); the author is told."""
    now = now or timezone.now()
    body = clean_text(body, field="body", label=_("评论内容"), limit=COMMENT_MAX)
    comment = Comment.objects.create(
        post=post,
        author=actor,
        author_person=getattr(actor, "person", None),
        author_name=actor.display_name[:50],
        body=body,
        created_at=now,
    )
    Post.all_objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    if post.author_id and post.author_id != actor.pk and post.author.is_active:
        notify(
            users=[post.author],
            title=_("%(who)s 评论了您的动态:%(title)s")
            % {"who": comment.author_name, "title": post.title},
            body=body[:200],
            url=reverse("feed:detail", args=[post.pk]) + "#comments",
        )
    return comment


@transaction.atomic
def comment_remove(*, actor, comment: Comment) -> None:
    """The comment's writer, the post's author or an admin removes a comment (softly)."""
    post = Post.all_objects.get(pk=comment.post_id)
    if not can_remove_comment(actor, comment, post):
        raise FeedError.NOT_COMMENT_REMOVER()
    comment.removed_by = actor
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["removed_by", "deleted_at", "updated_at"])
    Post.all_objects.filter(pk=post.pk, comment_count__gt=0).update(
        comment_count=F("comment_count") - 1
    )
