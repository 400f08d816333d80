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
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from h5p import player, sandbox, selectors, services
from h5p.models import H5PActivity
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
def content(request, pk: int, version, token: str, path: str):
    """One extracted file of an activity, for its sandbox (which sends no session: the token in the URL is the
    capability, see h5p/sandbox.py), with nosniff and a strict CSP in case it is opened on its own."""
    activity = _sandboxed_activity(pk=pk, version=version, token=token)
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
    response["Cache-Control"] = "public, max-age=86400" if token.startswith(sandbox.PLAY) else "private, max-age=600"
    response["Access-Control-Allow-Origin"] = "*"  # the sandbox's origin is opaque ("null"); no credentials
    return response


@require_GET
@xframe_options_exempt  # the policy's frame-ancestors says who may frame it: the lesson pages
def frame(request, pk: int, version, token: str):
    """The sandbox document that plays one activity: h5p-standalone and static/js/h5p-frame.js, nothing else."""
    activity = _sandboxed_activity(pk=pk, version=version, token=token)
    config = player.frame_config(request=request, activity=activity, token=token)
    response = render(request, "h5p/frame.html", {"activity": activity, "frame": config})
    response["Content-Security-Policy"] = sandbox.frame_policy(activity=activity, parent_origin=config["parent_origin"])
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def package_download(request, pk: int, version, token: str):
    """The package as uploaded, for activities whose editor offers it (the download link under the player)."""
    activity = _sandboxed_activity(pk=pk, version=version, token=token)
    if not activity.offer_download:
        raise Http404
    filename = f"{slugify(activity.title) or 'activiteit'}.h5p"
    response = FileResponse(activity.package.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = "application/zip"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sandboxed_activity(*, pk: int, version, token: str) -> H5PActivity:
    activity = selectors.activity_get(pk=pk)
    if activity is None or activity.package_version != version:
        raise Http404
    if sandbox.token_scope(activity=activity, token=token) is None:
        raise Http404
    return activity


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
