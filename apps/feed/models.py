"""工作动态: units publish work plans, progress updates and excellent cases; readers comment.

Who sees a post is its audience (decision 0004): the whole company of the publishing unit, or a
unit subtree. `Post.objects.visible_to(user)` is the one door, as everywhere.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import person_fk, unit_fk, user_fk
from apps.core.models import BaseModel, ParentScopedQuerySet, ScopedQuerySet, soft_delete_managers
from apps.core.scope import scope_of

from .audience import audience_paths
from .choices import Audience, PeriodKind, PostKind


class PostQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The general scope (a cadre reaches the publishing unit or the audience subtree; the
        author sees their own), plus the audience rule: a post whose audience unit is an
        ancestor-or-self of the reader's department, team, party / union / league unit or role
        unit. One query: `audience_unit IN (units whose path is one of those few prefixes)`."""
        from apps.orgs.models import OrgUnit

        if scope_of(user).everything:
            return self
        base = super().visible_to(user)
        paths = audience_paths(user)
        if not paths:
            return base
        return base | self.filter(
            audience_unit__in=OrgUnit.objects.filter(path__in=paths).values("pk")
        )


class Tag(models.Model):
    """A label the 党群工作部 puts on excellent cases (党员先锋岗, 责任区 …); edited in admin or
    typed freely when a case is featured."""

    name = models.CharField(_("标签"), max_length=20, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("案例标签")
        verbose_name_plural = _("案例标签")
        ordering = ["sort", "name"]

    def __str__(self):
        return self.name


class Post(BaseModel):
    """A post of a unit: a work plan (with its period), a progress update (which may link a
    record of a registered kind) or an excellent case (which the 党群工作部 may feature and tag).
    Published by a cadre of the unit (or above) to the whole company or to a subtree they hold."""

    kind = models.CharField(_("类型"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    excerpt = models.CharField(_("摘要"), max_length=200, blank=True, editable=False)
    unit = unit_fk(_("发布单位"))
    audience = models.CharField(
        _("可见范围"), max_length=10, choices=Audience.choices, default=Audience.COMPANY
    )
    # The company of the unit for a company-wide post, else the unit whose subtree reads it.
    audience_unit = unit_fk(_("可见单位"))
    period_kind = models.CharField(
        _("计划周期"), max_length=10, choices=PeriodKind.choices, blank=True
    )
    # A plan's period; for other posts the day published, so one period filter serves all.
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    author = user_fk(_("发布账号"))
    author_person = person_fk(_("发布人"), models.SET_NULL, null=True)
    author_name = models.CharField(_("发布人姓名"), max_length=50, blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    edited_at = models.DateTimeField(_("最后编辑"), null=True, blank=True)
    featured = models.BooleanField(_("精选案例"), default=False)
    featured_at = models.DateTimeField(_("精选时间"), null=True, blank=True)
    featured_by = user_fk(_("精选人"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("标签"))
    link_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关联记录类型"),
    )
    link_id = models.PositiveBigIntegerField(_("关联记录"), null=True, blank=True)
    cover = models.CharField(_("封面图片"), max_length=32, blank=True, editable=False)
    read_count = models.PositiveIntegerField(_("阅读人数"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("评论数"), default=0, editable=False)

    objects, all_objects = soft_delete_managers(PostQuerySet)
    scope_unit_fields = ("unit", "audience_unit")
    scope_owner_field = "author_person"

    class Meta:
        verbose_name = _("工作动态")
        verbose_name_plural = _("工作动态")
        ordering = ["-published_at", "-pk"]
        # Each list filter has an index ending in the feed's order. The period has none on
        # purpose: a period filter is a walk along published_at (selectors.feed_page).
        indexes = [
            models.Index(fields=["published_at"], name="feed_published"),
            models.Index(fields=["kind", "published_at"], name="feed_kind_published"),
            models.Index(fields=["unit", "published_at"], name="feed_unit_published"),
            models.Index(fields=["audience_unit", "published_at"], name="feed_aud_published"),
            models.Index(fields=["kind", "featured", "published_at"], name="feed_case_published"),
            models.Index(fields=["author_person", "published_at"], name="feed_author_published"),
            models.Index(fields=["link_type", "link_id"], name="feed_link"),
        ]

    def __str__(self):
        return self.title

    @property
    def period_label(self) -> str:
        """2025年 / 2025年第2季度 / 2025年5月, for a plan; empty otherwise."""
        start = self.period_start
        if self.period_kind == PeriodKind.YEAR:
            return _("%(y)d年") % {"y": start.year}
        if self.period_kind == PeriodKind.QUARTER:
            return _("%(y)d年第%(q)d季度") % {"y": start.year, "q": (start.month - 1) // 3 + 1}
        if self.period_kind == PeriodKind.MONTH:
            return _("%(y)d年%(m)d月") % {"y": start.year, "m": start.month}
        return ""


class Comment(BaseModel):
    """A plain-text comment by someone who sees the post; removed (softly) by its writer, the
    post's author or an admin."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("动态")
    )
    author = user_fk(_("评论账号"))
    author_person = person_fk(_("评论人"), models.SET_NULL, null=True)
    author_name = models.CharField(_("评论人姓名"), max_length=50, blank=True)
    body = models.CharField(_("评论内容"), max_length=500)
    removed_by = user_fk(_("删除人"))

    # A comment is seen by whoever sees its post.
    objects, all_objects = soft_delete_managers(ParentScopedQuerySet)
    scope_parent = "post"

    class Meta:
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "created_at"], name="feed_comment_post")]

    def __str__(self):
        return self.body[:30]


class PostRead(models.Model):
    """One row per reader per post, written once (insert-ignore): the read count counts
    distinct readers; nothing about time on the page is kept."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("首次阅读"), default=timezone.now)

    class Meta:
        verbose_name = _("阅读记录")
        verbose_name_plural = _("阅读记录")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="feed_read_once")]

    def __str__(self):
        return f"{self.post_id} · {self.user_id}"
