"""送达's Huey work: route new notifications and send what is due, right after a notification is
stored (the hook in apps.core.services.notify) and on every tick (catching notifications written
by an area's own bulk insert, held ones whose quiet hours ended, retries whose back-off passed,
and the daily digest)."""

import logging

from django.utils import timezone
from huey.contrib.djhuey import db_task

from apps.core import periodic

from . import services
from .models import Channel

log = logging.getLogger(__name__)


@db_task()
def deliver(pk: int, now) -> None:
    """`now` is when it was found due: a task run later still finds it due."""
    services.delivery_send(pk=pk, now=max(now, timezone.now()))


def dispatch(*, now) -> int:
    """Route what is new and queue what is due, one Huey task per delivery (so many workers
    send in parallel; a delivery claimed twice is sent once)."""
    services.route_new(now=now)
    pks = services.due(now=now)
    for pk in pks:
        deliver(pk, now)
    return len(pks)


QUEUED = "notify:dispatch-queued"


@db_task()
def dispatch_now() -> None:
    services.rates.delete(QUEUED)  # a notification stored from now on queues the next one
    dispatch(now=timezone.now())


def after_notify() -> None:
    """apps.core.services.notify's hook: nothing to do (one query) while no channel is on; a
    pass that notifies thousands queues one dispatch while one is waiting, not thousands."""
    if Channel.objects.filter(enabled=True).exists() and services.rates.add(QUEUED, 1, 60):
        dispatch_now()


@periodic.register
def notify_tick(*, now):
    services.digest_pass(now=now)
    dispatch(now=now)
