from django.conf import settings
from django.db import DatabaseError, connection

from elearning.celery import app as celery_app
from elearning.models import WorkerHeartbeat


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return "ok"


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure to connect means the broker cannot take jobs
        return "unreachable"
    return "ok"


def worker_last_seen() -> str | None:
    try:
        heartbeat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    except DatabaseError:
        return None
    return heartbeat.seen_at.isoformat() if heartbeat else None
