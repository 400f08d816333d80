import logging
from http import HTTPStatus

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = _("We are busy for a moment. Nothing was lost: please try again in a minute.")


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose another language with the language switch.

    The browser's Accept-Language is ignored on purpose: the courses are written in Dutch, and many Dutch
    readers run an English browser; an English interface around Dutch lessons helps nobody.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code


class DatabaseUnavailableMiddleware:
    """A busy or briefly unavailable database answers 503 with ``Retry-After``, never 500.

    SQLite's "database is locked", PostgreSQL refusing connections or going away mid-request: Django raises
    ``OperationalError`` or ``InterfaceError``. The failed request committed nothing it had not finished (each
    transaction is all or nothing), so the client may simply try again; the quiz autosave script does that by
    itself. This catches what views raise; ``elearning.views.server_error`` answers the same for what other
    middleware raises (a session read, the MFA check).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        return database_unavailable_response(request, exception)


RETRY_AFTER_SECONDS = 5


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(request, exception: BaseException) -> HttpResponse:
    """A small Dutch page (or JSON for scripts), rendered without context processors: they would ask the same
    database again."""
    logger.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
    if _wants_json(request):
        response = JsonResponse({"error": str(DATABASE_UNAVAILABLE), "retry_after": RETRY_AFTER_SECONDS})
    else:
        response = HttpResponse(render_to_string("503.html", {"CSP_NONCE": str(getattr(request, "csp_nonce", ""))}))
    response.status_code = HTTPStatus.SERVICE_UNAVAILABLE
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _wants_json(request) -> bool:
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.content_type == "application/json"
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )
