"""The player's sandbox: a frame that cannot reach the platform as the user.

A package is code an editor uploaded; it runs in a frame with ``sandbox="allow-scripts …"`` and without
``allow-same-origin``, so its origin is opaque: it cannot read the lesson page or any other page of the platform,
its requests carry no session, and it has no CSRF token. It talks to the lesson page only through the messages
``static/js/h5p-player.js`` checks (``static/js/h5p-frame.js`` sends them); the page posts results and saved state
with its own token, for that one activity.

Because the frame's requests carry no session, the frame document and the package files are reached through a
capability in their URL: a signature of the activity, its package version and a scope. A *play* token names a
published package version and never expires (a published package is public content: the URL stays the same, so
browsers cache its files); it stops working when the activity is unpublished or its package replaced. A *preview*
token (editors, also for unpublished activities) is valid for ``H5P_PREVIEW_TOKEN_SECONDS`` at most twice over.
"""

import time

from django.conf import settings
from django.core.signing import Signer
from django.utils.crypto import constant_time_compare

from h5p.models import H5PActivity

PLAY, PREVIEW = "play", "preview"
_SIGNER = Signer(salt="h5p.sandbox")

# H5P content types compile their templates at run time (MultiChoice and others use EmbeddedJS, which builds
# functions with ``new Function``), so the sandbox allows 'unsafe-eval'; the lesson page's policy stays strict.


def token_for(activity: H5PActivity, *, scope: str = PLAY) -> str:
    return f"{scope}.{_signature(activity.pk, activity.package_version, scope, _period(scope))}"


def token_scope(*, activity: H5PActivity, token: str) -> str | None:
    """The scope ``token`` grants for this activity's current package, or None when it grants nothing."""
    scope, _, signature = token.partition(".")
    if scope == PLAY and not activity.is_published:
        return None
    if scope not in (PLAY, PREVIEW):
        return None
    now = _period(scope)
    periods = (now,) if scope == PLAY else (now, now - 1)
    for period in periods:
        if constant_time_compare(signature, _signature(activity.pk, activity.package_version, scope, period)):
            return scope
    return None


def _period(scope: str) -> int:
    return 0 if scope == PLAY else int(time.time() // settings.H5P_PREVIEW_TOKEN_SECONDS)


def _signature(pk: int, version, scope: str, period: int) -> str:
    return _SIGNER.signature(f"{pk}:{version}:{scope}:{period}")


def frame_policy(*, activity: H5PActivity, parent_origin: str) -> str:
    """The Content-Security-Policy of the sandbox document: the package's own files, and the hosts the editor
    allowed for this activity; nothing else loads, and only the platform may frame it."""
    allowed = " ".join(getattr(activity, "allowed_hosts", None) or [])

    def sources(*own: str) -> str:
        return " ".join(filter(None, ["'self'", *own, allowed]))

    directives = {
        "default-src": "'none'",
        "script-src": sources("'unsafe-eval'"),
        "style-src": sources("'unsafe-inline'"),
        "img-src": sources("data:", "blob:"),
        "font-src": sources("data:"),
        "media-src": sources("blob:"),
        "connect-src": "'self'",
        "frame-src": sources(),
        "form-action": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
        "frame-ancestors": " ".join(dict.fromkeys(["'self'", parent_origin])),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())
