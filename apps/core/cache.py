"""The Redis cache that degrades to none while Redis is away (docs/deploy.md, `make stack-faults`):
a page computed without its cache is slower, never an error. Rate-limit counts ("shared") keep
the plain backend and fail closed instead (apps.core.ratelimit)."""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
DOWN = (RedisConnectionError, RedisTimeoutError)

# What each client method answers when Redis cannot be reached: a miss, nothing stored.
_MISSING = {
    "add": False,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": False,
}


def _forgiving(name: str, method):
    fallback = _MISSING[name]

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except DOWN as exc:
            log.warning("cache %s skipped: redis unavailable (%s)", name, exc)
            if name == "get":  # the caller's own default, as a miss would give
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            return fallback

    return call


class ForgivingClient(RedisCacheClient):
    pass


for _name in _MISSING:
    setattr(ForgivingClient, _name, _forgiving(_name, getattr(RedisCacheClient, _name)))


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingClient

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except DOWN:
            raise ValueError(f"key {key!r} not found (redis unavailable)") from None
