"""Where the player finds its pieces: the data attributes of one player instance."""

import functools
import json
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import pgettext_lazy as _p

from h5p.models import H5PActivity

# H5P core's own interface strings (dialogs, buttons, licences), handed to h5p-standalone as
# ``translations``. The msgids are H5P's English strings, so an English page shows H5P's defaults.
_CONTEXT = "h5p player"
PLAYER_STRINGS = {
    "fullscreen": _p(_CONTEXT, "Fullscreen"),
    "disableFullscreen": _p(_CONTEXT, "Disable fullscreen"),
    "download": _p(_CONTEXT, "Download"),
    "copyrights": _p(_CONTEXT, "Rights of use"),
    "embed": _p(_CONTEXT, "Embed"),
    "size": _p(_CONTEXT, "Size"),
    "showAdvanced": _p(_CONTEXT, "Show advanced"),
    "hideAdvanced": _p(_CONTEXT, "Hide advanced"),
    "copyrightInformation": _p(_CONTEXT, "Rights of use"),
    "close": _p(_CONTEXT, "Close"),
    "title": _p(_CONTEXT, "Title"),
    "author": _p(_CONTEXT, "Author"),
    "year": _p(_CONTEXT, "Year"),
    "source": _p(_CONTEXT, "Source"),
    "license": _p(_CONTEXT, "License"),
    "thumbnail": _p(_CONTEXT, "Thumbnail"),
    "noCopyrights": _p(_CONTEXT, "No copyright information available for this content."),
    "reuse": _p(_CONTEXT, "Reuse"),
    "reuseContent": _p(_CONTEXT, "Reuse Content"),
    "reuseDescription": _p(_CONTEXT, "Reuse this content."),
    "downloadDescription": _p(_CONTEXT, "Download this content as a H5P file."),
    "copyrightsDescription": _p(_CONTEXT, "View copyright information for this content."),
    "embedDescription": _p(_CONTEXT, "View the embed code for this content."),
    "h5pDescription": _p(_CONTEXT, "Visit H5P.org to check out more cool content."),
    "contentChanged": _p(_CONTEXT, "This content has changed since you last used it."),
    "startingOver": _p(_CONTEXT, "You'll be starting over."),
    "by": _p(_CONTEXT, "by"),
    "showMore": _p(_CONTEXT, "Show more"),
    "showLess": _p(_CONTEXT, "Show less"),
    "subLevel": _p(_CONTEXT, "Sublevel"),
    "confirmDialogHeader": _p(_CONTEXT, "Confirm action"),
    "confirmDialogBody": _p(_CONTEXT, "Please confirm that you wish to proceed. This action is not reversible."),
    "cancelLabel": _p(_CONTEXT, "Cancel"),
    "confirmLabel": _p(_CONTEXT, "Confirm"),
    "licenseU": _p(_CONTEXT, "Undisclosed"),
    "licenseCCBY": _p(_CONTEXT, "Attribution"),
    "licenseCCBYSA": _p(_CONTEXT, "Attribution-ShareAlike"),
    "licenseCCBYND": _p(_CONTEXT, "Attribution-NoDerivs"),
    "licenseCCBYNC": _p(_CONTEXT, "Attribution-NonCommercial"),
    "licenseCCBYNCSA": _p(_CONTEXT, "Attribution-NonCommercial-ShareAlike"),
    "licenseCCBYNCND": _p(_CONTEXT, "Attribution-NonCommercial-NoDerivs"),
    "licenseCC40": _p(_CONTEXT, "4.0 International"),
    "licenseCC30": _p(_CONTEXT, "3.0 Unported"),
    "licenseCC25": _p(_CONTEXT, "2.5 Generic"),
    "licenseCC20": _p(_CONTEXT, "2.0 Generic"),
    "licenseCC10": _p(_CONTEXT, "1.0 Generic"),
    "licenseGPL": _p(_CONTEXT, "General Public License"),
    "licenseV3": _p(_CONTEXT, "Version 3"),
    "licenseV2": _p(_CONTEXT, "Version 2"),
    "licenseV1": _p(_CONTEXT, "Version 1"),
    "licensePD": _p(_CONTEXT, "Public Domain"),
    "licenseCC010": _p(_CONTEXT, "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication"),
    "licensePDM": _p(_CONTEXT, "Public Domain Mark"),
    "licenseC": _p(_CONTEXT, "Copyright"),
    "contentType": _p(_CONTEXT, "Content Type"),
    "licenseExtras": _p(_CONTEXT, "License Extras"),
    "changes": _p(_CONTEXT, "Changelog"),
    "contentCopied": _p(_CONTEXT, "Content is copied to the clipboard"),
    "connectionLost": _p(_CONTEXT, "Connection lost. Results will be stored and sent when you regain connection."),
    "connectionReestablished": _p(_CONTEXT, "Connection reestablished."),
    "resubmitScores": _p(_CONTEXT, "Attempting to submit stored results."),
    "offlineDialogHeader": _p(_CONTEXT, "Your connection to the server was lost"),
    "offlineDialogBody": _p(
        _CONTEXT,
        "We were unable to send information about your completion of this task. Please check your internet connection.",
    ),
    "offlineDialogRetryMessage": _p(_CONTEXT, "Retrying in :num...."),
    "offlineDialogRetryButtonLabel": _p(_CONTEXT, "Retry now"),
    "offlineSuccessfulSubmit": _p(_CONTEXT, "Successfully submitted results."),
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


def player_config(*, request, activity: H5PActivity) -> dict[str, str]:
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
