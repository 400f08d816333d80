"""The sandbox document of one activity (h5p/sandbox.py): reached with the token in its URL, never with a
session; it carries the content's language and Dutch player strings, a policy that loads only the package's own
files (and hosts the editor allowed), may be framed only by the platform, and holds nothing of the learner."""

import html as html_lib
import json
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from h5p import sandbox
from h5p.models import H5PActivity
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory

pytestmark = pytest.mark.django_db


def frame_url(activity, *, scope=sandbox.PLAY) -> str:
    return reverse("h5p:frame", args=[activity.pk, activity.package_version, sandbox.token_for(activity, scope=scope)])


def policy(response) -> dict[str, list[str]]:
    return {
        name: sources for name, *sources in (part.split() for part in response["Content-Security-Policy"].split(";"))
    }


def test_the_sandbox_document_loads_the_player_and_the_package_and_nothing_else(client):
    activity = H5PActivityFactory()

    response = client.get(frame_url(activity))

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'src="/static/h5p-standalone/main.bundle.js"' in page and 'src="/static/js/h5p-frame.js"' in page
    assert f'data-h5p-json-path="/h5p/content/{activity.pk}/{activity.package_version}/play.' in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'", "'unsafe-eval'"]  # content types compile templates at run time
    assert directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'", "http://testserver"]
    assert directives["form-action"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "X-Frame-Options" not in response  # frame-ancestors decides, and lets the lesson pages frame it


def test_the_sandbox_holds_nothing_of_the_logged_in_learner(client):
    learner = UserFactory(email="leerling@signaal.test")
    client.force_login(learner)

    page = client.get(frame_url(H5PActivityFactory())).content.decode()

    assert "leerling@signaal.test" not in page and str(learner.public_id) not in page
    assert "csrf" not in page.lower()


def test_the_frame_gets_the_content_language_and_dutch_player_strings(client):
    dutch, undetermined = H5PActivityFactory(), H5PActivityFactory()
    H5PActivity.objects.filter(pk=undetermined.pk).update(language="und")
    undetermined.refresh_from_db()

    with translation.override("nl"):
        dutch_page = client.get(frame_url(dutch), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        undetermined_page = client.get(frame_url(undetermined), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert '<html lang="nl">' in dutch_page and '<html lang="nl">' in undetermined_page  # "und": the page's own
    strings = json.loads(html_lib.unescape(re.search(r'data-strings="([^"]*)"', dutch_page).group(1)))
    assert strings["H5P"]["fullscreen"] == "Volledig scherm"
    assert strings["H5P"]["contentChanged"] == "Deze activiteit is veranderd sinds je hem de vorige keer gebruikte."


def test_hosts_the_editor_allowed_may_load_in_the_sandbox_and_no_others(client):
    activity = H5PActivityFactory()
    H5PActivity.objects.filter(pk=activity.pk).update(
        external_hosts=["https://www.youtube.com", "https://fonts.googleapis.com"],
        allowed_hosts=["https://www.youtube.com"],
    )
    activity.refresh_from_db()

    directives = policy(client.get(frame_url(activity)))

    for directive in ("frame-src", "img-src", "media-src", "script-src", "style-src", "font-src"):
        assert "https://www.youtube.com" in directives[directive]
        assert "https://fonts.googleapis.com" not in directives[directive]
    assert directives["connect-src"] == ["'self'"]


@pytest.mark.parametrize("token", ["play.forged", "preview.forged", "x"])
def test_a_forged_token_opens_no_sandbox(client, token):
    activity = H5PActivityFactory()
    url = reverse("h5p:frame", args=[activity.pk, activity.package_version, token])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_activity_opens_only_with_a_preview_token(client):
    activity = H5PActivityFactory(is_published=False)
    assert client.get(frame_url(activity)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(frame_url(activity, scope=sandbox.PREVIEW)).status_code == HTTPStatus.OK


def test_a_content_origin_lets_the_platform_frame_the_sandbox(client, settings):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.signaal.test"
    settings.WAGTAILADMIN_BASE_URL = "https://signaal.test"
    response = client.get(frame_url(H5PActivityFactory()))
    assert policy(response)["frame-ancestors"] == ["'self'", "https://signaal.test"]
    assert 'data-parent-origin="https://signaal.test"' in response.content.decode()


def test_production_serves_static_files_to_any_origin_as_the_sandbox_needs(client):
    """The sandbox's origin is opaque: it may load the player's fonts only with Access-Control-Allow-Origin."""
    response = client.get("/static/h5p-standalone/styles/h5p.css")
    assert response.status_code == HTTPStatus.OK
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_package_is_offered_for_download_only_when_the_editor_says_so(client, user):
    from h5p.services import activity_update
    from tests.h5p.test_player_include import render

    activity = H5PActivityFactory()
    token = sandbox.token_for(activity)
    url = reverse("h5p:package_download", args=[activity.pk, activity.package_version, token])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND  # off by default
    assert "/h5p/pakket/" not in render([activity], user)

    activity_update(activity=activity, title="Signalen herkennen", is_published=True, offer_download=True)

    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == 'attachment; filename="signalen-herkennen.h5p"'
    assert b"".join(response.streaming_content)[:2] == b"PK"  # the package as uploaded
    assert f'href="{url}" download' in render([activity], user)
    forged = reverse("h5p:package_download", args=[activity.pk, activity.package_version, "play.forged"])
    assert client.get(forged).status_code == HTTPStatus.NOT_FOUND
