import sys
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve as static_serve
from wagtail.views import serve

from elearning.dashboard import dashboard_sections
from elearning.middleware import database_unavailable_response, is_database_unavailable
from elearning.selectors import broker_state, database_state, worker_last_seen
from pagecache.routing import route_for_request


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring.

    503 only when the database is unreachable: without a broker the platform still serves lessons, and
    completions recorded meanwhile are picked up by the periodic catch-up tasks once it is back.
    """
    database = database_state()
    broker = broker_state()
    healthy = database == "ok"
    body = {
        "status": "ok" if healthy and broker != "unreachable" else ("degraded" if healthy else "unhealthy"),
        "database": database,
        "broker": broker,
        "worker_last_seen": worker_last_seen() if healthy else None,
    }
    return JsonResponse(body, status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE)


@require_GET
def style_guide(request):
    """/stijlgids/: every shared component once, with the classes to use (public, kept out of search engines)."""
    return render(request, "elearning/style_guide.html", {"progress_examples": [0, 40, 100]})


@login_required
def dashboard(request):
    return render(request, "elearning/dashboard.html", {"sections": dashboard_sections(request)})


def page_serve(request, path):
    """Wagtail's serve view, with the route found in the cache when the page tree has not changed."""
    route_for_request(request, path)
    return serve(request, path)


def server_error(request):
    """Django's 500 page, with the request's CSP nonce for its one <style> (and nothing else from the request:
    whatever failed must not fail again here). A database that is busy or away is a 503, also when a
    middleware rather than a view met it (Django calls this inside its ``except``)."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return database_unavailable_response(request, error)
    nonce = getattr(request, "csp_nonce", "")
    return HttpResponseServerError(loader.get_template("500.html").render({"CSP_NONCE": str(nonce)}))


def development_media(request, path: str):
    """Uploaded media, for ``runserver`` only (production serves them from storage or the web server)."""
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)
