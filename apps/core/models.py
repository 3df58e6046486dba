"""What every business model shares: timestamps, soft delete, and the one door to its rows."""

from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from apps.core.fields import user_fk
from apps.core.scope import provider, scope_of


def _reaches(model, field: str, units) -> Q:
    """Rows of `model` whose `field` (a path to an OrgUnit) is one of `units`.

    Every hop past the first becomes an `IN (subquery)` rather than a join: ORed LEFT JOINs over
    reverse relations make the planner scan the whole table (measured: 530 ms vs 3 ms at 50,000).
    """
    if not field:
        return Q(pk__in=units)
    first, _, rest = field.partition("__")
    if not rest:
        return Q(**{f"{first}__in": units})
    rel = model._meta.get_field(first)
    inner = _reaches(rel.related_model, rest, units)
    if rel.auto_created and not rel.concrete:  # reverse relation: match on its FK back to us
        return Q(pk__in=rel.related_model._base_manager.filter(inner).values(rel.field.attname))
    return Q(**{f"{first}__in": rel.related_model._base_manager.filter(inner).values("pk")})


def scope_fields(model) -> tuple[tuple[str, ...], str | None]:
    """The model's paths to OrgUnit and to its owning Person. A model scoped through its parent
    declares `scope_via = "<foreign key>"` and takes the parent's, prefixed by that key."""
    via = getattr(model, "scope_via", "")
    if not via:
        return tuple(getattr(model, "scope_unit_fields", ())), getattr(
            model, "scope_owner_field", None
        )
    units, owner = scope_fields(model._meta.get_field(via).related_model)
    return (
        tuple(f"{via}__{f}" if f else via for f in units),
        f"{via}__{owner}" if owner else None,
    )


class ScopedQuerySet(models.QuerySet):
    """Rows a user may see. The model declares how a row reaches the org tree and its owner.

    `scope_unit_fields`: paths to OrgUnit ("" for an OrgUnit itself); a row is visible when any
    of them lies in a subtree the user reaches. `scope_owner_field`: the path to the Person who
    owns the row; a row is always visible to its owner. `scope_via`: the foreign key to a parent
    whose scope the row shares (an event of an appeal), instead of the two above.
    `scope_user_field`: the path to the User a personal row belongs to (an import job); a row
    with no unit and no owner field is its user's alone, whatever their roles reach.
    """

    def visible_to(self, user):
        scope = scope_of(user)
        model = self.model
        unit_fields, owner = scope_fields(model)
        if scope.everything and (unit_fields or owner):
            return self
        condition = Q(pk__in=[])
        user_field = getattr(model, "scope_user_field", None)
        if user_field and getattr(user, "is_authenticated", False):
            condition |= Q(**{user_field: user.pk})
        if scope.prefixes:
            units = provider().units_in(scope.prefixes).values("pk")
            for field in unit_fields:
                condition |= _reaches(model, field, units)
        if owner and scope.person_id is not None:
            condition |= Q(**{owner: scope.person_id})
        return self.filter(condition)


class NamingQuerySet(ScopedQuerySet):
    """The general scope, plus the rows that name the user's own person in a way a field path
    cannot say (a body's representative, a meeting's invitee, a project's member): the queryset
    gives them in `naming(person_id)`, a condition on the model's rows."""

    def naming(self, person_id) -> Q:
        raise NotImplementedError

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        base = super().visible_to(user)
        if scope.person_id is None:
            return base
        return base | self.filter(self.naming(scope.person_id))


class ParentScopedQuerySet(ScopedQuerySet):
    """Rows seen by whoever sees their parent record, through the parent's own `visible_to` (its
    extra rules included): a part of a project, an event of a hazard, a comment of a post. The
    model names the foreign key to the parent in `scope_parent`."""

    def visible_to(self, user):
        parent = self.model._meta.get_field(self.model.scope_parent)
        seen = parent.related_model.objects.visible_to(user).values("pk")
        return self.filter(**{f"{parent.attname}__in": seen})


class AliveManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Soft-deleted rows are gone for every ordinary query."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


def soft_delete_managers(queryset_class: type[ScopedQuerySet]):
    """A soft-deleted model's two managers over its own queryset: `objects` (alive rows only)
    and `all_objects` (deleted ones too), as `objects, all_objects = soft_delete_managers(Q)`."""
    return (
        AliveManager.from_queryset(queryset_class)(),
        models.Manager.from_queryset(queryset_class)(),
    )


