"""What every appeal step shares: text checks, files, the timeline, notifications, deadlines,
supervision, and the anonymous submitter's batch-time stamps."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.selectors import user_of
from apps.core.errors import CoreError, Forbidden
from apps.core.scope import subtree_q
from apps.core.services import attachment_create, notify
from apps.core.timeline import timeline_write
from apps.core.uploads import check_uploads
from apps.core.workdays import deadline_after_workdays
from apps.supervision.services import supervise

from ..errors import AppealError
from ..models import Appeal, AppealEvent, AppealPolicy
from ..permissions import (
    COMPANY_LEVEL_KINDS,
)
from ..scrub import scrubbed
from .rules import FILE_KINDS, KIND, MAX_FILES

# --- small helpers ---------------------------------------------------------------------------


def _text(value, *, field: str, label: str, max_len: int, min_len: int = 1) -> str:
    value = (value or "").strip()
    if not value:
        raise CoreError.REQUIRED(field=field, label=label)
    if len(value) < min_len:
        raise AppealError.TOO_SHORT(field=field, label=label, n=min_len)
    if len(value) > max_len:
        raise AppealError.TOO_LONG(field=field, label=label, n=max_len, len=len(value))
    return value


def _check_files(files) -> list:
    return check_uploads(
        files, field="files", most=MAX_FILES, too_many=AppealError.TOO_MANY_FILES, kinds=FILE_KINDS
    )


def _neutral_files(files) -> list[tuple[str, bytes]]:
    """An anonymous submitter's files as they will be kept: a file's name and a photo's EXIF
    may say who sent it, so they are renamed 附件1.png… and stripped of metadata."""
    out = []
    for i, f in enumerate(files, start=1):
        ext = f.name[f.name.rfind(".") :] if "." in f.name else ""
        f.name = f"{_('附件')}{i}{ext.lower()}"
        f = scrubbed(f)
        f.seek(0)
        out.append((f.name, f.read()))
    return out


def _attach(*, actor, appeal, files, when=None) -> None:
    """Store the files; an anonymous appeal's carry no uploader and, on disk, the batch time."""
    for f in files:
        attachment_create(
            actor=None if appeal.anonymous else actor,
            upload=f,
            owner=appeal,
            kinds=FILE_KINDS,
            stamp=when if appeal.anonymous else None,
        )


def _event(
    appeal, action, *, actor=None, note="", by_submitter=False, now=None, move=("", ""), **data
):
    """A step on the appeal's timeline, through the one writer; `move` is the (from, to) states
    the machine gave. The anonymous submitter's step names nobody (no actor, so no name)."""
    if appeal.anonymous and by_submitter:
        actor = None
    source, target = move
    return timeline_write(
        AppealEvent,
        appeal,
        actor=actor,
        action=action,
        from_status=source,
        to_status=target or "",
        note=note,
        at=now,
        data={k: str(v) for k, v in data.items()},
        by_submitter=by_submitter,
    )


def _take(appeal, move, action, *, fields: dict, **event):
    """The machine's step taken: the appeal saved in the state `move` leads to, with the step's
    `fields`, and the step on its timeline (`event`: the rest of `_event`'s arguments)."""
    appeal.status = move[1]
    for name, value in fields.items():
        setattr(appeal, name, value)
    appeal.save(update_fields=["status", *fields, "updated_at"])
    return _event(appeal, action, move=move, **event)


def _url(appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


def _owner_users(appeal) -> list:
    person = user_of(appeal.owner_person)
    head = user_of(appeal.owner_unit.head) if appeal.owner_unit_id else None
    return [u for u in {person, head} if u is not None]


def _submitter_users(appeal) -> list:
    if appeal.anonymous:
        return []  # nobody is told: telling someone would be the link anonymity forbids
    user = user_of(appeal.submitter)
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


def _in_order(appeal, when) -> datetime:
    """An anonymous step carries its batch's time, but never one before the appeal's last step,
    so the timeline keeps its order."""
    last = AppealEvent.objects.filter(appeal=appeal).order_by("-at").first()
    return max(when, last.at) if last else when


def _restamp(appeal, when, *, appeal_row: bool = True) -> None:
    """Overwrite the auto-set `updated_at` (and the files' stamps) with the batch time; the
    step itself was written with the batch time as its `at`."""
    from django.contrib.contenttypes.models import ContentType

    from apps.core.models import Attachment

    if appeal_row:
        Appeal.objects.filter(pk=appeal.pk).update(updated_at=when)
    Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Appeal),
        owner_id=appeal.pk,
        created_at__gt=when,
    ).update(created_at=when, updated_at=when)


def _tell(appeal, users, title, body, *, when=None, **params) -> None:
    """Tell `users` about a step: the title names the appeal (`%(t)s`, and `params`), the body
    is cut to 200 characters, the link opens it. An anonymous submitter's step passes its batch
    time as `when`, which the notification carries too (its own would say when the batch ran)."""
    from apps.core.models import Notification

    title, body, url = title % {"t": appeal.title, **params}, str(body)[:200], _url(appeal)
    if not appeal.anonymous or when is None:
        notify(users=users, title=title, body=body, url=url)
        return
    rows = [
        Notification(user=u, title=title[:200], body=body, url=url, created_at=when) for u in users
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
        raise AppealError.DEADLINE_PAST(field="due_at")
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
