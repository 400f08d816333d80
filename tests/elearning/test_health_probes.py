"""/healthz/live answers without touching anything; /healthz/ready checks what this process needs and names
what failed. Failing parts are real: ports where nothing listens."""

import socket
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:  # free a moment ago: connecting to it is refused
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_live_answers_without_any_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_on_the_embedded_defaults_answers(client, settings):
    settings.REDIS_URL = ""  # CI's PostgreSQL pass sets one; the newcomer's defaults have none
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/healthz/ready")

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] == "not-configured"
    assert body["checks"]["broker"] == "in-process"
    assert body["checks"]["storage:default"] == "ok"


def test_ready_fails_and_names_redis_when_the_cache_points_at_a_closed_port(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"

    response = client.get("/healthz/ready")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["redis"]
    assert body["checks"]["database"] == "ok"


def test_ready_with_a_real_redis_is_ok(client, settings):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on this machine")
    settings.REDIS_URL = url

    response = client.get("/healthz/ready")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["checks"]["redis"] == "ok"


def test_ready_fails_and_names_the_storage_that_cannot_answer(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "nowhere",
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "access_key": "x",
                "secret_key": "y",
                "region_name": "eu-west-1",
            },
        },
    }
    from botocore.config import Config

    settings.STORAGES["private"]["OPTIONS"]["client_config"] = Config(
        connect_timeout=0.5, read_timeout=0.5, retries={"max_attempts": 1}
    )

    response = client.get("/healthz/ready")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["failing"] == ["storage:private"]
    assert response.json()["checks"]["storage:default"] == "ok"


def test_live_and_ready_are_open_to_probes_without_a_session(client):
    for path in ("/healthz/live", "/healthz/ready"):
        response = client.get(path, HTTP_X_REQUEST_ID="probe-request-0001")
        assert response.status_code == HTTPStatus.OK
        assert response["X-Request-ID"] == "probe-request-0001"
