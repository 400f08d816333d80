"""Structured logs: one JSON object per line, carrying the request id of the web request or the id of the Celery
task that wrote it, so an operator can follow one request or one task through every process.

The request id comes from ``RequestIdMiddleware`` (an incoming ``X-Request-ID`` from the proxy when it looks
sane, otherwise a new one) and is echoed in the response. Task ids are set around each task run by Celery's
signals. Both live in context variables: threads and greenlets keep their own.
"""

import contextvars
import json
import logging
import os
import re
import uuid
from datetime import UTC, datetime

from celery import signals as celery_signals
from django.core.signals import request_finished
from django.dispatch import receiver

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
task_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("task_id", default="")
task_name_var: contextvars.ContextVar[str] = contextvars.ContextVar("task_name", default="")

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us: a uuid, a hex string, or another short token. Anything else (long, spaces, control
# characters that would forge log lines) is replaced by an id of our own.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_id_from(incoming: str | None) -> str:
    if incoming and _SANE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: every log line after it, and the response, carry the request's id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        # Kept until the response is closed (request_finished): Django logs a 4xx/5xx after the middleware.
        request_id_var.set(request.request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


@receiver(request_finished, dispatch_uid="elearning.observability.request_finished")
def _request_finished(**kwargs):
    request_id_var.set("")


class ContextFilter(logging.Filter):
    """Adds ``request_id``, ``task_id`` and ``task_name`` to every record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.task_id = task_id_var.get()
        record.task_name = task_name_var.get()
        return True


# What every record has, and what is not worth a line: Django's ``extra={"request": ...}`` is an object.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request",
    "request_id",
    "task_id",
    "task_name",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request or task ids, the exception, and
    whatever a caller passed in ``extra=``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "task_id", "task_name"):
            if getattr(record, name, ""):
                entry[name] = getattr(record, name)
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and name not in entry and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The developer's console: readable, with the ids when there are any."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(
            f"{name}={getattr(record, name)}" for name in ("request_id", "task_id") if getattr(record, name, "")
        )
        return f"{line} [{ids}]" if ids else line


def logging_config(*, log_format: str, level: str) -> dict:
    """The ``LOGGING`` setting: one console handler on the root logger, JSON or text."""
    formatter = (
        {"()": "elearning.observability.JsonFormatter"}
        if log_format == "json"
        else {"()": "elearning.observability.TextFormatter", "format": "%(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "elearning.observability.ContextFilter"}},
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
    }


_task_tokens: dict[str, list] = {}


@celery_signals.task_prerun.connect(dispatch_uid="elearning.observability.task_started")
def _task_started(task_id=None, task=None, **kwargs):
    # A task run eagerly inside a request or another task puts the outer ids back when it ends.
    _task_tokens.setdefault(task_id or "", []).append(
        (task_id_var.set(task_id or ""), task_name_var.set(getattr(task, "name", "") or ""))
    )


@celery_signals.task_postrun.connect(dispatch_uid="elearning.observability.task_finished")
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    from elearning import metrics  # here: the settings import this module, before Django is set up

    # A worker reports FAILURE; a task run in-process that raised (eager, propagating) reports no state at all.
    metrics.task_finished(task_name=getattr(task, "name", "") or "unknown", failed=state in {"FAILURE", None})
    tokens = _task_tokens.get(task_id or "")
    if not tokens:
        return
    id_token, name_token = tokens.pop()
    if not tokens:
        del _task_tokens[task_id or ""]
    try:
        task_name_var.reset(name_token)
        task_id_var.reset(id_token)
    except ValueError:  # set in another context (a thread pool); nothing of ours to put back there
        task_id_var.set("")
        task_name_var.set("")


@celery_signals.worker_ready.connect(dispatch_uid="elearning.observability.worker_metrics")
def _serve_worker_metrics(**kwargs):
    """A worker's task counters on an internal port (no token: keep it off the public network)."""
    port = os.environ.get("METRICS_WORKER_PORT", "")
    if not port:
        return
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client import multiprocess as prometheus_multiprocess

    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # prefork children write there; add them up
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
    start_http_server(
        int(port), addr=os.environ.get("METRICS_WORKER_ADDR", "0.0.0.0"), **({"registry": registry} if registry else {})
    )
