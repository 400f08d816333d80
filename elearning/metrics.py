"""Prometheus metrics: requests by view and status, request latency, Celery task runs and failures, queue length.

``/metrics`` answers only with ``Authorization: Bearer <METRICS_TOKEN>``, and is a 404 while no token is set.
Under gunicorn with several workers, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory per container (the
image does): every worker writes its counters there and a scrape adds them up, whichever worker answers.
Celery workers count their own task runs; they serve them on ``METRICS_WORKER_PORT`` when it is set (an
internal port: it has no token), see ``elearning/observability.py``.
"""

import hmac
import logging
import os
import time
from http import HTTPStatus

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)
access_logger = logging.getLogger("elearning.access")

HTTP_REQUESTS = Counter(
    "signaal_http_requests", "HTTP requests answered, by view name, method and status.", ["view", "method", "status"]
)
HTTP_LATENCY = Histogram(
    "signaal_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by view name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TASK_RUNS = Counter("signaal_celery_task_runs", "Celery task runs that finished (any outcome), by task.", ["task"])
TASK_FAILURES = Counter("signaal_celery_task_failures", "Celery task runs that raised, by task.", ["task"])


def view_label(request) -> str:
    """A bounded label: the URL's name (every Wagtail page is ``wagtail_serve``), never the path."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or getattr(match.func, "__name__", "unnamed")


class MetricsMiddleware:
    """Counts and times every response; logs one access line (no path or address: route, status, duration)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        duration = time.perf_counter() - start
        view = view_label(request)
        HTTP_REQUESTS.labels(view=view, method=request.method, status=str(response.status_code)).inc()
        HTTP_LATENCY.labels(view=view).observe(duration)
        access_logger.info(
            "%s %s %s",
            request.method,
            view,
            response.status_code,
            extra={
                "view": view,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
            },
        )
        return response


class QueueLengthCollector:
    """The number of messages waiting in the broker's default queue, read when Prometheus scrapes."""

    def collect(self):
        broker = settings.CELERY_BROKER_URL
        if settings.CELERY_TASK_ALWAYS_EAGER or not broker.startswith(("redis://", "rediss://")):
            return
        queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
        up = GaugeMetricFamily("signaal_celery_broker_up", "1 when the broker answered this scrape.")
        try:
            import redis

            client = redis.Redis.from_url(broker, socket_connect_timeout=0.5, socket_timeout=0.5)
            length = client.llen(queue)
        except Exception as error:  # noqa: BLE001 - any failure is "broker down" for this scrape
            logger.warning("metrics: broker unreachable: %s", error)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        gauge = GaugeMetricFamily(
            "signaal_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
        )
        gauge.add_metric([queue], length)
        yield gauge


class _ThisProcess:
    def collect(self):
        yield from REGISTRY.collect()


def metrics_text() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(QueueLengthCollector())
    return generate_latest(registry)


def _token_matches(request) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), settings.METRICS_TOKEN.encode())


@never_cache
@require_GET
def metrics_view(request):
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _token_matches(request):
        response = HttpResponse(status=HTTPStatus.UNAUTHORIZED)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)


def task_finished(*, task_name: str, failed: bool) -> None:
    TASK_RUNS.labels(task=task_name).inc()
    if failed:
        TASK_FAILURES.labels(task=task_name).inc()
