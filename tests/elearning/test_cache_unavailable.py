"""With Redis away, the cache is a miss and never an error: pages, sessions and rate limits keep working (on the
database, and with limits open), and the log says so. Against a port where nothing listens, for real."""

import logging
import socket
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.test import override_settings

from elearning.cache import RedisCache


def _closed_port() -> int:
    with socket.socket() as probe:  # a port that was free a moment ago: connecting to it is refused
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unavailable():
    return RedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_reads_miss_writes_are_dropped_and_counters_start_again(unavailable, caplog, monkeypatch):
    monkeypatch.setattr("elearning.cache._last_warning", 0.0)  # the warning comes at most every ten seconds
    with caplog.at_level(logging.WARNING, logger="elearning.cache"):
        assert unavailable.get("route", "default") == "default"
        assert unavailable.get_many(["a", "b"]) == {}
        assert unavailable.add("limit", 1) is False
        unavailable.set("route", {"page": 3})
        assert unavailable.get_or_set("placements", lambda: [1, 2]) == [1, 2]
        assert unavailable.incr("limit") == 1
        unavailable.delete("route")
        assert unavailable.has_key("route") is False
    assert "Redis unavailable" in caplog.text


@pytest.mark.django_db
def test_a_logged_in_learner_keeps_getting_pages_while_redis_is_away(client):
    from tests.factories import UserFactory

    away = {
        "default": {
            "BACKEND": "elearning.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with override_settings(CACHES=away, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        caches._settings = caches.settings = away  # the cache handler reads its settings once
        try:
            client.force_login(UserFactory())
            response = client.get("/mijn-leren/")
        finally:
            del caches._settings
            caches.settings  # noqa: B018 - re-read from the restored settings
    assert response.status_code == HTTPStatus.OK
