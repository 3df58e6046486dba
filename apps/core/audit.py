"""Audit helpers beyond auditlog's automatic change rows: views of sensitive data, events."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


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
        .select_related("actor")
        .order_by("-timestamp")[:limit]
    )
