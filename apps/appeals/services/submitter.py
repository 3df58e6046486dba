"""The submitter's steps: submit (named or anonymous), add information, rate, reopen once."""

from datetime import datetime

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, Forbidden
from apps.supervision.services import supervision_close

from .. import receipts
from ..choices import EventKind, Urgency
from ..models import Appeal, AppealEvent, Category
from ..permissions import (
    company_of,
    is_submitter,
)
from .common import (
    _attach,
    _blurred,
    _check_files,
    _deadline,
    _event,
    _intake_users,
    _locked,
    _owner_users,
    _restamp,
    _supervise,
    _tell,
    _text,
)
from .rules import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    MAX_REOPENS,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    check_transition,
)

# --- submit and the submitter's own steps --------------------------------------------------


@transaction.atomic
def appeal_submit(
    *,
    actor,
    category: Category,
    title: str,
    description: str,
    urgency: str = Urgency.NORMAL,
    anonymous: bool = False,
    files=(),
    now: datetime | None = None,
) -> tuple[Appeal, str | None]:
    """Any employee lodges an appeal, named or anonymous. An anonymous one stores nothing that
    links it to the person (no submitter, no unit, no audit row, files renamed) and returns the
    receipt code, which is shown once and stored only as a hash."""
    now = now or timezone.now()
    person = getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None
    if person is None:
        raise DomainError("no_person", _("您的账号没有关联职工档案,暂不能提交诉求,请联系管理员。"))
    if category is None or not category.is_active:
        raise DomainError("category", _("请选择诉求类别。"), field="category")
    if urgency not in Urgency.values:
        raise DomainError("urgency", _("请选择紧急程度。"), field="urgency")
    title = _text(title, field="title", label=_("标题"), max_len=TITLE_MAX)
    description = _text(
        description,
        field="description",
        label=_("诉求内容"),
        min_len=DESCRIPTION_MIN,
        max_len=DESCRIPTION_MAX,
    )
    files = _check_files(files)
    company = company_of(person.department)
    if anonymous:
        now = now.replace(minute=0, second=0, microsecond=0)  # see _blurred
    fields = dict(
        title=title,
        description=description,
        category=category,
        urgency=urgency,
        intake_unit=company,
        created_at=now,
    )
    code = None
    if anonymous:
        code = receipts.new_code()
        while Appeal.all_objects.filter(receipt_digest=receipts.digest(code)).exists():
            code = receipts.new_code()  # never in practice: 2^79 codes
        with disable_auditlog():
            appeal = Appeal.objects.create(
                anonymous=True, receipt_digest=receipts.digest(code), **fields
            )
            event = _event(
                appeal, EventKind.SUBMITTED, by_submitter=True, text=description, now=now
            )
            _attach(actor=None, appeal=appeal, files=files, anonymous=True)
            _restamp(appeal, now, events=[event])
    else:
        appeal = Appeal.objects.create(submitter=person, submitter_unit=person.department, **fields)
        _event(
            appeal, EventKind.SUBMITTED, actor=actor, by_submitter=True, text=description, now=now
        )
        _attach(actor=actor, appeal=appeal, files=files, anonymous=False)
    _tell(
        appeal,
        users=list(_intake_users(appeal)),
        title=_("新诉求待受理:%(t)s") % {"t": appeal.title},
        body=_("%(cat)s · %(urg)s") % {"cat": category.name, "urg": appeal.get_urgency_display()},
        when=now,
    )
    return appeal, code


def _submitter_step(appeal, *, actor, via_receipt: bool):
    """The submitter acts: by login on a named appeal, by receipt code on an anonymous one."""
    if appeal.anonymous:
        if not via_receipt:
            raise Forbidden(_("匿名诉求请通过回执码查询页面操作。"))
        return None  # the actor is never recorded
    if not is_submitter(actor, appeal):
        raise Forbidden(_("只有诉求提交人本人可以进行此操作。"))
    return actor


def _as_submitter(appeal):
    """Steps of an anonymous submitter leave no audit row: the row would carry their login."""
    from contextlib import nullcontext

    return disable_auditlog() if appeal.anonymous else nullcontext()


