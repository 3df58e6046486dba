"""The feed over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import named, paged, query_params
from apps.core.errors import CoreError, NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, FileOut, PageOut, PageQuery, Ref, errors, file_out, ref
from apps.orgs.models import OrgUnit

from . import links, selectors, services
from .choices import Audience
from .models import Tag
from .permissions import can_edit, can_publish, can_remove_comment

router = Router(tags=["工作动态"])


class PostQuery(Schema):
    limit: int = Field(20, ge=1, le=100, description="每页条数,1–100")
    cursor: str | None = Field(None, description="上一页返回的 next_cursor;不填为第一页")
    q: str | None = Field(None, description="全文检索:标题、正文的整词,最匹配的在前")
    kind: str | None = Field(None, description="plan / progress / case")
    unit: Id | None = Field(None, description="发布单位(含下级)")
    period: str | None = Field(None, description="周期:2025、2025-Q2 或 2025-05")
    featured: bool | None = Field(None, description="只看精选案例")
    tag: Id | None = Field(None, description="标签")
    published: str | None = Field(None, description="发布月份,如 2025-05")
    since: date | None = Field(None, description="发布日期起")
    mine: bool | None = Field(None, description="只看我发布的")


class PostOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    excerpt: str
    unit: Ref
    audience: str
    audience_unit: Ref
    period: str
    author_name: str
    published_at: datetime
    edited_at: datetime | None
    featured: bool
    tags: list[Ref]
    read_count: int
    comment_count: int
    url: str


class LinkOut(Schema):
    kind: str
    label: str
    id: int
    title: str
    url: str


class PostDetailOut(PostOut):
    body: str
    period_start: date
    period_end: date
    images: list[FileOut]
    files: list[FileOut]
    link: LinkOut | None
    can_edit: bool


class PostPage(Schema):
    items: list[PostOut]
    next_cursor: str | None


class PostIn(Schema):
    kind: str = Field(description="plan / progress / case")
    title: str
    body: str = Field(description="正文 HTML;保存前清理,脚本与事件属性会被去掉")
    unit_id: int = Field(ge=1, le=2**31 - 1, description="发布单位")
    audience: str = Field(Audience.COMPANY, description="company / scope")
    audience_unit_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="指定范围时的单位(含下级)"
    )
    period_kind: str = Field("", description="工作计划:year / quarter / month")
    period_year: int | None = None
    period_no: int | None = Field(None, description="季度 1–4 或月份 1–12")
    link: str = Field("", description="关联记录,形如 app.model:id(见 /link-choices)")


class PostEditIn(Schema):
    title: str
    body: str
    audience: str = Audience.COMPANY
    audience_unit_id: int | None = Field(None, ge=1, le=2**31 - 1)
    period_kind: str = ""
    period_year: int | None = None
    period_no: int | None = None
    link: str = ""
    remove: list[str] = Field([], description="要删除的附件标识(url 中 /files/ 之后的部分)")


class CurateIn(Schema):
    featured: bool
    tags: list[str] = []


class FeedCommentIn(Schema):
    body: str


class CommentOut(Schema):
    id: int
    author_name: str
    body: str
    created_at: datetime
    can_remove: bool


class FeedCommentPage(PageOut):
    items: list[CommentOut]


class ChoiceGroup(Schema):
    label: str
    options: list[dict]


def _out(p) -> dict:
    return {
        "id": p.pk,
        "kind": p.kind,
        "kind_label": str(p.get_kind_display()),
        "title": p.title,
        "excerpt": p.excerpt,
        "unit": ref(p.unit),
        "audience": p.audience,
        "audience_unit": ref(p.audience_unit),
        "period": str(p.period_label),
        "author_name": p.author_name,
        "published_at": p.published_at,
        "edited_at": p.edited_at,
        "featured": p.featured,
        "tags": [ref(t) for t in p.tags.all()],
        "read_count": p.read_count,
        "comment_count": p.comment_count,
        "url": reverse("feed:detail", args=[p.pk]),
    }


def _detail(user, pk: int, *, read: bool = False) -> dict:
    post = selectors.post_get(user=user, pk=pk)
    if read:
        services.post_read(user=user, post=post)
    attachments = selectors.attachments_of(post)
    return {
        **_out(post),
        "body": post.body,
        "period_start": post.period_start,
        "period_end": post.period_end,
        "images": [file_out(a) for a in attachments if selectors.is_image(a)],
        "files": [file_out(a) for a in attachments if not selectors.is_image(a)],
        "link": links.target(user=user, post=post),
        "can_edit": can_edit(user, post),
    }


def _unit(pk: int | None, field: str):
    return named(OrgUnit.objects, pk, field=field, error=CoreError.UNIT_UNKNOWN)


def _post_fields(data: PostIn | PostEditIn, images, files) -> dict:
    """What publishing and editing a post both take from the body and the uploads."""
    return {
        "title": data.title,
        "body": data.body,
        "audience": data.audience,
        "audience_unit": _unit(data.audience_unit_id, "audience_unit_id"),
        "period_kind": data.period_kind,
        "period_year": data.period_year,
        "period_no": data.period_no,
        "link": data.link,
        "images": images or [],
        "files": files or [],
    }


def _comment_out(c, *, can_remove: bool) -> dict:
    return {
        "id": c.pk,
        "author_name": c.author_name,
        "body": c.body,
        "created_at": c.created_at,
        "can_remove": can_remove,
    }


@router.get("/posts", response={200: PostPage, 422: ErrorOut}, summary="工作动态列表")
def posts(request, query: Query[PostQuery]):
    """最新在前;按 next_cursor 翻页(不统计总数,深翻页与第一页一样快)。"""
    filterset, rows, next_cursor = selectors.feed_page(
        user=request.user,
        params=query_params(query, exclude=("limit", "cursor")),
        cursor=query.cursor,
        size=query.limit,
    )
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise CoreError.INVALID_FILTER(field=field, message=" ".join(errors))
    return {"items": [_out(p) for p in rows], "next_cursor": next_cursor}


@router.get(
    "/posts/{int:post_id}", response={200: PostDetailOut, 404: ErrorOut}, summary="动态详情"
)
def post(request, post_id: int):
    """读取即计入阅读人数(每人每条只计一次)。"""
    return _detail(request.user, post_id, read=True)


@router.post(
    "/posts",
    response={201: PostDetailOut, **errors(400, 403, 422)},
    summary="发布动态",
    description="multipart/form-data:文字字段加上 images(图片)与 files(PDF/Office 附件)。",
)
def publish(
    request,
    data: Form[PostIn],
    images: File[list[UploadedFile]] = None,
    files: File[list[UploadedFile]] = None,
):
    p = services.post_publish(
        actor=request.user,
        kind=data.kind,
        unit=_unit(data.unit_id, "unit_id"),
        **_post_fields(data, images, files),
    )
    return Status(201, _detail(request.user, p.pk))


@router.post(
    "/posts/{int:post_id}/edit",
    response={200: PostDetailOut, **errors(400, 403, 404, 422)},
    summary="修改动态",
    description="multipart/form-data;修改留痕。",
)
def edit(
    request,
    post_id: int,
    data: Form[PostEditIn],
    images: File[list[UploadedFile]] = None,
    files: File[list[UploadedFile]] = None,
):
    services.post_update(
        actor=request.user,
        post=selectors.post_get(user=request.user, pk=post_id),
        remove=data.remove,
        **_post_fields(data, images, files),
    )
    return _detail(request.user, post_id)


@router.delete("/posts/{int:post_id}", response={204: None, **errors(403, 404)}, summary="删除动态")
def delete(request, post_id: int):
    services.post_delete(actor=request.user, post=selectors.post_get(user=request.user, pk=post_id))
    return Status(204, None)


@router.post(
    "/posts/{int:post_id}/curate",
    response={200: PostDetailOut, **errors(400, 403, 404, 409)},
    summary="精选与标签(党群工作部)",
)
def curate(request, post_id: int, data: CurateIn):
    services.post_curate(
        actor=request.user,
        post=selectors.post_get(user=request.user, pk=post_id),
        featured=data.featured,
        tags=data.tags,
    )
    return _detail(request.user, post_id)


@router.get(
    "/posts/{int:post_id}/comments",
    response={200: FeedCommentPage, **errors(404, 422)},
    summary="评论列表",
)
def comments(request, post_id: int, page: Query[PageQuery]):
    """最新的评论在第一页,页内按时间先后排列;用 offset 或 next_cursor 向前翻页。"""
    p = selectors.post_get(user=request.user, pk=post_id)
    body = paged(
        selectors.comments_newest(post=p),
        page,
        lambda c: _comment_out(c, can_remove=can_remove_comment(request.user, c, p)),
    )
    body["items"].reverse()  # a page reads oldest first, as on the post's page
    return body


@router.post(
    "/posts/{int:post_id}/comments",
    response={201: CommentOut, **errors(400, 404)},
    summary="发表评论",
)
def comment(request, post_id: int, data: FeedCommentIn):
    p = selectors.post_get(user=request.user, pk=post_id)
    c = services.comment_add(actor=request.user, post=p, body=data.body)
    return Status(201, _comment_out(c, can_remove=True))


@router.delete(
    "/comments/{int:comment_id}",
    response={204: None, **errors(403, 404)},
    summary="删除评论",
)
def comment_remove(request, comment_id: int):
    services.comment_remove(
        actor=request.user, comment=selectors.comment_get(user=request.user, pk=comment_id)
    )
    return Status(204, None)


@router.get("/figures", response={200: dict, 404: ErrorOut}, summary="发布情况统计")
def figures(request):
    """近十二个月各类动态按月、按单位的数量与精选案例数(干部可用),与统计页相同。"""
    if not can_publish(request.user):
        raise NotFound()
    return selectors.figures_cached(user=request.user)


@router.get("/tags", response=list[Ref], summary="案例标签")
def tags(request):
    return [ref(t) for t in Tag.objects.all()]


@router.get("/link-choices", response=list[ChoiceGroup], summary="可关联的记录")
def link_choices(request):
    """进展动态可关联的记录(各类最新 100 条,仅限本人可见的)。"""
    return [
        {"label": label, "options": [{"value": v, "title": t} for v, t in options]}
        for label, options in links.choices(user=request.user)
    ]
