"""The project's Redis cache against a real Redis: it behaves as Django's, with one client per connection pool."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from elearning.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs a real Redis: set REDIS_URL (CI's PostgreSQL + Redis run does)"
)

# CI caches in Redis database 14 and queues in 15, `make bench` uses 12 and 13: this test flushes 11, its own.
SPARE_DATABASE = 11


def _spare_url() -> str:
    return urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{SPARE_DATABASE}"))


@pytest.fixture
def redis_cache():
    backend = RedisCache(_spare_url(), {})
    yield backend
    backend.clear()  # FLUSHDB on the spare database


def test_values_are_stored_read_counted_and_deleted(redis_cache):
    redis_cache.set("title", "Herken de signalen")
    redis_cache.set("route", {"page": 3, "path": "/cursussen/"})
    redis_cache.set("version", 41, timeout=None)

    assert redis_cache.get("title") == "Herken de signalen"
    assert redis_cache.get_many(["route", "version", "missing"]) == {
        "route": {"page": 3, "path": "/cursussen/"},
        "version": 41,
    }
    assert redis_cache.incr("version") == 42
    assert redis_cache.get("version") == 42
    assert redis_cache.add("version", 1) is False
    assert redis_cache.delete("title") is True
    assert redis_cache.get("title") is None


def test_counting_a_missing_key_fails_as_django_says(redis_cache):
    with pytest.raises(ValueError):
        redis_cache.incr("missing")


def test_every_call_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("title", "Herken de signalen")
    redis_cache.get("title")

    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client
    assert client.connection_pool is redis_cache._cache._get_connection_pool(write=False)


def test_a_primary_and_a_replica_each_keep_their_own_client(redis_cache):
    """Django writes to the first server and reads from the others: one client for each of their pools."""
    replicated = RedisCache(f"{_spare_url()},{_spare_url()}", {})

    writer = replicated._cache.get_client(write=True)
    reader = replicated._cache.get_client()

    assert writer is not reader
    assert replicated._cache.get_client(write=True) is writer
    assert replicated._cache.get_client() is reader
    replicated.set("title", "Herken de signalen")
    assert replicated.get("title") == "Herken de signalen"
