"""Audit helpers beyond auditlog's automatic change rows: views of sensitive data, events."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from apps.core.masking import mask


def audit_event(*, actor, instance, message: str, data: dict | None = None) -> None:
    """Record an event on a record's history that is not a field change (a view, a move)."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance.__class__),
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=str(instance)[:200],
        action=LogEntry.Action.ACCESS,
        changes={"event": [message, ""], **({k: [str(v), ""] for k, v in (data or {}).items()})},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def history_of(instance, limit: int = 50):
    """The change history shown on a record's page, newest first, with the actor loaded."""
    return (
        LogEntry.objects.get_for_object(instance)
        .select_related("actor__person")
        .order_by("-timestamp")[:limit]
    )


SENSITIVE_FIELDS = ("mobile", "id_number")


def history_rows(instance, *, unmask: bool = True, values: bool = True, limit: int = 50) -> list:
    """A record's history as rows the `components/history.html` card prints: who, when, what
    changed or happened. Phone and ID numbers are masked for those who may not see them whole.
    `values=False` names the changed fields without their values (long texts such as minutes or
    a post's body), which also spares the lookups of the old values."""
    sensitive = {
        str(f.verbose_name) for f in instance._meta.fields if f.name in SENSITIVE_FIELDS
    } | set(SENSITIVE_FIELDS)
    labels = {f.name: f.verbose_name for f in instance._meta.fields}
    hidden = {"ID", "id"}

    def shown(label, value):
        value = "" if value in (None, "None") else str(value)
        return mask(value) if not unmask and str(label) in sensitive else value

    rows = []
    for entry in history_of(instance, limit=limit):
        if entry.action == LogEntry.Action.ACCESS:
            changes = entry.changes_dict or {}
            event = (changes.pop("event", None) or [""])[0]
            details = [
                (k, shown(k, v[0] if isinstance(v, list | tuple) else v))
                for k, v in changes.items()
            ]
            rows.append({"entry": entry, "event": event, "details": details})
            continue
        if not values:
            changed = [labels.get(k, k) for k in entry.changes_dict or {} if k not in hidden]
            details = [] if entry.action == LogEntry.Action.CREATE else [(c, "") for c in changed]
        else:
            try:
                changed = entry.changes_display_dict
            except Exception:  # a field removed since: show the raw change instead of failing
                changed = entry.changes_dict or {}
            if entry.action == LogEntry.Action.CREATE:
                details = [
                    (k, shown(k, v[1]))
                    for k, v in changed.items()
                    if v[1] not in ("None", "") and str(k) not in hidden
                ]
            else:
                details = [
                    (k, f"{shown(k, v[0]) or '—'} → {shown(k, v[1]) or '—'}")
                    for k, v in changed.items()
                    if len(v) == 2
                ]
        rows.append({"entry": entry, "event": entry.get_action_display(), "details": details})
    return rows
