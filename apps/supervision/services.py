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

from apps.core.models import Notification
from apps.orgs.models import OrgUnit

from .models import OPEN, Policy, SupervisedItem

BATCH = 2000


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
) -> SupervisedItem:
    """Put a record under supervision, or update it. A new owner or deadline restarts the
    reminders; a closed item that gets a new deadline is open again."""
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


def _user_of(person):
    user = getattr(person, "user", None) if person is not None else None
    return user if user is not None and user.is_active else None


def _heads_above(units: set[OrgUnit]) -> dict[str, list]:
    """For each unit path, the users heading its ancestors, nearest first (for escalation)."""
    wanted = {
        u.path[:i] for u in units for i in range(OrgUnit.steplen, len(u.path), OrgUnit.steplen)
    }
    heads = {
        unit.path: _user_of(unit.head)
        for unit in OrgUnit.objects.filter(path__in=wanted).select_related("head__user")
    }
    return {
        u.path: [
            heads[p]
            for p in (u.path[:i] for i in range(len(u.path) - OrgUnit.steplen, 0, -OrgUnit.steplen))
            if heads.get(p)
        ]
        for u in units
    }


def _advance(items: list[SupervisedItem], level: int, recipients, title_fmt: str, now) -> int:
    """Notify, log on the record and move each item to `level`, all in one transaction."""
    notes, logs, done = [], [], []
    for item in items:
        users = [u for u in recipients(item) if u is not None]
        key = f"sv:{item.pk}:{level}:{item.due_at:%Y%m%d%H%M}"
        title = title_fmt % {"title": item.title}
        due = timezone.localtime(item.due_at).strftime("%Y-%m-%d %H:%M")
        body = _("责任单位:%(unit)s;办结时限:%(due)s") % {"unit": item.owner_unit.name, "due": due}
        notes += [
            Notification(user=u, title=title[:200], body=body, url=item.url, dedupe_key=key)
            for u in users
        ]
        logs.append(
            LogEntry(
                content_type_id=item.content_type_id,
                object_pk=str(item.object_id),
                object_id=item.object_id,
                object_repr=item.title[:200],
                action=LogEntry.Action.ACCESS,
                timestamp=now,
                changes={
                    "event": [title, ""],
                    "notified": [", ".join(u.username for u in users), ""],
                },
            )
        )
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
        "owner_unit__head__user", "owner_person__user"
    )
    counts = {"reminded": 0, "escalated": 0, "escalated_again": 0}

    def owner(item):
        return [_user_of(item.owner_person) or _user_of(item.owner_unit.head)]

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

                def recipients(item, heads=heads, depth=depth):
                    chain = heads.get(item.owner_unit.path, [])
                    # The owner is told too: an escalation is never news to the one who owes it.
                    return [*owner(item), chain[min(depth, len(chain)) - 1] if chain else None]

            counts[name] += _advance(batch, level, recipients, title_fmt, now)
    return counts
