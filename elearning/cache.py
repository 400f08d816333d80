"""Django's Redis cache, with one client per connection pool, and pages that keep working while Redis is away.

Django builds a ``redis.Redis`` for each cache call, which copies the library's table of response callbacks
each time: a lesson page makes about ten cache calls, and that cost more CPU than the calls themselves.
A client is thread-safe and holds no connection of its own, so one per pool is enough.

Everything in the cache can be rebuilt from the database (routes, placements, sessions behind ``cached_db``,
rate-limit counters), so a Redis that is down or too slow is a miss, not an error: reads return their default,
writes are dropped and counters start again, with a warning in the log. What degrades meanwhile: every page
reads the database (slower), and rate limits count nothing (they open rather than lock everyone out).

One request, few round trips. A lesson page reads about ten keys (its session, the tree version, its route, the
lesson's body and index, the header's and footer's links); one round trip to Redis costs more CPU in the client
than most of those reads save. While a request is handled (between Django's ``request_started`` and
``request_finished``) the cache keeps what it read and wrote in a memo of that request, so a key read twice is
read once, and ``prefetch`` reads many keys in one ``MGET`` ahead of the code that needs them
(``pagecache.prefetch`` does that for the session, the route and a page's keys). A request sees the cache as it
was when it first read a key, plus its own writes: what it would have seen had it read everything at the start.
Counters (``incr``) and ``add`` always go to Redis; outside requests (tasks, commands) nothing is kept.
"""

import contextvars
import functools
import logging
import time

from django.core import signals
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
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


class _RedisCacheAsMiss(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _RedisCacheClient


# ------------------------------------------------------------------------------------------------
# The memo of one request
# ------------------------------------------------------------------------------------------------
_MISSING = object()
_memo: contextvars.ContextVar["RequestMemo | None"] = contextvars.ContextVar("elearning_cache_memo", default=None)


class RequestMemo:
    """What one request read from and wrote to the cache (full Redis keys), and which keys it read."""

    __slots__ = ("values", "reads", "round_trips")

    def __init__(self):
        self.values: dict[str, object] = {}
        self.reads: dict[str, None] = {}  # insertion-ordered set
        self.round_trips = 0


def _request_started(**kwargs):
    _memo.set(RequestMemo())


def _request_finished(**kwargs):
    _memo.set(None)


signals.request_started.connect(_request_started, dispatch_uid="elearning.cache.request_started")
signals.request_finished.connect(_request_finished, dispatch_uid="elearning.cache.request_finished")


def request_memo() -> RequestMemo | None:
    """The memo of the request being handled, or None outside a request."""
    return _memo.get()


class RedisCache(_RedisCacheAsMiss):
    """Django's Redis cache, one client per pool, Redis away as a miss, the request memo and ``prefetch``."""

    def validate_key(self, key) -> None:
        """Django's check warns about keys memcached could not hold, walking every character of every key on every
        call; Redis holds any key. The tests' local-memory cache still checks them."""

    def make_key_for(self, key, version=None) -> str:
        return self.make_and_validate_key(key, version=version)

    def request_reads(self) -> list[str]:
        """The keys (as ``make_key_for`` makes them) read so far in the request being handled."""
        memo = _memo.get()
        return [] if memo is None else list(memo.reads)

    def prefetch(self, full_keys) -> None:
        """Read ``full_keys`` (keys as ``make_key_for`` makes them) into the request's memo in one round trip."""
        memo = _memo.get()
        if memo is None:
            return
        wanted = [key for key in dict.fromkeys(full_keys) if key not in memo.values]
        if not wanted:
            return
        memo.round_trips += 1
        found = self._cache.get_many(wanted)
        for key in wanted:
            memo.values[key] = found.get(key, _MISSING)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        memo = _memo.get()
        if memo is None:
            return self._cache.get(key, default)
        memo.reads[key] = None
        value = memo.values.get(key, _MISSING)
        if key not in memo.values:
            memo.round_trips += 1
            value = memo.values[key] = self._cache.get(key, _MISSING)
        return default if value is _MISSING else value

    def get_many(self, keys, version=None):
        memo = _memo.get()
        if memo is None:
            return super().get_many(keys, version=version)
        made = {self.make_and_validate_key(key, version=version): key for key in keys}
        self.prefetch(made)
        result = {}
        for full_key, key in made.items():
            memo.reads[full_key] = None
            value = memo.values[full_key]
            if value is not _MISSING:
                result[key] = value
        return result

    def has_key(self, key, version=None):
        return self.get(key, _MISSING, version=version) is not _MISSING

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout=timeout, version=version)
        self._remember(key, version, value, timeout)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = super().set_many(data, timeout=timeout, version=version)
        for key, value in data.items():
            self._remember(key, version, value, timeout)
        return failed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)  # whether it was added or not, the next read asks Redis
        return super().add(key, value, timeout=timeout, version=version)

    def delete(self, key, version=None):
        self._forget(key, version)
        return super().delete(key, version=version)

    def delete_many(self, keys, version=None):
        for key in keys:
            self._forget(key, version)
        return super().delete_many(keys, version=version)

    def incr(self, key, delta=1, version=None):
        self._forget(key, version)
        return super().incr(key, delta, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)  # a timeout of 0 or less deletes it
        return super().touch(key, timeout=timeout, version=version)

    def clear(self):
        memo = _memo.get()
        if memo is not None:
            memo.values.clear()
        return super().clear()

    def _remember(self, key, version, value, timeout):
        memo = _memo.get()
        if memo is None:
            return
        full_key = self.make_and_validate_key(key, version=version)
        if timeout is not DEFAULT_TIMEOUT and timeout is not None and timeout <= 0:
            memo.values.pop(full_key, None)  # a timeout of 0 or less deletes the key
        else:
            memo.values[full_key] = value

    def _forget(self, key, version):
        memo = _memo.get()
        if memo is not None:
            memo.values.pop(self.make_and_validate_key(key, version=version), None)
