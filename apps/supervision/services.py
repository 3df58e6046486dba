"""Writes of the supervision index, and the periodic pass that reminds and escalates.

An area calls `supervise` whenever a record's owner or deadline is set or changed and
`supervision_close` when the record is done (or cancelled); the pass does the rest.
"""

from datetime import datetime, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.accounts.selectors import user_of
from apps.core.models import Notification
from apps.core.rules import clean_text
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.orgs.models import OrgUnit
from apps.orgs.scope import ancestor_paths, cadres_of, roles_of

from . import rules
from .choices import ExtensionStatus, ItemAction
from .errors import SupervisionError
from .models import OPEN, ExtensionRequest, ItemEvent, Policy, SupervisedItem
from .signals import deadline_extended

BATCH = 2000
NOTE_MAX = 500


def supervise(
    *,
    record,
    kind: str,
    title: str,
    url: str,
    owner_unit,
    owner_person=None,
    due_at: datetime,
    now: datetime | None = None,
    assigned_by=None,
    assigner_unit=None,
) -> SupervisedItem:
    """Put a record under supervision, or update it. A new owner or deadline restarts the
    reminders; a closed item that gets a new deadline is open again. `assigned_by` (the user
    who assigns it) and `assigner_unit` (their office; by default the unit of their role that
    reaches the owner unit) decide extension requests and hear of escalations nobody above
    would receive."""
    now = now or timezone.now()
    ct = ContentType.objects.get_for_model(record.__class__)
    item = SupervisedItem.objects.filter(content_type=ct, object_id=record.pk).first()
    if item is None:
        item = SupervisedItem(content_type=ct, object_id=record.pk, opened_at=now)
    restart = (
        item.pk is None
        or item.owner_unit_id != owner_unit.pk
        or item.owner_person_id != getattr(owner_person, "pk", None)
        or item.due_at != due_at
        or item.closed_at is not None
    )
    item.kind, item.title, item.url = kind, str(title)[:200], url
    item.owner_unit, item.owner_person, item.due_at = owner_unit, owner_person, due_at
    if assigned_by is not None and getattr(assigned_by, "is_authenticated", False):
        item.assigned_by = assigned_by
        assigner_unit = assigner_unit or _office_of(assigned_by, owner_unit)
    if assigner_unit is not None:
        item.assigner_unit = assigner_unit
    if restart:
        item.level, item.level_at, item.closed_at = SupervisedItem.Level.NONE, None, None
    item.save()
    return item


def supervision_close(*, record, at: datetime | None = None) -> None:
    """The record is done: it leaves the open list and counts as on time or late."""
    ct = ContentType.objects.get_for_model(record.__class__)
    SupervisedItem.objects.filter(content_type=ct, object_id=record.pk, closed_at=None).update(
        closed_at=at or timezone.now()
    )


def _office_of(user, owner_unit) -> OrgUnit | None:
    """The unit a cadre assigns from: their nearest role's unit above the owner unit, else the
    unit of their first cadre role."""
    grants = [g for g in roles_of(user) if g.role not in RoleAssignment.SELF_ONLY_ROLES]
    above = [g for g in grants if owner_unit.path.startswith(g.path)]
    chosen = max(above, key=lambda g: len(g.path)) if above else (grants[0] if grants else None)
    return OrgUnit.objects.filter(pk=chosen.unit_id).first() if chosen else None


def _assigners(items) -> dict[int, list]:
    """For each item, the assigning office: the user who assigned it and the cadres of their
    unit (one query for the whole batch)."""
    cadres = cadres_of(i.assigner_unit_id for i in items if i.assigner_unit_id)
    result = {}
    for item in items:
        users = list(cadres.get(item.assigner_unit_id, []))
        by = item.assigned_by
        if by is not None and by.is_active and all(u.pk != by.pk for u in users):
            users.insert(0, by)
        result[item.pk] = users
    return result


def _unique(users) -> list:
    seen, out = set(), []
    for u in users:
        if u is not None and u.pk not in seen:
            seen.add(u.pk)
            out.append(u)
    return out


def _heads_above(units: set[OrgUnit]) -> dict[str, list]:
    """For each unit path, the users heading its ancestors, nearest first (for escalation)."""
    wanted = {p for u in units for p in ancestor_paths(u.path, include_self=False)}
    heads = {
        unit.path: user_of(unit.head)
        for unit in OrgUnit.objects.filter(path__in=wanted).select_related("head__user")
    }
    return {
        u.path: [
            heads[p] for p in reversed(ancestor_paths(u.path, include_self=False)) if heads.get(p)
        ]
        for u in units
    }


