"""The submitter's steps: submit (named, or anonymous through the batch), add information, rate,
reopen once. Each step's checks are a `_clean_*` function, so an anonymous step is checked when
it is queued (the person sees the error at once) and again when the batch writes it."""

from contextlib import nullcontext
from datetime import datetime

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import CoreError
from apps.orgs.scope import company_of
from apps.supervision.services import supervision_close

from ..choices import EventKind, Urgency
from ..errors import AppealError
from ..models import Appeal, AppealEvent, Category
from ..permissions import is_submitter
from .common import (
    _attach,
    _check_files,
    _deadline,
    _event,
    _in_order,
    _intake_users,
    _locked,
    _owner_users,
    _restamp,
    _supervise,
    _take,
    _tell,
    _text,
)
from .rules import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    MACHINE,
    MAX_REOPENS,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
)

# --- submit ----------------------------------------------------------------------------------


def _clean_submit(*, actor, category, title, description, urgency, files) -> dict:
    person = getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None
    if person is None:
        raise AppealError.NO_PERSON()
    if category is None or not category.is_active:
        raise AppealError.CATEGORY(field="category")
    if urgency not in Urgency.values:
        raise AppealError.URGENCY(field="urgency")
    return {
        "person": person,
        "category": category,
        "urgency": urgency,
        "title": _text(title, field="title", label=_("标题"), max_len=TITLE_MAX),
        "description": _text(
            description,
            field="description",
            label=_("诉求内容"),
            min_len=DESCRIPTION_MIN,
            max_len=DESCRIPTION_MAX,
        ),
        "files": _check_files(files),
        "company": company_of(person.department),
    }


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
) -> tuple[Appeal | None, str | None]:
    """Any employee lodges an appeal. A named one is written now: (appeal, None). An anonymous
    one is queued for the next batch, which writes it with nothing that links it to the person
    (see services/anonymous.py): (None, receipt code), the code shown once, stored as a hash."""
    from .anonymous import queue_submit

    now = now or timezone.now()
    clean = _clean_submit(
        actor=actor,
        category=category,
        title=title,
        description=description,
        urgency=urgency,
        files=files,
    )
    if anonymous:
        return None, queue_submit(clean, now=now)
    person = clean["person"]
    appeal = Appeal.objects.create(
        title=clean["title"],
        description=clean["description"],
        category=category,
        urgency=urgency,
        intake_unit=clean["company"],
        submitter=person,
        submitter_unit=person.department,
        created_at=now,
    )
    _lodged(appeal, actor=actor, files=clean["files"], when=now)
    return appeal, None


def _lodged(appeal, *, actor, files, when) -> None:
    """A new appeal's first step, named or anonymous: the submit on its timeline, its files,
    intake told (an anonymous one's rows all carry the batch time)."""
    _event(
        appeal,
        EventKind.SUBMITTED,
        actor=actor,
        by_submitter=True,
        note=appeal.description,
        now=when,
        move=("", appeal.status),
    )
    _attach(actor=actor, appeal=appeal, files=files, when=when)
    if appeal.anonymous:
        _restamp(appeal, when)
    what = {"cat": appeal.category.name, "urg": appeal.get_urgency_display()}
    _tell(
        appeal,
        list(_intake_users(appeal)),
        _("新诉求待受理:%(t)s"),
        _("%(cat)s · %(urg)s") % what,
        when=when,
    )


def anonymous_write(*, fields: dict, receipt_digest: str, ref: str, files, when) -> Appeal:
    """The batch writes one queued anonymous appeal: no submitter, no unit, no audit row, every
    row and file stamped with the batch time."""
    with disable_auditlog():
        appeal = Appeal.objects.create(
            anonymous=True, receipt_digest=receipt_digest, ref=ref, created_at=when, **fields
        )
        _lodged(appeal, actor=None, files=files, when=when)
    return appeal


# --- the submitter's own steps ---------------------------------------------------------------


