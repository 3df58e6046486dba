"""Writes of the appeals ledger. Every step is a transition in TRANSITIONS, a row on the
appeal's timeline (AppealEvent), an audit row (except for an anonymous submitter's own steps),
and notifications sent on commit. Owners and deadlines go to the one supervision index."""

from datetime import datetime

from auditlog.context import disable_auditlog
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.models import User
from apps.core.errors import DomainError, Forbidden, NotFound
from apps.core.scope import subtree_q
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_upload
from apps.core.workdays import deadline_after_workdays
from apps.supervision.services import supervise, supervision_close

from . import receipts
from .choices import EventKind, Status, Urgency
from .models import Appeal, AppealEvent, AppealPolicy, Category
from .permissions import (
    COMPANY_LEVEL_KINDS,
    can_intake,
    company_of,
    is_owner,
    is_submitter,
)

TITLE_MAX = 100
DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000
TEXT_MAX = 2000
REASON_MAX = 500
COMMENT_MAX = 500
MAX_FILES = 5
FILE_KINDS = {"image", "pdf"}
MAX_REOPENS = 1
KIND = "appeal"  # the supervision index's kind for appeals

# action -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "accept": ((Status.SUBMITTED,), Status.HANDLING),
    "decline": ((Status.SUBMITTED,), Status.DECLINED),
    "merge": ((Status.SUBMITTED,), Status.MERGED),
    "reassign": ((Status.HANDLING,), Status.HANDLING),
    "note": ((Status.HANDLING,), None),
    "reply": ((Status.HANDLING,), None),
    "resolve": ((Status.HANDLING,), Status.ANSWERED),
    "rate": ((Status.ANSWERED,), Status.CLOSED),
    "reopen": ((Status.ANSWERED,), Status.HANDLING),
    "add_info": ((Status.SUBMITTED, Status.HANDLING, Status.ANSWERED), None),
}

# Why a transition is refused: (action, current state) first, then the action alone.
REFUSALS = {
    ("resolve", Status.SUBMITTED): _l("该诉求尚未受理,不能办结。"),
    ("note", Status.SUBMITTED): _l("该诉求尚未受理,不能记录办理进展。"),
    ("reply", Status.SUBMITTED): _l("该诉求尚未受理,不能答复。"),
    ("reassign", Status.SUBMITTED): _l("该诉求尚未受理,请先受理交办。"),
    ("rate", Status.CLOSED): _l("该诉求已评价,不能重复评价。"),
    ("rate", Status.SUBMITTED): _l("该诉求尚未受理,办结答复后才能评价。"),
    ("rate", Status.HANDLING): _l("该诉求正在办理,办结答复后才能评价。"),
    ("reopen", Status.CLOSED): _l("该诉求已评价办结,不能再申请重办。"),
    "accept": _l("该诉求已受理或已结束,不能再受理。"),
    "decline": _l("只有待受理的诉求可以不予受理。"),
    "merge": _l("只有待受理的诉求可以合并到其他诉求。"),
    "reassign": _l("只有办理中的诉求可以改派。"),
    "note": _l("只有办理中的诉求可以记录办理进展。"),
    "reply": _l("只有办理中的诉求可以答复。"),
    "resolve": _l("该诉求不在办理中,不能办结。"),
    "rate": _l("诉求办结答复后才能评价。"),
    "reopen": _l("只有已答复、尚未评价的诉求可以申请重办。"),
    "add_info": _l("该诉求已结束,不能再补充情况。"),
}


def check_transition(appeal: Appeal, action: str) -> str | None:
    """The state the action leads to, or a DomainError saying why the state does not allow it."""
    allowed, target = TRANSITIONS[action]
    if appeal.status not in allowed:
        message = REFUSALS.get((action, appeal.status)) or REFUSALS[action]
        raise DomainError(f"{action}_not_allowed", message, status=409)
    return target


