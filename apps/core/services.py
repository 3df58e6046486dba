"""Writes every app shares: notifications and attachments."""

import logging
import secrets
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Attachment, Notification
from .uploads import check_upload, neutral_mtime

log = logging.getLogger(__name__)


def notify(
    *, users: Iterable, title: str, body: str = "", url: str = "", dedupe_key: str = ""
) -> None:
    """Send an in-app notification after the current transaction commits; with a dedupe key,
    each user gets it at most once however often the caller runs."""
    rows = [
        Notification(user=u, title=str(title)[:200], body=str(body), url=url, dedupe_key=dedupe_key)
        for u in users
    ]
    if rows:
        transaction.on_commit(lambda: _store(rows, ignore_conflicts=bool(dedupe_key)))


# Run after notifications are stored (apps.notify sends them on to its channels; core knows no
# channel). A hook that fails is logged: the in-app notifications are already stored.
_after_notify: list[Callable[[], object]] = []


def on_notified(hook: Callable[[], object]) -> None:
    if hook not in _after_notify:
        _after_notify.append(hook)


def _store(rows, *, ignore_conflicts: bool) -> None:
    Notification.objects.bulk_create(rows, ignore_conflicts=ignore_conflicts)
    for hook in _after_notify:
        try:
            hook()
        except Exception:
            log.exception("after-notify hook %s failed", hook)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read for this user."""
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def attachment_create(
    *, actor, upload, owner=None, kinds: set[str] | None = None, stamp=None, field=None
) -> Attachment:
    """Store an upload after checking its size and that its content is what its name claims
    (a refusal on the form's `field`). With `stamp` (an aware datetime) the stored file's
    modification time is set to it: the disk then does not tell when an anonymous submitter
    sent it."""
    info = check_upload(upload, kinds=kinds, field=field)
    attachment = Attachment.objects.create(
        token=secrets.token_hex(16),
        file=upload,
        name=upload.name[:255],
        size=upload.size,
        content_type=info.mime,
        extension=info.extension,
        owner_type=ContentType.objects.get_for_model(owner) if owner is not None else None,
        owner_id=owner.pk if owner is not None else None,
        uploaded_by=actor,
    )
    if stamp is not None:
        neutral_mtime(attachment.file, stamp)
    return attachment
