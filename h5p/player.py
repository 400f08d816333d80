"""Where the player finds its pieces: the data attributes of one player instance."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from h5p.models import H5PActivity


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


def player_config(*, request, activity: H5PActivity) -> dict[str, str]:
    origin = content_origin()
    return {
        "activity_id": str(activity.pk),
        "iri": activity_iri(request=request, activity_id=activity.pk),
        "h5p_json_path": content_base_url(activity),
        "player_js": origin + static("h5p-standalone/main.bundle.js"),
        "frame_js": origin + static("h5p-standalone/frame.bundle.js"),
        "frame_css": origin + static("h5p-standalone/styles/h5p.css"),
        "xapi_url": reverse("h5p:xapi", args=[activity.pk]),
        "state_url": reverse("h5p:state", args=[activity.pk, "state", "0"]),
    }