def allowed_actions(appeal: Appeal) -> set[str]:
    """The actions the appeal's state allows (who may take them is a separate question)."""
    actions = {a for a, (states, _target) in TRANSITIONS.items() if appeal.status in states}
    if appeal.reopen_count >= MAX_REOPENS:
        actions.discard("reopen")
    return actions


ACTION_ORDER = (
    "accept",
    "reassign",
    "merge",
    "decline",
    "reply",
    "note",
    "resolve",
    "rate",
    "reopen",
    "add_info",
)


def actions_for(user, appeal: Appeal) -> list[str]:
    """The steps this user may take on the appeal now: its state allows them and they hold the
    part (intake, owner, or named submitter) the step needs."""
    allowed = allowed_actions(appeal)
    intake, owner, submitter = (
        can_intake(user, appeal),
        is_owner(user, appeal),
        is_submitter(user, appeal),
    )
    part = {"accept": intake, "decline": intake, "merge": intake, "reassign": intake}
    part.update({"note": owner, "reply": owner, "resolve": owner})
    part.update({"rate": submitter, "reopen": submitter, "add_info": submitter})
    return [a for a in ACTION_ORDER if a in allowed and part[a]]


# --- small helpers ---------------------------------------------------------------------------


def _text(value, *, field: str, label: str, max_len: int, min_len: int = 1) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("required", _("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) < min_len:
        raise DomainError(
            "too_short",
            _("%(label)s至少需要 %(n)d 个字。") % {"label": label, "n": min_len},
            field=field,
        )
    if len(value) > max_len:
        raise DomainError(
            "too_long",
            _("%(label)s不能超过 %(n)d 个字(现在 %(len)d 个字)。")
            % {"label": label, "n": max_len, "len": len(value)},
            field=field,
        )
    return value


def _check_files(files) -> list:
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise DomainError(
            "too_many_files", _("最多上传 %(n)d 个附件。") % {"n": MAX_FILES}, field="files"
        )
    for f in files:
        try:
            check_upload(f, kinds=FILE_KINDS)
        except DomainError as e:
            e.field = "files"
            raise
    return files


def _attach(*, actor, appeal, files, anonymous: bool) -> None:
    for i, f in enumerate(files, start=1):
        if anonymous:  # a file's own name may say who sent it
            ext = f.name[f.name.rfind(".") :] if "." in f.name else ""
            f.name = f"{_('附件')}{i}{ext.lower()}"
        attachment_create(
            actor=None if anonymous else actor, upload=f, owner=appeal, kinds=FILE_KINDS
        )


def _event(appeal, kind, *, actor=None, text="", by_submitter=False, now=None, **data):
    return AppealEvent.objects.create(
        appeal=appeal,
        kind=kind,
        actor=actor,
        by_submitter=by_submitter,
        text=text,
        data={k: str(v) for k, v in data.items()},
        created_at=now or timezone.now(),
    )


def _url(appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


def _user_of(person):
    user = getattr(person, "user", None) if person is not None else None
    return user if user is not None and user.is_active else None


def _owner_users(appeal) -> list:
    person = _user_of(appeal.owner_person)
    head = _user_of(appeal.owner_unit.head) if appeal.owner_unit_id else None
    return [u for u in {person, head} if u is not None]


def _submitter_users(appeal) -> list:
    if appeal.anonymous:
        return []  # nobody is told: telling someone would be the link anonymity forbids
    user = _user_of(appeal.submitter)
    return [user] if user else []


def _intake_users(appeal):
    if appeal.intake_unit_id is None:
        return User.objects.none()
    from apps.accounts.choices import Role

    return User.objects.filter(
        subtree_q(appeal.intake_unit.path, "role_assignments__unit__path"),
        role_assignments__role__in=(Role.UNION_CADRE, Role.PARTY_ADMIN),
        role_assignments__unit__kind__in=COMPANY_LEVEL_KINDS,
        is_active=True,
    ).distinct()


def _blurred(appeal, now) -> datetime:
    """When an anonymous submitter acts, the rows say only the hour (never before the last step,
    so the timeline keeps its order): an exact second could be matched against the moments a
    login was active (sessions, proxies)."""
    if not appeal.anonymous:
        return now
    hour = now.replace(minute=0, second=0, microsecond=0)
    if appeal.pk is None:
        return hour
    last = AppealEvent.objects.filter(appeal=appeal).order_by("-created_at").first()
    return max(hour, last.created_at) if last else hour


def _restamp(appeal, when, *, events=(), appeal_row: bool = True) -> None:
    """Overwrite the auto-set `updated_at` (and the files' stamps) with the blurred time."""
    from django.contrib.contenttypes.models import ContentType

    from apps.core.models import Attachment

    if appeal_row:
        Appeal.objects.filter(pk=appeal.pk).update(updated_at=when)
    AppealEvent.objects.filter(pk__in=[e.pk for e in events]).update(updated_at=when)
    Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Appeal),
        owner_id=appeal.pk,
        created_at__gt=when,
    ).update(created_at=when, updated_at=when)


def _tell(appeal, *, users, title, body, when, url=None) -> None:
    """notify(), but for an anonymous submitter's step the notification carries the blurred
    time too (its own timestamp would give the exact moment away)."""
    from apps.core.models import Notification

    url = url or _url(appeal)
    if not appeal.anonymous:
        notify(users=users, title=title, body=body, url=url)
        return
    rows = [
        Notification(user=u, title=str(title)[:200], body=str(body), url=url, created_at=when)
        for u in users
    ]
    if rows:
        transaction.on_commit(lambda: Notification.objects.bulk_create(rows))


def _require(condition: bool) -> None:
    if not condition:
        raise Forbidden()


def _deadline(*, appeal, due_at, now) -> datetime:
    if due_at is None:
        days = AppealPolicy.current().days_for(appeal.urgency)
        return deadline_after_workdays(now, days)
    if timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at)
    if due_at <= now:
        raise DomainError(
            "deadline_past", _("办结时限不能早于当前时间,请重新选择。"), field="due_at"
        )
    return due_at


