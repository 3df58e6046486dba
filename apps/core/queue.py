"""Huey on Redis that keeps a task when Redis is away (docs/deploy.md, `make stack-faults`).

A task queued while Redis cannot be reached is stored in the database instead (DeferredTask)
and handed to Redis by the next tick, in order. Periodic tasks are not kept: the scheduler
queues the next one a minute later, and every periodic hook is idempotent (apps.core.periodic).
"""

import logging

from huey import RedisHuey
from huey.api import PeriodicTask
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
DOWN = (RedisConnectionError, RedisTimeoutError)


class DeferringRedisHuey(RedisHuey):
    def enqueue(self, task):
        try:
            return super().enqueue(task)
        except DOWN as exc:
            if isinstance(task, PeriodicTask):
                log.warning("periodic task %s skipped: redis unavailable (%s)", task.name, exc)
                return None
            from .models import DeferredTask  # models load after Huey is built

            DeferredTask.objects.create(data=self.serialize_task(task))
            log.warning("task %s kept in the database: redis unavailable (%s)", task.name, exc)
            return None

    def requeue_deferred(self, *, limit: int = 1000) -> int:
        """Hand the kept tasks to Redis, oldest first; a row goes only once Redis has it."""
        from .models import DeferredTask

        moved = 0
        for row in DeferredTask.objects.order_by("pk")[:limit]:
            self.storage.enqueue(bytes(row.data), 0)
            row.delete()
            moved += 1
        return moved
