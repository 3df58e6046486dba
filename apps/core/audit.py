"""Audit helpers beyond auditlog's automatic change rows: views of sensitive data, events."""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.masking import mask
from apps.core.richtext import plain_text


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


def audit_access(*, actor, model, message: str, ids=(), data: dict | None = None) -> None:
    """Record that a list, an API page or an export showed many records' personal data whole:
    one row on the model (no single record), saying what was asked and which rows it showed."""
    details = {k: [str(v), ""] for k, v in (data or {}).items()}
    if ids:
        details["ids"] = [",".join(str(i) for i in ids), ""]
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=str(message)[:200],
        action=LogEntry.Action.ACCESS,
        changes={"event": [str(message), ""], **details},
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
# auditlog's own action labels are English ("create", "update") and it ships no Chinese.
ACTION_WORDS = {
    LogEntry.Action.CREATE: _("新建"),
    LogEntry.Action.UPDATE: _("修改"),
    LogEntry.Action.DELETE: _("删除"),
    LogEntry.Action.ACCESS: _("查看"),
}
M2M_WORDS = {"add": _("添加"), "delete": _("移除")}


def _user_names(entries, user_fields: dict) -> dict[str, str]:
    """People's names for the user ids these entries changed (one query): a user's string is
    their username, which means nothing to a reader."""
    ids = {
        v
        for e in entries
        for name in user_fields.values()
        for v in (e.changes_dict or {}).get(name, ())
        if isinstance(v, str) and v.isdigit()
    }
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("person")
    return {str(u.pk): u.display_name for u in users}


def _m2m_details(entry, labels) -> list:
    """An m2m change ({"type": "m2m", "operation", "objects"}) as "添加:甲、乙"."""
    return [
        (labels.get(k, k), f"{M2M_WORDS.get(v.get('operation'), '')}:{'、'.join(v['objects'])}")
        for k, v in (entry.changes_dict or {}).items()
        if isinstance(v, dict) and v.get("type") == "m2m" and v.get("objects")
    ]


def history_rows(instance, *, unmask: bool = True, values: bool = True, limit: int = 50) -> list:
    """A record's history as rows the `components/history.html` card prints: who, when, what
    changed or happened, in Chinese words, with people's names and rich text as plain text.
    Phone and ID numbers are masked for those who may not see them whole.
    `values=False` names the changed fields without their values (long texts such as minutes or
    a post's body), which also spares the lookups of the old values."""
    meta = instance._meta
    sensitive = {str(f.verbose_name) for f in meta.fields if f.name in SENSITIVE_FIELDS} | set(
        SENSITIVE_FIELDS
    )
    labels = {f.name: f.verbose_name for f in meta.fields + meta.many_to_many}
    hidden = {"ID", "id"}
    # auditlog records a reverse relation on create as "app.Model.None": nothing to show.
    hidden |= {f.name for f in meta.get_fields() if f.auto_created and not f.concrete}
    texts = {str(f.verbose_name) for f in meta.fields if isinstance(f, models.TextField)}
    user_fields = {
        str(f.verbose_name): f.name
        for f in meta.fields
        if f.is_relation and f.related_model is get_user_model()
    }
    entries = list(history_of(instance, limit=limit))
    names = _user_names(entries, user_fields) if values else {}

    def shown(label, value):
        value = "" if value in (None, "None") else str(value)
        if str(label) in texts:
            value = plain_text(value, limit=200)
        return mask(value) if not unmask and str(label) in sensitive else value

    def raw_users(entry, label):
        """The names for a user field's [old, new] ids, or None when it is not one."""
        raw = (entry.changes_dict or {}).get(user_fields.get(str(label), ""))
        if not isinstance(raw, list | tuple):
            return None
        return [names.get(str(v), "") for v in raw]

    rows = []
    for entry in entries:
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
            changed = {
                k: raw_users(entry, k) or v
                for k, v in changed.items()
                if str(k) not in hidden and isinstance(v, list | tuple)
            }
            if entry.action == LogEntry.Action.CREATE:
                details = [
                    (k, shown(k, v[-1]))
                    for k, v in changed.items()
                    if v[-1] not in ("None", "") and str(k) not in hidden
                ]
            else:
                details = [
                    (k, f"{shown(k, v[0]) or '—'} → {shown(k, v[1]) or '—'}")
                    for k, v in changed.items()
                    if len(v) == 2
                ]
            details += _m2m_details(entry, labels)
        event = ACTION_WORDS.get(entry.action, entry.get_action_display())
        rows.append({"entry": entry, "event": event, "details": details})
    return rows
