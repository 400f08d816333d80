"""Liveness and readiness for load balancers and orchestrators.

``/healthz/live``: the process answers (no I/O at all), so a restart is the cure when it does not.
``/healthz/ready``: this process can serve now: the database answers, and Redis, the broker and the file
storages answer where they are configured. 503 names what failed, so the operator knows where to look.
``/healthz`` (elearning/views.py) stays the monitoring view: degraded but serving while only the broker is away.
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.files.storage import storages
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from elearning.selectors import broker_state, database_state

logger = logging.getLogger(__name__)

PROBE_NAME = "healthz/.probe"  # looked up, never written: a read proves credentials and reachability


def redis_state() -> str:
    if not settings.REDIS_URL:
        return "not-configured"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except Exception as error:  # noqa: BLE001 - any failure means the cache is not there for this process
        logger.warning("readiness: Redis unreachable: %s", error)
        return "unreachable"
    return "ok"


def storage_state(alias: str) -> str:
    try:
        storages[alias].exists(PROBE_NAME)
    except Exception as error:  # noqa: BLE001 - a storage that cannot answer a lookup cannot serve files
        logger.warning("readiness: storage %r unreachable: %s", alias, error)
        return "unreachable"
    return "ok"


def readiness() -> dict[str, str]:
    checks = {"database": database_state(), "redis": redis_state(), "broker": broker_state()}
    for alias in ("default", "private"):
        if alias in settings.STORAGES:
            checks[f"storage:{alias}"] = storage_state(alias)
    return checks


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    checks = readiness()
    failing = sorted(name for name, state in checks.items() if state == "unreachable")
    body = {"status": "unavailable" if failing else "ok", "checks": checks, "failing": failing}
    return JsonResponse(body, status=HTTPStatus.SERVICE_UNAVAILABLE if failing else HTTPStatus.OK)
