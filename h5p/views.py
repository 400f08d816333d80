import json
import logging
import mimetypes
import re
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from h5p import selectors, services
from h5p.player import activity_iri
from h5p.validation import PackageRejected, name_validate
from h5p.xapi import StatementRejected, actor_for, statement_parse

logger = logging.getLogger(__name__)

# Content files are never meant to be documents: if one is opened directly it gets an opaque origin
# (sandbox), no script, and may only pull images, fonts and media from its own origin.
CONTENT_CSP = (
    "default-src 'none'; img-src 'self' data:; media-src 'self'; font-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; sandbox"
)
# Types a browser could render as a document with script are downloaded when opened directly.
_ATTACHMENT_EXTENSIONS = {"svg", "xml", "pdf", "swf"}
_STATEMENT_MAX_BYTES = 64 * 1024
_STATE_KEY = re.compile(r"^[A-Za-z0-9_.*-]{1,64}$")


@require_GET
def content(request, pk: int, version, path: str):
    """One extracted file of a reachable activity, with nosniff and a strict CSP.

    On a configured content origin (cookieless, so no learner to ask about) published files are public; on
    the platform's own origin they follow the access policy like the activity itself.
    """
    if settings.H5P_CONTENT_ORIGIN:
        activity = selectors.activity_get_published(pk=pk) or selectors.activity_get_usable(pk=pk, user=request.user)
    else:
        activity = selectors.activity_get_usable(pk=pk, user=request.user)
    if activity is None or activity.package_version != version:
        raise Http404
    try:
        name_validate(path)
    except PackageRejected as error:
        raise Http404 from error
    name = f"{activity.content_path}/{path}"
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    extension = path.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        file, content_type=content_type, as_attachment=extension in _ATTACHMENT_EXTENSIONS, filename=path.split("/")[-1]
    )
    if extension not in _ATTACHMENT_EXTENSIONS:
        del response["Content-Disposition"]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CONTENT_CSP
    response["Cache-Control"] = "private, max-age=3600" if not activity.is_published else "public, max-age=86400"
    if settings.H5P_CONTENT_ORIGIN and activity.is_published:
        response["Access-Control-Allow-Origin"] = "*"  # cookieless origin: published files are public anyway
    return response


@login_required
def activity(request, pk: int):
    """The activity on a page of its own; its URL is also the xAPI object IRI."""
    found = selectors.activity_get_usable(pk=pk, user=request.user)
    if found is None:
        raise Http404
    return render(request, "h5p/activity.html", {"activity": found, "is_preview": False})


@login_required
def preview(request, pk: int):
    if not selectors.activity_can_preview(user=request.user):
        return HttpResponseForbidden()
    found = selectors.activity_get_usable(pk=pk, user=request.user)
    if found is None:
        raise Http404
    return render(request, "h5p/activity.html", {"activity": found, "is_preview": True})


@require_POST
def xapi(request, pk: int):
    """Accept one xAPI statement from the player for the logged-in learner."""
    found = selectors.activity_get_usable(pk=pk, user=request.user)
    if found is None:
        return _error(HTTPStatus.NOT_FOUND, "no such activity")
    if len(request.body) > _STATEMENT_MAX_BYTES:
        return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "statement too large")
    try:
        statement = json.loads(request.body).get("statement")
        parsed = statement_parse(statement, object_iri=activity_iri(request=request, activity_id=pk))
    except (ValueError, AttributeError) as error:
        logger.warning("h5p: xAPI statement refused for activity %s by user %s: %s", pk, request.user.pk, error)
        return _error(HTTPStatus.BAD_REQUEST, str(error) if isinstance(error, StatementRejected) else "invalid JSON")
    actor = actor_for(request.user, home_page=request.build_absolute_uri("/"))
    stored = services.statement_record(
        learner=request.user, activity=found, statement=statement, parsed=parsed, actor=actor
    )
    return JsonResponse({"stored": stored is not None}, status=HTTPStatus.CREATED if stored else HTTPStatus.OK)


@require_http_methods(["GET", "POST", "DELETE"])
def state(request, pk: int, data_type: str, sub_content_id: str):
    """Load, save or delete the learner's saved state for one data type and sub-content id."""
    if not (_STATE_KEY.match(data_type) and _STATE_KEY.match(sub_content_id)):
        return _error(HTTPStatus.BAD_REQUEST, "invalid key")
    found = selectors.activity_get_usable(pk=pk, user=request.user)
    if found is None:
        return _error(HTTPStatus.NOT_FOUND, "no such activity")
    key = {"learner": request.user, "data_type": data_type, "sub_content_id": sub_content_id}
    if request.method == "GET":
        return JsonResponse({"data": selectors.content_state_get(activity_id=found.pk, **key)})
    if request.method == "DELETE":
        services.content_state_delete(activity=found, **key)
        return JsonResponse({}, status=HTTPStatus.OK)
    max_bytes = settings.H5P_STATE_MAX_BYTES
    if len(request.body) > max_bytes + 1024:
        return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "state too large")
    try:
        data = json.loads(request.body)["data"]
        if not isinstance(data, str):
            raise TypeError
        services.content_state_save(activity=found, data=data, max_bytes=max_bytes, **key)
    except ValidationError as error:
        return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, error.messages[0])
    except (ValueError, KeyError, TypeError):
        return _error(HTTPStatus.BAD_REQUEST, 'expected {"data": "…"}')
    return JsonResponse({}, status=HTTPStatus.OK)


def _error(status: HTTPStatus, message) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)
