"""Counting attempts (wrong receipt codes, and any other limit) across every worker process.

A count kept in a process's memory let each gunicorn worker allow the full limit: on 2 workers
about twice the guesses passed. The counts live in the "shared" cache instead, which every
process reads: Redis when REDIS_URL is set, otherwise a table in the database (see
config/settings/base.py). The database store is not atomic under a race between two requests
of the same instant; that costs a guess or two at most, never a per-worker multiple.
"""

from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

SHARED = "shared"
# While the shared store cannot be reached every limit counts as reached (fail closed): a
# minute without receipt-code lookups beats a minute of unlimited guessing.
UNKNOWN = 10**9


def _store():
    return caches[SHARED]


def attempts(key: str) -> int:
    """How many attempts were counted under `key` in its current window."""
    try:
        return _store().get(key, 0)
    except (RedisConnectionError, RedisTimeoutError):
        return UNKNOWN


def count_attempt(key: str, *, window: int) -> int:
    """One more attempt under `key`; the count is forgotten `window` seconds after the first."""
    store = _store()
    try:
        if store.add(key, 1, window):
            return 1
        try:
            return store.incr(key)
        except ValueError:  # expired between add and incr
            store.set(key, 1, window)
            return 1
    except (RedisConnectionError, RedisTimeoutError):
        return UNKNOWN
