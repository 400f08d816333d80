"""/metrics: Prometheus text behind a bearer token; requests, latencies and task runs counted as they happen."""

import os
import re
import uuid
from http import HTTPStatus

import pytest
from celery import shared_task
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-metrics-token"


@shared_task(name="tests.metrics.fails")
def failing_task():
    raise RuntimeError("this task fails on purpose")


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict:
    """{(metric sample name, frozenset of labels): value}."""
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_no_token_configured_means_there_is_no_such_page(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN],
    ids=["missing", "wrong", "other-scheme", "longer", "no-scheme"],
)
def test_a_missing_or_wrong_token_is_refused_without_any_metric(client, token, authorization):
    response = client.get("/metrics", HTTP_AUTHORIZATION=authorization)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"signaal_" not in response.content


def test_requests_are_counted_by_view_and_status(client, token):
    before = scrape(client)
    for _ in range(3):
        client.get("/healthz/live")
    client.get("/metrics")  # 401: counted under its own status

    after = scrape(client)
    live = {"view": "healthz_live", "method": "GET", "status": "200"}
    assert (
        value(after, "signaal_http_requests_total", **live) - value(before, "signaal_http_requests_total", **live) == 3
    )
    refused = {"view": "metrics", "method": "GET", "status": "401"}
    assert (
        value(after, "signaal_http_requests_total", **refused) - value(before, "signaal_http_requests_total", **refused)
        == 1
    )
    count = "signaal_http_request_duration_seconds_count"
    assert value(after, count, view="healthz_live") - value(before, count, view="healthz_live") == 3


def test_an_unknown_path_does_not_make_a_label_of_its_own(client, token):
    client.get(f"/no-such-thing-{uuid.uuid4().hex}/")

    labels = {dict(key[1]).get("view") for key in scrape(client) if key[0] == "signaal_http_requests_total"}
    assert not any("no-such-thing" in (label or "") for label in labels)


def test_task_runs_and_failures_are_counted(client, token):
    from elearning.tasks import worker_heartbeat_record_task

    heartbeat = "elearning.tasks.worker_heartbeat_record_task"
    before = scrape(client)
    worker_heartbeat_record_task.delay()
    with pytest.raises(RuntimeError):
        failing_task.delay()

    after = scrape(client)
    runs, failures = "signaal_celery_task_runs_total", "signaal_celery_task_failures_total"
    assert value(after, runs, task=heartbeat) - value(before, runs, task=heartbeat) == 1
    assert value(after, failures, task=heartbeat) == value(before, failures, task=heartbeat)
    assert value(after, runs, task="tests.metrics.fails") - value(before, runs, task="tests.metrics.fails") == 1
    assert value(after, failures, task="tests.metrics.fails") - value(before, failures, task="tests.metrics.fails") == 1


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs this machine's Redis (CI sets REDIS_URL)")
def test_queue_length_is_read_from_the_redis_broker(client, token, settings):
    import redis

    queue = f"signaal-test-{uuid.uuid4().hex}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.rpush(queue, "one", "two", "three")
    try:
        samples = scrape(client)
    finally:
        broker.delete(queue)

    assert value(samples, "signaal_celery_broker_up") == 1
    assert value(samples, "signaal_celery_queue_length", queue=queue) == 3


def test_an_unreachable_broker_is_reported_as_down_not_as_an_error(client, token, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"

    samples = scrape(client)

    assert value(samples, "signaal_celery_broker_up") == 0
    assert not any(key[0] == "signaal_celery_queue_length" for key in samples)


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_metric_names_carry_no_path_or_personal_data(client, token, user):
    client.force_login(user)
    client.get("/mijn-leren/")

    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert user.email not in text
    assert not re.search(r'view="/', text)