def _supervise(appeal, *, now) -> None:
    supervise(
        record=appeal,
        kind=KIND,
        title=f"{appeal.number} {appeal.title}",
        url=_url(appeal),
        owner_unit=appeal.owner_unit,
        owner_person=appeal.owner_person,
        due_at=appeal.due_at,
        now=now,
    )


def _locked(appeal: Appeal) -> Appeal:
    """Re-read the row inside the transaction, so two clicks cannot both pass the state check."""
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "intake_unit", "submitter_unit")
        .get(pk=appeal.pk)
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


# --- intake ----------------------------------------------------------------------------------


def _check_owner(*, owner_unit, owner_person):
    if owner_unit is None:
        raise DomainError("owner_unit", _("请选择责任单位。"), field="owner_unit")
    if owner_unit.dissolved_at is not None:
        raise DomainError("owner_unit", _("该单位已撤销,请选择其他责任单位。"), field="owner_unit")
    if owner_person is not None and owner_person.deleted_at is not None:
        raise DomainError("owner_person", _("该责任人已不在名册中。"), field="owner_person")


@transaction.atomic
def appeal_accept(
    *,
    actor,
    appeal: Appeal,
    owner_unit,
    owner_person=None,
    due_at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Appeal:
    """Intake accepts the appeal and assigns a responsible unit (and person) with a deadline
    that defaults by urgency in working days; a deadline in the past is refused."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    _require(can_intake(actor, appeal))
    target = check_transition(appeal, "accept")
    _check_owner(owner_unit=owner_unit, owner_person=owner_person)
    due = _deadline(appeal=appeal, due_at=due_at, now=now)
    note = (note or "").strip()[:REASON_MAX]
    appeal.status, appeal.accepted_at = target, now
    appeal.owner_unit, appeal.owner_person, appeal.due_at = owner_unit, owner_person, due
    appeal.save(
        update_fields=[
            "status",
            "accepted_at",
            "owner_unit",
            "owner_person",
            "due_at",
            "updated_at",
        ]
    )
    _event(
        appeal,
        EventKind.ACCEPTED,
        actor=actor,
        text=note,
        now=now,
        unit=owner_unit.name,
        person=owner_person.name if owner_person else "",
        due=timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
    )
    _supervise(appeal, now=now)
    notify(
        users=_owner_users(appeal),
        title=_("交办诉求:%(t)s") % {"t": appeal.title},
        body=_("办结时限:%(due)s") % {"due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M")},
        url=_url(appeal),
    )
    notify(
        users=_submitter_users(appeal),
        title=_("您的诉求已受理:%(t)s") % {"t": appeal.title},
        body=_("责任单位:%(u)s") % {"u": owner_unit.name},
        url=_url(appeal),
    )
    return appeal


@transaction.atomic
def appeal_reassign(
    *,
    actor,
    appeal: Appeal,
    owner_unit,
    owner_person=None,
    reason: str,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Appeal:
    """Intake hands a handling appeal to another unit or person, with a reason; the deadline
    stays unless a new (future) one is given."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    _require(can_intake(actor, appeal))
    check_transition(appeal, "reassign")
    _check_owner(owner_unit=owner_unit, owner_person=owner_person)
    reason = _text(reason, field="reason", label=_("改派理由"), max_len=REASON_MAX)
    due = _deadline(appeal=appeal, due_at=due_at, now=now) if due_at else appeal.due_at
    person_id = owner_person.pk if owner_person else None
    if (
        owner_unit.pk == appeal.owner_unit_id
        and person_id == appeal.owner_person_id
        and due == appeal.due_at
    ):
        raise DomainError(
            "reassign_same", _("改派的责任单位和责任人与当前相同。"), field="owner_unit"
        )
    before = appeal.owner_unit.name + (
        f" / {appeal.owner_person.name}" if appeal.owner_person else ""
    )
    appeal.owner_unit, appeal.owner_person, appeal.due_at = owner_unit, owner_person, due
    appeal.save(update_fields=["owner_unit", "owner_person", "due_at", "updated_at"])
    _event(
        appeal,
        EventKind.REASSIGNED,
        actor=actor,
        text=reason,
        now=now,
        before=before,
        unit=owner_unit.name,
        person=owner_person.name if owner_person else "",
        due=timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
    )
    _supervise(appeal, now=now)
    notify(
        users=_owner_users(appeal),
        title=_("改派诉求:%(t)s") % {"t": appeal.title},
        body=reason[:200],
        url=_url(appeal),
    )
    return appeal


@transaction.atomic
def appeal_decline(*, actor, appeal: Appeal, reason: str, now=None) -> Appeal:
    """Intake declines an appeal it will not take up, with a reason the submitter sees."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    _require(can_intake(actor, appeal))
    target = check_transition(appeal, "decline")
    reason = _text(reason, field="reason", label=_("不予受理理由"), max_len=REASON_MAX)
    appeal.status, appeal.decline_reason, appeal.closed_at = target, reason, now
    appeal.save(update_fields=["status", "decline_reason", "closed_at", "updated_at"])
    _event(appeal, EventKind.DECLINED, actor=actor, text=reason, now=now)
    supervision_close(record=appeal, at=now)
    notify(
        users=_submitter_users(appeal),
        title=_("您的诉求未予受理:%(t)s") % {"t": appeal.title},
        body=reason[:200],
        url=_url(appeal),
    )
    return appeal


@transaction.atomic
def appeal_merge(*, actor, appeal: Appeal, original: Appeal, now=None) -> Appeal:
    """Intake merges a duplicate into the original: the duplicate closes, pointing to it."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    _require(can_intake(actor, appeal))
    target = check_transition(appeal, "merge")
    if original is None or original.pk == appeal.pk:
        raise DomainError("merge_target", _("请选择要并入的另一件诉求。"), field="original")
    if original.status in (Status.MERGED, Status.DECLINED):
        raise DomainError(
            "merge_target",
            _("不能并入已合并或不予受理的诉求,请选择原始诉求。"),
            field="original",
        )
    appeal.status, appeal.merged_into, appeal.closed_at = target, original, now
    appeal.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
    _event(appeal, EventKind.MERGED, actor=actor, now=now, original=original.number)
    _event(original, EventKind.MERGED_IN, actor=actor, now=now, duplicate=appeal.number)
    supervision_close(record=appeal, at=now)
    notify(
        users=_submitter_users(appeal),
        title=_("您的诉求已与相同诉求合并办理:%(t)s") % {"t": appeal.title},
        body=original.number,
        url=_url(appeal),
    )
    return appeal


# --- handling by the owner -------------------------------------------------------------------


def _owner_step(appeal, actor, action):
    # The state first: an appeal not yet accepted has no owner, and "not accepted yet" is the
    # answer that helps (该诉求尚未受理,不能办结).
    target = check_transition(appeal, action)
    _require(is_owner(actor, appeal))
    return target


@transaction.atomic
def appeal_note(*, actor, appeal: Appeal, text: str, now=None) -> AppealEvent:
    """The owner records progress (internal: the submitter does not see notes)."""
    appeal = _locked(appeal)
    _owner_step(appeal, actor, "note")
    text = _text(text, field="text", label=_("办理进展"), max_len=TEXT_MAX)
    return _event(appeal, EventKind.NOTE, actor=actor, text=text, now=now)


@transaction.atomic
def appeal_reply(*, actor, appeal: Appeal, text: str, now=None) -> AppealEvent:
    """The owner replies to the submitter while handling (they see it on the appeal or by code)."""
    appeal = _locked(appeal)
    _owner_step(appeal, actor, "reply")
    text = _text(text, field="text", label=_("答复内容"), max_len=TEXT_MAX)
    event = _event(appeal, EventKind.REPLY, actor=actor, text=text, now=now)
    notify(
        users=_submitter_users(appeal),
        title=_("您的诉求有新答复:%(t)s") % {"t": appeal.title},
        body=text[:200],
        url=_url(appeal),
    )
    return event


@transaction.atomic
def appeal_resolve(*, actor, appeal: Appeal, text: str, now=None) -> Appeal:
    """The owner resolves the appeal with an answer; supervision ends (on time or late) and the
    submitter is asked to rate it."""
    now = now or timezone.now()
    appeal = _locked(appeal)
    target = _owner_step(appeal, actor, "resolve")
    text = _text(text, field="text", label=_("办结答复"), max_len=TEXT_MAX)
    appeal.status, appeal.resolution, appeal.resolved_at = target, text, now
    appeal.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
    _event(appeal, EventKind.RESOLVED, actor=actor, text=text, now=now)
    supervision_close(record=appeal, at=now)
    notify(
        users=_submitter_users(appeal),
        title=_("您的诉求已办结,请评价:%(t)s") % {"t": appeal.title},
        body=text[:200],
        url=_url(appeal),
    )
    return appeal


def appeal_get_for_merge(*, user, number: str) -> Appeal:
    """The original an intake user names by its number (SQ2026-000123) or id, in their scope."""
    raw = (number or "").strip().upper()
    digits = raw.rsplit("-", 1)[-1].lstrip("SQ")
    if not digits.isdigit():
        raise DomainError(
            "merge_target", _("请输入原诉求的编号,如 SQ2026-000123。"), field="original"
        )
    found = Appeal.objects.visible_to(user).filter(pk=int(digits)).first()
    if found is None:
        raise NotFound(_("找不到该编号的诉求,或您无权查看。"))
    return found
