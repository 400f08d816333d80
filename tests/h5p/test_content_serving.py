"""Package files reach the sandbox through the capability in their URL (h5p/sandbox.py), never through a session:
a published package's files with its play token, an unpublished one's only with an editor's preview token, for
a while. Every file is served with nosniff and a strict CSP, and nothing outside the package is reachable."""

import time
import uuid
from http import HTTPStatus

import pytest
from django.urls import reverse

from h5p import sandbox
from h5p.services import activity_delete
from tests.h5p.factories import H5PActivityFactory, package_bytes

pytestmark = pytest.mark.django_db


def content_url(activity, path, *, token=None, version=None):
    token = token if token is not None else sandbox.token_for(activity, scope=sandbox.PLAY)
    return reverse("h5p:content", args=[activity.pk, version or activity.package_version, token, path])


def test_a_published_file_is_served_to_its_token_without_a_session_with_nosniff_and_a_strict_csp(client):
    activity = H5PActivityFactory()
    response = client.get(content_url(activity, "H5P.Test-1.0/test.js"))
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"H5P.Test = function () {};"
    assert "javascript" in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
    assert response["Access-Control-Allow-Origin"] == "*"  # the sandbox's origin is opaque; no credentials
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Cache-Control"] == "public, max-age=86400"


def test_an_svg_opened_directly_is_a_sandboxed_download(client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'
    activity = H5PActivityFactory(package=package_bytes(**{"content/images/logo.svg": svg}))
    response = client.get(content_url(activity, "content/images/logo.svg"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("token", ["", "play", "play.", "play.forged", "preview.forged", "admin.x"])
def test_without_a_valid_token_nothing_is_served_logged_in_or_not(client, editor, token):
    activity = H5PActivityFactory()
    assert client.get(content_url(activity, "h5p.json", token=token or "x")).status_code == HTTPStatus.NOT_FOUND
    client.force_login(editor)  # a session is no way in either
    assert client.get(content_url(activity, "h5p.json", token=token or "x")).status_code == HTTPStatus.NOT_FOUND


def test_a_token_opens_its_own_activity_only(client):
    first, second = H5PActivityFactory(), H5PActivityFactory()
    token = sandbox.token_for(first, scope=sandbox.PLAY)
    assert client.get(content_url(second, "h5p.json", token=token)).status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_activity_needs_a_preview_token_which_expires(client, settings):
    settings.H5P_PREVIEW_TOKEN_SECONDS = 3600
    activity = H5PActivityFactory(is_published=False)
    play = sandbox.token_for(activity, scope=sandbox.PLAY)
    preview = sandbox.token_for(activity, scope=sandbox.PREVIEW)
    assert client.get(content_url(activity, "h5p.json", token=play)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(content_url(activity, "h5p.json", token=preview)).status_code == HTTPStatus.OK

    later = time.time() + 3600
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sandbox.time, "time", lambda: later)  # the next period: still valid
        assert client.get(content_url(activity, "h5p.json", token=preview)).status_code == HTTPStatus.OK
        patch.setattr(sandbox.time, "time", lambda: later + 3600)  # two periods on: gone
        assert client.get(content_url(activity, "h5p.json", token=preview)).status_code == HTTPStatus.NOT_FOUND


def test_unpublishing_closes_the_play_token_at_once(client):
    from h5p.services import activity_update

    activity = H5PActivityFactory()
    url = content_url(activity, "h5p.json")
    assert client.get(url).status_code == HTTPStatus.OK
    activity_update(activity=activity, title=activity.title, is_published=False)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_deleted_activity_is_not_reachable(client):
    activity = H5PActivityFactory()
    url = content_url(activity, "h5p.json")
    activity_delete(activity=activity)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_files_of_another_package_version_are_not_reachable(client):
    activity = H5PActivityFactory()
    assert client.get(content_url(activity, "h5p.json", version=uuid.uuid4())).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("path", ["../../settings.py", "content/../../x.json", "content\\content.json", "nope.json"])
def test_no_path_leads_outside_the_package(client, path):
    activity = H5PActivityFactory()
    response = client.get(content_url(activity, "h5p.json").replace("h5p.json", path))
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.urls("tests.h5p.media_urls")
def test_the_development_media_url_serves_uploads_but_no_package_file(client, settings):
    """Extracted packages live under MEDIA_ROOT; only the views above serve them, also with DEBUG on."""
    activity = H5PActivityFactory()
    (settings.MEDIA_ROOT / "original_images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "original_images" / "foto.png").write_bytes(b"png")
    assert client.get(f"/media/{activity.content_path}/h5p.json").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/media/{activity.package.name}").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/media/original_images/foto.png").status_code == HTTPStatus.OK
