"""Django's Redis cache, with one client per connection pool instead of a new one for every call.

Django builds a ``redis.Redis`` for each cache call, which copies the library's table of response callbacks
each time: a lesson page makes about ten cache calls, and that cost more CPU than the calls themselves.
A client is thread-safe and holds no connection of its own, so one per pool is enough.
"""

from django.core.cache.backends import redis as django_redis


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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _RedisCacheClient
