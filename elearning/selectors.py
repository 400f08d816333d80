from django.conf import settings
from django.core.cache import cache
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


def catalogue_url() -> str | None:
    """The URL of the course catalogue, for the header of every page and the home page.

    Cached under the page tree's version, so moving or renaming the catalogue changes it at once.
    """
    from courses.models import CourseIndexPage
    from pagecache.routing import tree_version

    key = f"elearning:catalogue-url:{tree_version()}"
    url = cache.get(key)
    if url is None:
        page = CourseIndexPage.objects.live().first()
        url = page.url if page else ""
        cache.set(key, url, 3600)
    return url or None
