"""Reads of the supervision index: always through visible_to(user)."""

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from apps.core.scope import scope_of
from apps.core.selectors import get_or_not_found

from .choices import ExtensionStatus
from .models import OPEN, ExtensionRequest, Policy, SupervisedItem

STATES = ("open", "due_soon", "overdue", "closed")


def state_q(state: str, *, now=None) -> Q:
    """The filter for one state of the 督办 view; 'due soon' is the reminder window."""
    now = now or timezone.now()
    if state == "overdue":
        return OPEN & Q(due_at__lte=now)
    if state == "due_soon":
        window = timedelta(hours=Policy.current().remind_before_hours)
        return OPEN & Q(due_at__gt=now, due_at__lte=now + window)
    if state == "closed":
        return Q(closed_at__isnull=False)
    return OPEN


def overdue_at_q(at) -> Q:
    """Overdue as it stood at the moment `at` (the 'overdue' state of the view, in the past):
    opened by then, due by then, not closed by then."""
    return Q(opened_at__lte=at, due_at__lte=at) & (Q(closed_at__isnull=True) | Q(closed_at__gt=at))


def overdue_by_unit(moments: list) -> dict[tuple[int, str], list[int]]:
    """Each owner unit's overdue items by kind at each of `moments` (oldest first), in one
    grouped query: {(unit id, kind): [count at each moment]}. Units with none are left out."""
    if not moments:
        return {}
    first, last = min(moments), max(moments)
    measures = {f"m{i}": Count("pk", filter=overdue_at_q(at)) for i, at in enumerate(moments)}
    rows = (
        SupervisedItem.objects.filter(opened_at__lte=last, due_at__lte=last)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=first))
        .order_by()
        .values("owner_unit_id", "kind")
        .annotate(**measures)
    )
    out = {}
    for r in rows:
        counts = [r[f"m{i}"] for i in range(len(moments))]
        if any(counts):
            out[r["owner_unit_id"], r["kind"]] = counts
    return out


def item_list(*, user):
    return SupervisedItem.objects.visible_to(user).select_related(
        "owner_unit", "owner_person", "content_type"
    )


def item_get(*, user, pk: int) -> SupervisedItem:
    return get_or_not_found(
        item_list(user=user).select_related("owner_unit__head", "assigner_unit", "assigned_by"), pk
    )


def item_events(item):
    return item.events.order_by("at", "pk")


def pending_extension(item) -> ExtensionRequest | None:
    return (
        item.extensions.filter(status=ExtensionStatus.PENDING)
        .select_related("requested_by")
        .first()
    )


def extension_get(*, user, pk: int) -> ExtensionRequest:
    """A request, fetched through its item's scope."""
    return get_or_not_found(
        ExtensionRequest.objects.visible_to(user).select_related(
            "item__owner_unit__head", "item__assigner_unit"
        ),
        pk,
    )


def item_counts(qs, *, now=None) -> dict[str, int]:
    """Open, due soon, overdue and closed (on time) counts of a queryset in one query."""
    now = now or timezone.now()
    window = timedelta(hours=Policy.current().remind_before_hours)
    return qs.aggregate(
        open=Count("pk", filter=OPEN),
        due_soon=Count("pk", filter=OPEN & Q(due_at__gt=now, due_at__lte=now + window)),
        overdue=Count("pk", filter=OPEN & Q(due_at__lte=now)),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
    )


def by_unit(qs, *, now=None, limit: int = 12) -> list[dict]:
    """Open and overdue counts per owner unit, most overdue first: the 督办 view's grouping."""
    now = now or timezone.now()
    return list(
        qs.filter(OPEN)
        .values("owner_unit_id", "owner_unit__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lte=now)))
        .order_by("-overdue", "-open", "owner_unit__name")[:limit]
    )


OVERVIEW_SECONDS = 60


def overview(*, user, qs, now=None) -> dict:
    """The 督办 page's counts and per-unit grouping: two scans of the whole index for a
    company-wide user, so cached for a minute per scope (the list below them stays live)."""
    scope = scope_of(user)
    key = (
        "supervision:overview:"
        + hashlib.sha256(
            repr((scope.everything, scope.prefixes, scope.person_id)).encode()
        ).hexdigest()[:32]
    )
    return cache.get_or_set(
        key,
        lambda: {"counts": item_counts(qs, now=now), "units": by_unit(qs, now=now)},
        OVERVIEW_SECONDS,
    )
