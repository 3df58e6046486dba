"""Attendance changed many rows at a time (closing, manual and QR sign-in), with each row's
change in the audit log: auditlog sees `save()`, not a queryset `update()`, so the change rows
are written here, one INSERT for all of them."""

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from .models import Attendance


def _text(value) -> str:
    return "None" if value is None else str(value)


def roll_update(rows, *, actor, **values) -> int:
    """Set `values` on the attendance rows of the queryset `rows` and audit each row changed
    (who, old → new), in the caller's transaction. Returns how many rows changed."""
    before = list(rows.values("pk", "meeting_id", "person_id", *values))
    if not before:
        return 0
    # The same filter, not `pk IN (...)`: a company-wide study session invites thousands. The
    # caller holds the meeting's row lock, so the rows read are the rows changed.
    changed = rows.update(**values)
    roll_audit(before, actor=actor, values=values)
    return changed


def roll_audit(before: list[dict], *, actor, values: dict) -> None:
    """One audit row per attendance row in `before` (its pk, meeting_id, person_id and old
    values) that `values` changed."""
    real = actor if getattr(actor, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(Attendance)
    cid = get_cid()
    entries = []
    for r in before:
        changes = {f: [_text(r[f]), _text(v)] for f, v in values.items() if _text(r[f]) != _text(v)}
        if changes:
            entries.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(r["pk"]),
                    object_id=r["pk"],
                    object_repr=f"{r['meeting_id']}:{r['person_id']}",
                    action=LogEntry.Action.UPDATE,
                    changes=changes,
                    actor=real,
                    cid=cid,
                )
            )
    LogEntry.objects.bulk_create(entries, batch_size=1000)