@transaction.atomic
def appeal_add_info(
    *, actor, appeal: Appeal, text: str, files=(), via_receipt: bool = False, now=None
) -> AppealEvent:
    """The submitter adds information while the appeal is open."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    who = _submitter_step(appeal, actor=actor, via_receipt=via_receipt)
    check_transition(appeal, "add_info")
    text = _text(text, field="text", label=_("补充内容"), max_len=TEXT_MAX)
    files = _check_files(files)
    when = _blurred(appeal, now)
    with _as_submitter(appeal):
        event = _event(
            appeal, EventKind.INFO_ADDED, actor=who, by_submitter=True, text=text, now=when
        )
        _attach(actor=who, appeal=appeal, files=files, anonymous=appeal.anonymous)
        if appeal.anonymous:
            _restamp(appeal, when, events=[event], appeal_row=False)
    users = _owner_users(appeal) if appeal.owner_unit_id else list(_intake_users(appeal))
    _tell(
        appeal,
        users=users,
        title=_("诉求有补充情况:%(t)s") % {"t": appeal.title},
        body=text[:200],
        when=when,
    )
    return event


@transaction.atomic
def appeal_rate(
    *,
    actor,
    appeal: Appeal,
    rating,
    comment: str = "",
    via_receipt: bool = False,
    now=None,
) -> Appeal:
    """The submitter (and only they) rates the answer 1–5; the appeal is then closed."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    who = _submitter_step(appeal, actor=actor, via_receipt=via_receipt)
    target = check_transition(appeal, "rate")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError("rating", _("请选择 1 到 5 星的满意度。"), field="rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            "too_long",
            _("评价意见不能超过 %(n)d 个字。") % {"n": COMMENT_MAX},
            field="comment",
        )
    when = _blurred(appeal, now)
    with _as_submitter(appeal):
        appeal.status, appeal.rating, appeal.rating_comment = target, rating, comment
        appeal.closed_at = when
        appeal.save(update_fields=["status", "rating", "rating_comment", "closed_at", "updated_at"])
        event = _event(
            appeal,
            EventKind.RATED,
            actor=who,
            by_submitter=True,
            text=comment,
            now=when,
            rating=rating,
        )
        if appeal.anonymous:
            _restamp(appeal, when, events=[event])
    supervision_close(record=appeal, at=appeal.resolved_at or when)
    _tell(
        appeal,
        users=_owner_users(appeal),
        title=_("诉求已评价(%(n)d 星):%(t)s") % {"n": rating, "t": appeal.title},
        body=comment[:200],
        when=when,
    )
    return appeal


@transaction.atomic
def appeal_reopen(
    *, actor, appeal: Appeal, reason: str, via_receipt: bool = False, now=None
) -> Appeal:
    """The submitter, not satisfied with the answer, reopens it once: back to handling with a
    new deadline by urgency, and supervision starts again."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    who = _submitter_step(appeal, actor=actor, via_receipt=via_receipt)
    target = check_transition(appeal, "reopen")
    if appeal.reopen_count >= MAX_REOPENS:
        raise DomainError("reopen_once", _("每件诉求只能申请重办一次。"), status=409)
    reason = _text(reason, field="reason", label=_("重办理由"), max_len=REASON_MAX)
    when = _blurred(appeal, now)
    with _as_submitter(appeal):
        appeal.status = target
        appeal.reopen_count += 1
        appeal.resolved_at = None
        appeal.due_at = _deadline(appeal=appeal, due_at=None, now=now)
        appeal.save(update_fields=["status", "reopen_count", "resolved_at", "due_at", "updated_at"])
        event = _event(
            appeal, EventKind.REOPENED, actor=who, by_submitter=True, text=reason, now=when
        )
        if appeal.anonymous:
            _restamp(appeal, when, events=[event])
    _supervise(appeal, now=now)
    _tell(
        appeal,
        users=_owner_users(appeal),
        title=_("诉求被申请重办:%(t)s") % {"t": appeal.title},
        body=reason[:200],
        when=when,
    )
    return appeal
