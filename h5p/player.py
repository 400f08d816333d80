"""Where the player finds its pieces: the data attributes of one player instance."""

import functools
import json
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy

from h5p.models import H5PActivity

# H5P core's own interface strings (dialogs, buttons, licences), handed to h5p-standalone as
# ``translations``. The msgids are H5P's English strings, so an English page shows H5P's defaults. The context is
# written out in every call: makemessages only finds a literal context.
PLAYER_STRINGS = {
    "fullscreen": pgettext_lazy("h5p player", "Fullscreen"),
    "disableFullscreen": pgettext_lazy("h5p player", "Disable fullscreen"),
    "download": pgettext_lazy("h5p player", "Download"),
    "copyrights": pgettext_lazy("h5p player", "Rights of use"),
    "embed": pgettext_lazy("h5p player", "Embed"),
    "size": pgettext_lazy("h5p player", "Size"),
    "showAdvanced": pgettext_lazy("h5p player", "Show advanced"),
    "hideAdvanced": pgettext_lazy("h5p player", "Hide advanced"),
    "copyrightInformation": pgettext_lazy("h5p player", "Rights of use"),
    "close": pgettext_lazy("h5p player", "Close"),
    "title": pgettext_lazy("h5p player", "Title"),
    "author": pgettext_lazy("h5p player", "Author"),
    "year": pgettext_lazy("h5p player", "Year"),
    "source": pgettext_lazy("h5p player", "Source"),
    "license": pgettext_lazy("h5p player", "License"),
    "thumbnail": pgettext_lazy("h5p player", "Thumbnail"),
    "noCopyrights": pgettext_lazy("h5p player", "No copyright information available for this content."),
    "reuse": pgettext_lazy("h5p player", "Reuse"),
    "reuseContent": pgettext_lazy("h5p player", "Reuse Content"),
    "reuseDescription": pgettext_lazy("h5p player", "Reuse this content."),
    "downloadDescription": pgettext_lazy("h5p player", "Download this content as a H5P file."),
    "copyrightsDescription": pgettext_lazy("h5p player", "View copyright information for this content."),
    "embedDescription": pgettext_lazy("h5p player", "View the embed code for this content."),
    "h5pDescription": pgettext_lazy("h5p player", "Visit H5P.org to check out more cool content."),
    "contentChanged": pgettext_lazy("h5p player", "This content has changed since you last used it."),
    "startingOver": pgettext_lazy("h5p player", "You'll be starting over."),
    "by": pgettext_lazy("h5p player", "by"),
    "showMore": pgettext_lazy("h5p player", "Show more"),
    "showLess": pgettext_lazy("h5p player", "Show less"),
    "subLevel": pgettext_lazy("h5p player", "Sublevel"),
    "confirmDialogHeader": pgettext_lazy("h5p player", "Confirm action"),
    "confirmDialogBody": pgettext_lazy(
        "h5p player", "Please confirm that you wish to proceed. This action is not reversible."
    ),
    "cancelLabel": pgettext_lazy("h5p player", "Cancel"),
    "confirmLabel": pgettext_lazy("h5p player", "Confirm"),
    "licenseU": pgettext_lazy("h5p player", "Undisclosed"),
    "licenseCCBY": pgettext_lazy("h5p player", "Attribution"),
    "licenseCCBYSA": pgettext_lazy("h5p player", "Attribution-ShareAlike"),
    "licenseCCBYND": pgettext_lazy("h5p player", "Attribution-NoDerivs"),
    "licenseCCBYNC": pgettext_lazy("h5p player", "Attribution-NonCommercial"),
    "licenseCCBYNCSA": pgettext_lazy("h5p player", "Attribution-NonCommercial-ShareAlike"),
    "licenseCCBYNCND": pgettext_lazy("h5p player", "Attribution-NonCommercial-NoDerivs"),
    "licenseCC40": pgettext_lazy("h5p player", "4.0 International"),
    "licenseCC30": pgettext_lazy("h5p player", "3.0 Unported"),
    "licenseCC25": pgettext_lazy("h5p player", "2.5 Generic"),
    "licenseCC20": pgettext_lazy("h5p player", "2.0 Generic"),
    "licenseCC10": pgettext_lazy("h5p player", "1.0 Generic"),
    "licenseGPL": pgettext_lazy("h5p player", "General Public License"),
    "licenseV3": pgettext_lazy("h5p player", "Version 3"),
    "licenseV2": pgettext_lazy("h5p player", "Version 2"),
    "licenseV1": pgettext_lazy("h5p player", "Version 1"),
    "licensePD": pgettext_lazy("h5p player", "Public Domain"),
    "licenseCC010": pgettext_lazy("h5p player", "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication"),
    "licensePDM": pgettext_lazy("h5p player", "Public Domain Mark"),
    "licenseC": pgettext_lazy("h5p player", "Copyright"),
    "contentType": pgettext_lazy("h5p player", "Content Type"),
    "licenseExtras": pgettext_lazy("h5p player", "License Extras"),
    "changes": pgettext_lazy("h5p player", "Changelog"),
    "contentCopied": pgettext_lazy("h5p player", "Content is copied to the clipboard"),
    "connectionLost": pgettext_lazy(
        "h5p player", "Connection lost. Results will be stored and sent when you regain connection."
    ),
    "connectionReestablished": pgettext_lazy("h5p player", "Connection reestablished."),
    "resubmitScores": pgettext_lazy("h5p player", "Attempting to submit stored results."),
    "offlineDialogHeader": pgettext_lazy("h5p player", "Your connection to the server was lost"),
    "offlineDialogBody": pgettext_lazy(
        "h5p player",
        "We were unable to send information about your completion of this task. Please check your internet connection.",
    ),
    "offlineDialogRetryMessage": pgettext_lazy("h5p player", "Retrying in :num...."),
    "offlineDialogRetryButtonLabel": pgettext_lazy("h5p player", "Retry now"),
    "offlineSuccessfulSubmit": pgettext_lazy("h5p player", "Successfully submitted results."),
}
# h5p.json's ``language`` is an ISO 639-1 code, or "und" when the author did not say.
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def content_origin() -> str:
    return settings.H5P_CONTENT_ORIGIN


