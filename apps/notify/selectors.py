"""Reads of 送达: the delivery log and the channels' state (the admin's), one's own deliveries."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from . import kinds
from .adapters import ADAPTERS
from .choices import DeliveryStatus
from .errors import NotifyError
from .models import Channel, Delivery, NotifyPolicy, Preference, RecipientId
from .services import is_admin, recipient_of


def deliveries_of(*, user):
    """The delivery log a user may read: all of it for the system admin, else their own (a
    delivery is a copy of the user's own notification, like the notifications list)."""
    rows = Delivery.objects.select_related("notification", "user__person")
    return rows if is_admin(user) else rows.filter(user=user)


def channel_list(*, user) -> list[dict]:
    """Every channel with its switch, kinds and the last 7 days' counts, in one query each."""
    if not is_admin(user):
        raise NotifyError.NOT_ADMIN()
    saved = {c.code: c for c in Channel.objects.all()}
    since = timezone.now() - timedelta(days=7)
    counts = {
        row["channel"]: row
        for row in Delivery.objects.filter(created_at__gte=since)
        .values("channel")
        .annotate(
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
            waiting=Count(
                "pk", filter=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
            ),
        )
    }
    return [
        {
            "code": code,
            "label": cls.label,
            "channel": saved.get(code) or Channel(code=code),
            "counts": counts.get(code, {"sent": 0, "failed": 0, "waiting": 0}),
        }
        for code, cls in ADAPTERS.items()
    ]


def channel_get(*, user, code: str) -> Channel:
    """A channel's row (unsaved with defaults when never configured); the admin's only."""
    if not is_admin(user):
        raise NotifyError.NOT_ADMIN()
    if code not in ADAPTERS:
        raise NotifyError.UNKNOWN_CHANNEL()
    return Channel.objects.filter(code=code).first() or Channel(code=code)


def accounts_of(*, user) -> list[dict]:
    """The account each enabled channel reaches this person at ("" where it has none)."""
    overrides = dict(RecipientId.objects.filter(user=user).values_list("channel", "value"))
    return [
        {
            "label": c.get_code_display(),
            "value": recipient_of(user, ADAPTERS[c.code](c.config, {}), overrides.get(c.code)),
        }
        for c in Channel.objects.filter(enabled=True).order_by("pk")
    ]


def preference_of(*, user) -> tuple[Preference, list[dict]]:
    """A person's preferences and the grid of (kind, channel) boxes the company routes: a row
    per kind some enabled channel carries, its box on unless they turned it off; urgent rows
    fixed on."""
    pref = Preference.objects.filter(user=user).first() or Preference(user=user)
    channels = list(Channel.objects.filter(enabled=True).order_by("pk"))
    urgent = set(NotifyPolicy.current().urgent_kinds)
    grid = []
    for kind in kinds.KINDS:
        carriers = [c for c in channels if kind.code in c.kinds]
        if not carriers:
            continue
        cells = [
            {
                "name": f"on_{kind.code}_{c.code}",
                "pair": f"{kind.code}:{c.code}",
                "label": c.get_code_display(),
                "on": kind.code in urgent or f"{kind.code}:{c.code}" not in pref.muted,
            }
            for c in carriers
        ]
        grid.append(
            {"code": kind.code, "label": kind.label, "urgent": kind.code in urgent, "cells": cells}
        )
    return pref, grid
