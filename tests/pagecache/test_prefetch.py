"""The cache's memo of one request and its reads ahead (elearning/cache.py, pagecache/prefetch.py), on real Redis.

Skipped without ``REDIS_URL``: the local-memory cache of the default test run has neither.
"""

import os

import pytest
import redis
from django.conf import settings
from django.core import signals
from django.core.cache import cache
from redis.connection import AbstractConnection

pytestmark = pytest.mark.django_db


@pytest.fixture
def trips(monkeypatch):
    if not os.environ.get("REDIS_URL") or "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("needs the Redis cache (REDIS_URL)")
    sent = []
    send = AbstractConnection.send_packed_command

    def counting(connection, command, check_health=True):
        sent.append(command)
        return send(connection, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


@pytest.fixture
def in_request():
    signals.request_started.send(sender=None)
    yield
    signals.request_finished.send(sender=None)


def _other_client():
    """Another process's view of the same Redis database (connected before the test counts round trips)."""
    other = redis.Redis.from_url(os.environ["REDIS_URL"], single_connection_client=True)
    other.ping()
    return other


def test_a_key_read_twice_in_a_request_is_read_once(trips, in_request):
    _other_client().set(cache.make_key_for("budget:a"), 1)
    trips.clear()

    assert cache.get("budget:a") == 1
    assert cache.get("budget:a") == 1
    assert cache.get("budget:missing", "default") == "default"
    assert cache.get("budget:missing", "default") == "default"
    assert len(trips) == 2


def test_prefetch_reads_many_keys_in_one_round_trip(trips, in_request):
    cache.set_many({"budget:a": 1, "budget:b": 2})
    trips.clear()

    cache.prefetch([cache.make_key_for(k) for k in ("budget:a", "budget:b", "budget:none")])

    assert (cache.get("budget:a"), cache.get("budget:b"), cache.get("budget:none")) == (1, 2, None)
    assert len(trips) == 1


def test_a_request_sees_its_own_writes(trips, in_request):
    cache.get("budget:c")
    cache.set("budget:c", "mine")
    assert cache.get("budget:c") == "mine"
    cache.delete("budget:c")
    assert cache.get("budget:c") is None
    cache.set("budget:c", "gone", timeout=0)
    assert cache.get("budget:c") is None


def test_counters_and_add_always_ask_redis(trips, in_request):
    cache.set("budget:n", 1)
    assert cache.incr("budget:n") == 2
    _other_client().incr(cache.make_key_for("budget:n"))
    assert cache.get("budget:n") == 3  # incr forgot the key: read again, with the other process's increment
    assert cache.add("budget:added", "x") is True
    assert cache.get("budget:added") == "x"


def test_outside_a_request_nothing_is_kept(trips):
    other = _other_client()
    cache.set("budget:d", 1)
    other.set(cache.make_key_for("budget:d"), 2)  # a plain integer, as Django stores ints
    trips.clear()

    assert cache.get("budget:d") == 2
    other.set(cache.make_key_for("budget:d"), 3)
    assert cache.get("budget:d") == 3


def test_the_next_request_reads_redis_again(trips):
    signals.request_started.send(sender=None)
    cache.set("budget:e", "first")
    signals.request_finished.send(sender=None)
    _other_client().set(cache.make_key_for("budget:e"), 7)

    signals.request_started.send(sender=None)
    try:
        assert cache.get("budget:e") == 7
    finally:
        signals.request_finished.send(sender=None)


def test_a_route_learns_what_its_page_reads_and_a_bad_host_is_not_an_error(client, trips, settings):
    from django.urls import reverse

    from pagecache.routing import route_memo_clear
    from tests.courses.factories import course_with_lessons
    from tests.factories import UserFactory

    course = course_with_lessons(1)
    client.force_login(UserFactory())
    client.post(reverse("courses:enroll", args=[course.pk]))
    url = course.get_children().first().url
    client.get(url)
    client.get(url)
    trips.clear()
    assert client.get(url).status_code == 200
    assert len(trips) == 1  # what the page reads, with the session, the tree version and the route

    route_memo_clear()  # another web process, which has not served the page yet
    trips.clear()
    assert client.get(url).status_code == 200
    assert len(trips) == 2  # the route tells what the page reads

    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400