@cache
def _labels(field, language: str | None) -> dict:
    return {value: str(label) for value, label in make_hashable(field.flatchoices)}


class ChoiceLabels:
    """`get_<field>_display()` from each field's {value: label}, translated once per language
    and process. Django rebuilds that dict on every call, hashing (so translating) every label:
    about 300 function calls for one status label, and a ledger shows two a row."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = _labels(field, translation.get_language())
        return labels.get(make_hashable(value), force_str(value, strings_only=True))


class BaseModel(ChoiceLabels, models.Model):
    """Created/updated stamps and soft delete: business records are never removed from the table."""

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)

    objects = AliveManager()
    all_objects = models.Manager.from_queryset(ScopedQuerySet)()

    class Meta:
        abstract = True

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


class Notification(models.Model):
    """An in-app message to one user; unread until they open it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    # Idempotency: a periodic pass that runs twice sends each reminder once.
    dedupe_key = models.CharField(_("去重键"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe",
            )
        ]

    def __str__(self):
        return self.title


def attachment_path(instance, filename):
    return f"attachments/{timezone.now():%Y/%m}/{instance.token}{instance.extension}"


class Attachment(BaseModel):
    """An uploaded file bound to one record; served only to users who may see that record."""

    token = models.CharField(_("标识"), max_length=32, unique=True, editable=False)
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    content_type = models.CharField(_("类型"), max_length=100)
    extension = models.CharField(_("扩展名"), max_length=10)
    owner_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("所属记录类型"),
    )
    owner_id = models.PositiveBigIntegerField(_("所属记录"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.name


class Holiday(models.Model):
    """A day off (法定节假日) or a make-up working day (调休上班) for working-day deadlines."""

    day = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    is_workday = models.BooleanField(_("调休上班"), default=False)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.name}"


class TimelineEvent(models.Model):
    """One step on a record's timeline: who (and their name at the time), when, which action,
    from which state to which, a note, a new deadline, details. Each area subclasses it with the
    foreign key to its record (named in `timeline_of`), its `action` choices and `scope_via`;
    `timeline_write` writes it and `timeline_rows` reads it merged with the audited changes."""

    action = models.CharField(_("操作"), max_length=16)
    actor = user_fk(_("操作人"))
    actor_name = models.CharField(_("操作人姓名"), max_length=50, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    note = models.TextField(_("说明"), blank=True)
    due_at = models.DateTimeField(_("期限"), null=True, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    timeline_of: str = ""  # the foreign key to the record this is a step of

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        """The record's id and the action's label: `42 确认并交办`."""
        action = dict(self._meta.get_field("action").flatchoices).get(self.action, self.action)
        return f"{self.serializable_value(self.timeline_of)} {action}"


class SettingsRow(models.Model):
    """A page of settings an admin edits: one row, and the defaults when there is none yet."""

    class Meta:
        abstract = True

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        """The settings in force: the row, or an unsaved one holding the defaults."""
        return cls.objects.order_by("pk").first() or cls()


class DeferredTask(models.Model):
    """A Huey task that could not be queued because Redis was away (apps.core.queue); the tick
    queues it again once Redis answers, so a task is late, never lost."""

    data = models.BinaryField(_("任务"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待入队任务")
        verbose_name_plural = _("待入队任务")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"


class IdempotentRequest(models.Model):
    """A submission already answered (apps.core.idempotency): the same key from the same sender
    gets this answer again instead of a second record."""

    key = models.CharField(_("幂等键"), max_length=64)
    owner = models.CharField(_("提交者"), max_length=64)  # user id, or a hash of the API token
    path = models.CharField(_("地址"), max_length=300)
    status = models.PositiveSmallIntegerField(_("状态码"), default=0)
    content_type = models.CharField(_("类型"), max_length=100, blank=True)
    body = models.BinaryField(_("应答"), blank=True)
    location = models.CharField(_("跳转"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("已处理的提交")
        verbose_name_plural = _("已处理的提交")
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotent_request_once")
        ]

    def __str__(self):
        return f"{self.path} · {self.key}"


class SearchEntry(models.Model):
    """One searchable row's words (jieba tokens, space-joined) in the full-text index, see
    decision 0011: the FTS5 table (SQLite) or the `vector` column (PostgreSQL) follows `body`
    inside the database, so every write here keeps the index in step."""

    kind = models.CharField(_("类型"), max_length=60)
    object_id = models.BigIntegerField(_("记录"))
    body = models.TextField(_("分词"))

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [
            models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_once")
        ]

    def __str__(self):
        return f"{self.kind}#{self.object_id}"