def _advance(items: list[SupervisedItem], level: int, recipients, title_fmt: str, now) -> int:
    """Notify, log on the record and move each item to `level`, all in one transaction."""
    notes, logs, done = [], [], []
    for item in items:
        users = _unique(recipients(item))
        key = f"sv:{item.pk}:{level}:{item.due_at:%Y%m%d%H%M}"
        title = title_fmt % {"title": item.title}
        due = timezone.localtime(item.due_at).strftime("%Y-%m-%d %H:%M")
        body = _("责任单位:%(unit)s;办结时限:%(due)s") % {"unit": item.owner_unit.name, "due": due}
        notes += [
            Notification(user=u, title=title[:200], body=body, url=item.url, dedupe_key=key)
            for u in users
        ]
        logs.append(_log_entry(item, message=title, users=users, now=now))
        done.append(item.pk)
    with transaction.atomic():
        Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=BATCH)
        LogEntry.objects.bulk_create(logs, batch_size=BATCH)
        SupervisedItem.objects.filter(pk__in=done, level__lt=level).update(
            level=level, level_at=now
        )
    return len(done)


def supervision_pass(*, now: datetime) -> dict[str, int]:
    """Remind owners before the deadline; escalate to the superior unit's head when overdue, and
    to the next one up later. Idempotent: each step moves the item's level, so a second run (or a
    run that overlaps) sends nothing twice; dedupe keys guard the notifications as well."""
    policy = Policy.current()
    open_items = SupervisedItem.objects.filter(OPEN).select_related(
        "owner_unit__head__user", "owner_person__user", "assigned_by"
    )
    counts = {"reminded": 0, "escalated": 0, "escalated_again": 0}

    def owner(item):
        return [user_of(item.owner_person) or user_of(item.owner_unit.head)]

    steps = [
        (
            "reminded",
            open_items.filter(
                level=SupervisedItem.Level.NONE,
                due_at__gt=now,
                due_at__lte=now + timedelta(hours=policy.remind_before_hours),
            ),
            SupervisedItem.Level.REMINDED,
            _("督办提醒:“%(title)s”即将到期"),
            0,
        ),
        (
            "escalated",
            open_items.filter(level__lt=SupervisedItem.Level.ESCALATED, due_at__lte=now),
            SupervisedItem.Level.ESCALATED,
            _("逾期督办:“%(title)s”已超过办结时限"),
            1,
        ),
        (
            "escalated_again",
            open_items.filter(
                level=SupervisedItem.Level.ESCALATED,
                due_at__lte=now - timedelta(days=policy.second_escalation_days),
            ),
            SupervisedItem.Level.ESCALATED_AGAIN,
            _("二次督办:“%(title)s”逾期未办结"),
            2,
        ),
    ]
    for name, qs, level, title_fmt, depth in steps:
        while True:
            batch = list(qs.order_by("pk")[:BATCH])
            if not batch:
                break
            if depth == 0:
                recipients = owner
            else:
                heads = _heads_above({i.owner_unit for i in batch})
                offices = _assigners(batch)

                def recipients(item, heads=heads, offices=offices, depth=depth):
                    chain = heads.get(item.owner_unit.path, [])
                    head = chain[min(depth, len(chain)) - 1] if chain else None
                    # The owner is told too: an escalation is never news to the one who owes it.
                    # No head above with an account: the assigning office hears of it instead.
                    return [*owner(item), *([head] if head else offices[item.pk])]

            counts[name] += _advance(batch, level, recipients, title_fmt, now)
    return counts


# --- 催办 and deadline extensions ---------------------------------------------------------------


def _locked(item: SupervisedItem) -> SupervisedItem:
    """The row again, locked: two clicks cannot both pass the once-a-day or pending check."""
    return (
        SupervisedItem.objects.select_for_update(of=("self",))
        .select_related("owner_unit__head__user", "owner_person__user", "assigned_by")
        .get(pk=item.pk)
    )


def _owner_users(item) -> list:
    """Who owes the item: its person, else the owner unit's head, else the unit's cadres."""
    user = user_of(item.owner_person) or user_of(item.owner_unit.head)
    return [user] if user else cadres_of([item.owner_unit_id]).get(item.owner_unit_id, [])


def _deciders(item) -> list:
    """Who hears of an extension request: the assigning office, else the heads above."""
    office = _assigners([item])[item.pk]
    return office or _heads_above({item.owner_unit}).get(item.owner_unit.path, [])[:1]


def _log_entry(item, *, message: str, users, now, actor=None) -> LogEntry:
    """A step logged on the supervised record itself (an escalation, an extension decided):
    what happened and who was told, read back into the record's timeline."""
    return LogEntry(
        content_type_id=item.content_type_id,
        object_pk=str(item.object_id),
        object_id=item.object_id,
        object_repr=item.title[:200],
        action=LogEntry.Action.ACCESS,
        timestamp=now,
        actor=actor,
        changes={
            "event": [message, ""],
            "notified": [", ".join(u.username for u in users), ""],
        },
    )


