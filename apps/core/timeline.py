"""One timeline for every record with a workflow: one writer, one reader.

The steps are rows of the area's `TimelineEvent` subclass; the reader merges them with the
field changes auditlog recorded on the record itself, newest last, for
`components/timeline.html`."""

from django.utils import timezone

from .audit import history_rows


def timeline_write(
    event_model,
    record,
    *,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    due_at=None,
    data: dict | None = None,
    at=None,
    **extra,
):
    """Write one step of `record`'s timeline; the actor's name is kept as it is today."""
    real = actor if getattr(actor, "is_authenticated", False) else None
    return event_model.objects.create(
        **{event_model.timeline_of: record},
        action=action,
        actor=real,
        actor_name=real.display_name[:50] if real else "",
        at=at or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        note=note,
        due_at=due_at,
        data=data or {},
        **extra,
    )


def _label(field, value) -> str:
    return str(dict(field.flatchoices).get(value, value)) if value else ""


def timeline_rows(record, *, events=None, changes: bool = True, edits: bool = True) -> list[dict]:
    """The record's steps (`events`: its event rows, already loaded or a queryset) and, with
    `changes`, what auditlog holds on the record: the events logged on it (a supervision
    reminder) and, unless `edits` is False (its steps already say them), its field edits; in
    time order."""
    rows = []
    for e in events if events is not None else []:
        meta = e._meta
        rows.append(
            {
                "at": e.at,
                "actor": e.actor_name,
                "action": _label(meta.get_field("action"), e.action),
                "code": e.action,
                "from": _label(meta.get_field("from_status"), e.from_status),
                "to": _label(meta.get_field("to_status"), e.to_status),
                "note": e.note,
                "due_at": e.due_at,
                "event": e,
                "details": [],
            }
        )
    if changes:
        for row in history_rows(record):
            entry = row["entry"]
            logged = entry.action == entry.Action.ACCESS
            if entry.action == entry.Action.CREATE or not (edits or logged):
                continue
            rows.append(
                {
                    "at": entry.timestamp,
                    "actor": entry.actor.display_name if entry.actor else "",
                    "action": row["event"],
                    "code": "logged" if logged else "change",
                    "from": "",
                    "to": "",
                    "note": "",
                    "due_at": None,
                    "event": None,
                    "details": row["details"],
                }
            )
    rows.sort(key=lambda r: r["at"])
    return rows
