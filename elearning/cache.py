"""Django's Redis cache, with one client per connection pool, and pages that keep working while Redis is away.

Django builds a ``redis.Redis`` for each cache call, which copies the library's table of response callbacks
each time: a lesson page makes about ten cache calls, and that cost more CPU than the calls themselves.
A client is thread-safe and holds no connection of its own, so one per pool is enough.

Everything in the cache can be rebuilt from the database (routes, placements, sessions behind ``cached_db``,
rate-limit counters), so a Redis that is down or too slow is a miss, not an error: reads return their default,
writes are dropped and counters start again, with a warning in the log. What degrades meanwhile: every page
reads the database (slower), and rate limits count nothing (they open rather than lock everyone out).
"""

import functools
import logging
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
_WARN_EVERY_SECONDS = 10
_last_warning = 0.0


def _as_miss(fallback):
    """Run a cache call; when Redis is unavailable, log (at most every few seconds) and return ``fallback(...)``."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _UNAVAILABLE as error:
                global _last_warning
                if time.monotonic() - _last_warning > _WARN_EVERY_SECONDS:
                    _last_warning = time.monotonic()
                    logger.warning("cache: Redis unavailable, %s served without it: %s", method.__name__, error)
                return fallback(*args, **kwargs)

        return call

    return decorate


class _RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    get = _as_miss(lambda key, default: default)(django_redis.RedisCacheClient.get)
    get_many = _as_miss(lambda keys: {})(django_redis.RedisCacheClient.get_many)
    has_key = _as_miss(lambda key: False)(django_redis.RedisCacheClient.has_key)
    add = _as_miss(lambda key, value, timeout: False)(django_redis.RedisCacheClient.add)
    set = _as_miss(lambda key, value, timeout: None)(django_redis.RedisCacheClient.set)
    set_many = _as_miss(lambda data, timeout: [])(django_redis.RedisCacheClient.set_many)
    touch = _as_miss(lambda key, timeout: False)(django_redis.RedisCacheClient.touch)
    delete = _as_miss(lambda key: False)(django_redis.RedisCacheClient.delete)
    delete_many = _as_miss(lambda keys: None)(django_redis.RedisCacheClient.delete_many)
    incr = _as_miss(lambda key, delta: delta)(django_redis.RedisCacheClient.incr)
    clear = _as_miss(lambda: False)(django_redis.RedisCacheClient.clear)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _RedisCacheClient
