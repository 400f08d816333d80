"""Logs are JSON lines that carry the request's id (echoed in the response) or the Celery task's id."""

import io
import json
import logging

import pytest
from celery import shared_task

from elearning.observability import ContextFilter, JsonFormatter, request_id_from

pytestmark = pytest.mark.django_db


@shared_task(name="tests.observability.logs")
def logging_task():
    logging.getLogger("tests.observability").warning("inside the task")


@pytest.fixture
def json_lines():
    """The JSON lines the root logger writes while the test runs, as the console handler formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_every_response_gets_a_request_id(client):
    first = client.get("/healthz/live")["X-Request-ID"]
    second = client.get("/healthz/live")["X-Request-ID"]

    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz/live", HTTP_X_REQUEST_ID="lb-7f3c2a9e-0001")

    assert response["X-Request-ID"] == "lb-7f3c2a9e-0001"


@pytest.mark.parametrize(
    "incoming",
    ["short", "x" * 129, "has spaces in it", "evil\r\nX-Injected: 1", 'quote"and{json}', "ünïcode-id-1234"],
)
def test_an_odd_incoming_request_id_is_replaced(incoming):
    replaced = request_id_from(incoming)

    assert replaced != incoming
    assert len(replaced) == 32


def test_log_lines_of_a_request_carry_its_id(client, json_lines, settings):
    settings.METRICS_TOKEN = ""
    client.get("/metrics", HTTP_X_REQUEST_ID="trace-abc-123456")  # a 404, which Django logs as a warning

    lines = [line for line in json_lines() if line["logger"] == "django.request"]
    assert lines, "Django logged the 404"
    assert lines[-1]["request_id"] == "trace-abc-123456"
    assert lines[-1]["level"] == "WARNING"
    assert {"time", "message"} <= lines[-1].keys()


def test_log_lines_of_a_task_carry_its_id_and_name(json_lines):
    result = logging_task.delay()

    line = next(line for line in json_lines() if line["message"] == "inside the task")
    assert line["task_id"] == result.id
    assert line["task_name"] == "tests.observability.logs"
    assert "request_id" not in line


def test_after_a_task_the_ids_are_gone(json_lines):
    logging_task.delay()
    logging.getLogger("tests.observability").warning("after the task")

    line = next(line for line in json_lines() if line["message"] == "after the task")
    assert "task_id" not in line


def test_an_exception_is_one_json_line_with_its_traceback(json_lines):
    try:
        raise ValueError("broken on purpose")
    except ValueError:
        logging.getLogger("tests.observability").exception("it broke")

    line = next(line for line in json_lines() if line["message"] == "it broke")
    assert "ValueError: broken on purpose" in line["exception"]