def activity_iri(*, request, activity_id: int) -> str:
    """The xAPI object IRI of an activity: its page on the platform, absolute."""
    path = reverse("h5p:activity", args=[activity_id])
    if request is None:  # rendered outside a request (e.g. a cached block): the configured site URL
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def content_base_url(activity: H5PActivity) -> str:
    path = reverse("h5p:content", args=[activity.pk, activity.package_version, "h5p.json"])
    return content_origin() + path.removesuffix("/h5p.json")


def content_language(activity: H5PActivity) -> str:
    """The language the frame declares: the content's own, else the page's."""
    language = (activity.language or "").strip()
    if language != "und" and _LANGUAGE.match(language):
        return language
    return get_language() or settings.LANGUAGE_CODE


def player_strings() -> str:
    """H5P's interface strings in the page's language, as JSON for a data attribute."""
    return _strings_json(get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=8)
def _strings_json(language: str) -> str:  # rendered once per language and process: it is on every lesson page
    return json.dumps({"H5P": {key: str(value) for key, value in PLAYER_STRINGS.items()}}, ensure_ascii=False)


# h5p-standalone runs the content in an about:blank frame, which inherits the page's Content-Security-Policy. H5P
# core writes that frame's document with one inline script (H5P.getHeadTags in h5p-standalone's frame.bundle.js):
# "H5PIntegration = window.parent.H5PIntegration; var H5P = H5P || {}; H5P.externalEmbed = false;". A page with a
# player allows exactly that script by its hash (tests/h5p/test_player_csp.py recomputes it from the installed
# bundle); no other inline script runs. H5P content types compile their templates at run time (MultiChoice and
# others use EmbeddedJS, which builds functions with ``new Function``), so such a page also allows 'unsafe-eval'.
# Only pages that render a player get these two; every other page's script-src stays 'self' and its nonce.
# The project's CSP middleware adds ``request.csp_update`` to the response's policy.
FRAME_INLINE_SCRIPT_HASH = "'sha256-8CniZYrnO46q7MvZ3m08Wom1HH/ZhyXmm29kBKTV1rk='"
PLAYER_CSP = {"script-src": [FRAME_INLINE_SCRIPT_HASH, "'unsafe-eval'"]}


def player_csp_require(request) -> None:
    """Widen this request's page policy by what a player needs (once, however many players the page has)."""
    if request is None:
        return
    update = getattr(request, "csp_update", None) or {}
    for directive, sources in PLAYER_CSP.items():
        update[directive] = list(dict.fromkeys([*update.get(directive, []), *sources]))
    request.csp_update = update


def player_config(*, request, activity: H5PActivity) -> dict[str, str]:
    player_csp_require(request)
    origin = content_origin()
    return {
        "activity_id": str(activity.pk),
        "package_version": str(activity.package_version),
        "language": content_language(activity),
        "strings": player_strings(),
        "iri": activity_iri(request=request, activity_id=activity.pk),
        "h5p_json_path": content_base_url(activity),
        "player_js": origin + static("h5p-standalone/main.bundle.js"),
        "frame_js": origin + static("h5p-standalone/frame.bundle.js"),
        "frame_css": origin + static("h5p-standalone/styles/h5p.css"),
        "xapi_url": reverse("h5p:xapi", args=[activity.pk]),
        "state_url": reverse("h5p:state", args=[activity.pk, "state", "0"]),
    }