def _submitter_step(appeal, *, actor, via_receipt: bool):
    """The submitter acts: by login on a named appeal, by receipt code on an anonymous one."""
    if appeal.anonymous:
        if not via_receipt:
            raise AppealError.BY_RECEIPT_ONLY()
        return None  # the actor is never recorded
    if not is_submitter(actor, appeal):
        raise AppealError.SUBMITTER_ONLY()
    return actor


def _as_submitter(appeal):
    """Steps of an anonymous submitter leave no audit row: the row would carry their login."""
    return disable_auditlog() if appeal.anonymous else nullcontext()


def _clean_add_info(appeal, *, text, files) -> dict:
    MACHINE.move(appeal, "add_info")
    return {
        "text": _text(text, field="text", label=_("补充内容"), max_len=TEXT_MAX),
        "files": _check_files(files),
    }


def _clean_rate(appeal, *, rating, comment) -> dict:
    MACHINE.move(appeal, "rate")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise AppealError.RATING(field="rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise CoreError.TOO_LONG(
            field="comment", label=_("评价意见"), n=COMMENT_MAX, len=len(comment)
        )
    return {"rating": rating, "comment": comment}


def _clean_reopen(appeal, *, reason) -> dict:
    MACHINE.move(appeal, "reopen")
    if appeal.reopen_count >= MAX_REOPENS:
        raise AppealError.REOPEN_ONCE()
    return {"reason": _text(reason, field="reason", label=_("重办理由"), max_len=REASON_MAX)}


def _when(appeal, now):
    return _in_order(appeal, now) if appeal.anonymous else now


@transaction.atomic
def appeal_add_info(
    *, actor, appeal: Appeal, text: str, files=(), via_receipt: bool = False, now=None
) -> AppealEvent:
    """The submitter adds information while the appeal is open."""
    appeal = _locked(appeal)
    who = _submitter_step(appeal, actor=actor, via_receipt=via_receipt)
    clean = _clean_add_info(appeal, text=text, files=files)
    when = _when(appeal, now or timezone.now())
    with _as_submitter(appeal):
        event = _event(
            appeal,
            EventKind.INFO_ADDED,
            actor=who,
            by_submitter=True,
            note=clean["text"],
            now=when,
        )
        _attach(actor=who, appeal=appeal, files=clean["files"], when=when)
        if appeal.anonymous:
            _restamp(appeal, when, appeal_row=False)
    users = _owner_users(appeal) if appeal.owner_unit_id else list(_intake_users(appeal))
    _tell(appeal, users, _("诉求有补充情况:%(t)s"), clean["text"], when=when)
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
    appeal = _locked(appeal)
    who = _submitter_step(appeal, actor=actor, via_receipt=via_receipt)
    move = MACHINE.move(appeal, "rate")
    clean = _clean_rate(appeal, rating=rating, comment=comment)
    when = _when(appeal, now or timezone.now())
    with _as_submitter(appeal):
        _take(
            appeal,
            move,
            EventKind.RATED,
            fields={
                "rating": clean["rating"],
                "rating_comment": clean["comment"],
                "closed_at": when,
            },
            actor=who,
            by_submitter=True,
            note=clean["comment"],
            now=when,
            rating=clean["rating"],
        )
        if appeal.anonymous:
            _restamp(appeal, when)
    supervision_close(record=appeal, at=appeal.resolved_at or when)
    title = _("诉求已评价(%(n)d 星):%(t)s")
    _tell(appeal, _owner_users(appeal), title, clean["comment"], when=when, n=clean["rating"])
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
    move = MACHINE.move(appeal, "reopen")
    reason = _clean_reopen(appeal, reason=reason)["reason"]
    when = _when(appeal, now)
    with _as_submitter(appeal):
        _take(
            appeal,
            move,
            EventKind.REOPENED,
            fields={
                "reopen_count": appeal.reopen_count + 1,
                "resolved_at": None,
                "due_at": _deadline(appeal=appeal, due_at=None, now=now),
            },
            actor=who,
            by_submitter=True,
            note=reason,
            now=when,
        )
        if appeal.anonymous:
            _restamp(appeal, when)
    _supervise(appeal, now=now)
    _tell(appeal, _owner_users(appeal), _("诉求被申请重办:%(t)s"), reason, when=when)
    return appeal