def _on_record(item, *, actor, message: str, users, now) -> None:
    """The step is logged on the supervised record itself, as escalations are."""
    _log_entry(item, actor=actor, message=message, users=users, now=now).save()


def _due_text(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def item_remind(*, actor, item: SupervisedItem, note: str = "", now=None) -> ItemEvent:
    """A cadre over the item presses 催办: the owner is told at once; at most once a day per
    item (a local calendar day), logged on the item and on the record."""
    now = now or timezone.now()
    item = _locked(item)
    if not item.is_open:
        raise SupervisionError.CLOSED()
    if not rules.may_remind(actor, item):
        raise SupervisionError.NOT_REMINDER()
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if item.events.filter(action=ItemAction.REMIND, at__gte=day_start).exists():
        raise SupervisionError.REMINDED_TODAY()
    note = clean_text(note, field="note", label=_("催办说明"), limit=NOTE_MAX, required=False)
    event = timeline_write(
        ItemEvent, item, actor=actor, action=ItemAction.REMIND, note=note, at=now
    )
    users = _owner_users(item)
    title = _("催办:“%(title)s”") % {"title": item.title}
    _on_record(item, actor=actor, message=title, users=users, now=now)
    notify(
        users=users,
        title=title,
        body=note or _("办结时限:%(due)s,请抓紧办理。") % {"due": _due_text(item.due_at)},
        url=item.url,
        dedupe_key=f"sv:{item.pk}:remind:{timezone.localdate(now):%Y%m%d}",
    )
    return event


@transaction.atomic
def extension_request(
    *, actor, item: SupervisedItem, new_due_at: datetime, reason: str, now=None
) -> ExtensionRequest:
    """The owner asks for a later deadline with a reason; the assigning office decides. One
    pending request at a time."""
    now = now or timezone.now()
    item = _locked(item)
    if not item.is_open:
        raise SupervisionError.CLOSED()
    if not rules.may_request_extension(actor, item):
        raise SupervisionError.NOT_OWNER()
    if item.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise SupervisionError.EXTENSION_PENDING()
    reason = clean_text(reason, field="reason", label=_("延期理由"), limit=NOTE_MAX)
    if new_due_at is None or new_due_at <= max(item.due_at, now):
        raise SupervisionError.EXTENSION_NOT_LATER(field="new_due_at")
    request = ExtensionRequest.objects.create(
        item=item,
        requested_by=actor,
        requested_at=now,
        reason=reason,
        old_due_at=item.due_at,
        new_due_at=new_due_at,
    )
    timeline_write(
        ItemEvent,
        item,
        actor=actor,
        action=ItemAction.EXTEND_REQUEST,
        note=reason,
        due_at=new_due_at,
        data={"request": request.pk},
        at=now,
    )
    notify(
        users=_deciders(item),
        title=_("延期申请待审批:“%(title)s”") % {"title": item.title},
        body=_("申请延至 %(due)s。理由:%(reason)s")
        % {"due": _due_text(new_due_at), "reason": reason},
        url=rules.detail_url(item),
    )
    return request


@transaction.atomic
def extension_decide(
    *, actor, request: ExtensionRequest, grant: bool, note: str = "", now=None
) -> ExtensionRequest:
    """The assigning office grants (the deadline moves, reminders start again and the area's
    record takes the new deadline) or refuses (with a reason) a pending request."""
    now = now or timezone.now()
    item = _locked(request.item)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExtensionStatus.PENDING:
        raise SupervisionError.EXTENSION_DECIDED()
    if not rules.may_decide_extension(actor, item):
        raise SupervisionError.NOT_ASSIGNER()
    note = clean_text(note, field="note", label=_("审批意见"), limit=NOTE_MAX, required=not grant)
    request.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, now, note
    request.save()
    if grant:
        item.due_at = request.new_due_at
        item.level, item.level_at = SupervisedItem.Level.NONE, None
        item.save(update_fields=["due_at", "level", "level_at"])
        deadline_extended.send(
            sender=item.content_type.model_class(),
            record=item.record,
            due_at=request.new_due_at,
            actor=actor,
            reason=request.reason,
            now=now,
        )
    timeline_write(
        ItemEvent,
        item,
        actor=actor,
        action=ItemAction.EXTEND_GRANT if grant else ItemAction.EXTEND_REFUSE,
        note=note,
        due_at=request.new_due_at if grant else None,
        data={"request": request.pk},
        at=now,
    )
    requester = request.requested_by
    notify(
        users=[requester] if requester is not None and requester.is_active else [],
        title=(
            _("延期申请已同意:“%(title)s”,办结时限延至 %(due)s")
            % {"title": item.title, "due": _due_text(request.new_due_at)}
            if grant
            else _("延期申请未同意:“%(title)s”") % {"title": item.title}
        ),
        body=note,
        url=rules.detail_url(item),
    )
    return request
