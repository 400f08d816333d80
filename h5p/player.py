"""Where the player finds its pieces: the data attributes of one player instance."""

import functools
import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy

from h5p import sandbox
from h5p.models import H5PActivity
from h5p.selectors import activity_can_preview

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


def platform_origin(request) -> str:
    """The origin of the lesson pages, which alone may frame the sandbox and receive its messages."""
    if request is None or content_origin():
        return origin_of(settings.WAGTAILADMIN_BASE_URL)
    return f"{request.scheme}://{request.get_host()}"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_base_url(activity: H5PActivity, *, token: str) -> str:
    path = reverse("h5p:content", args=[activity.pk, activity.package_version, token, "h5p.json"])
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
    """What the lesson page's script needs for one player: the sandbox's URL and the page's own endpoints.

    A published activity plays with a play token; an unpublished one only for someone who may preview it (the
    frame URL is empty for anyone else, and the include says the activity is not available).
    """
    user = getattr(request, "user", None)
    if activity.is_published:
        token = sandbox.token_for(activity, scope=sandbox.PLAY)
    elif user is not None and activity_can_preview(user=user):
        token = sandbox.token_for(activity, scope=sandbox.PREVIEW)
    else:
        token = ""
    frame_path = reverse("h5p:frame", args=[activity.pk, activity.package_version, token]) if token else ""
    offered = token and activity.offer_download
    download_path = (
        reverse("h5p:package_download", args=[activity.pk, activity.package_version, token]) if offered else ""
    )
    return {
        "activity_id": str(activity.pk),
        "package_version": str(activity.package_version),
        "iri": activity_iri(request=request, activity_id=activity.pk),
        "frame_url": content_origin() + frame_path if frame_path else "",
        "frame_origin": content_origin() or "",
        "download_url": download_path,
        "xapi_url": reverse("h5p:xapi", args=[activity.pk]),
        "state_url": reverse("h5p:state", args=[activity.pk, "state", "0"]),
        "state_max_bytes": str(settings.H5P_STATE_MAX_BYTES),
    }


def frame_config(*, request, activity: H5PActivity, token: str) -> dict[str, str]:
    """What the sandbox document's script needs to start h5p-standalone on the package (the lesson page sends the
    rest: the saved state and the xAPI object IRI)."""
    return {
        "content_id": f"signaal-{activity.pk}",
        "title": activity.title,
        "license": activity.license or "U",
        "language": content_language(activity),
        "strings": player_strings(),
        "h5p_json_path": content_base_url(activity, token=token),
        "player_js": static("h5p-standalone/main.bundle.js"),
        "frame_js": static("h5p-standalone/frame.bundle.js"),
        "frame_css": static("h5p-standalone/styles/h5p.css"),
        "parent_origin": platform_origin(request),
    }
