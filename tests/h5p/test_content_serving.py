"""Package files are served with nosniff and a strict CSP, and only while the activity is reachable."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.h5p.factories import H5PActivityFactory, package_bytes

pytestmark = pytest.mark.django_db


def content_url(activity, path):
    return reverse("h5p:content", args=[activity.pk, activity.package_version, path])


def test_a_published_file_is_served_with_nosniff_and_a_strict_csp(client, user):
    activity = H5PActivityFactory()
    client.force_login(user)
    response = client.get(content_url(activity, "H5P.Test-1.0/test.js"))
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"H5P.Test = function () {};"
    assert response["Content-Type"].startswith("text/javascript") or "javascript" in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "sandbox" in csp
    assert "script-src" not in csp


def test_an_svg_opened_directly_is_a_sandboxed_download(client, user):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'
    activity = H5PActivityFactory(package=package_bytes(**{"content/images/logo.svg": svg}))
    client.force_login(user)
    response = client.get(content_url(activity, "content/images/logo.svg"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_on_the_platforms_origin_files_follow_the_access_policy(client, user, settings):
    activity = H5PActivityFactory()
    url = content_url(activity, "h5p.json")
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND  # nobody logged in
    settings.H5P_ACCESS_POLICY = ""  # no policy: nobody but editors
    client.force_login(user)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_cookieless_content_origin_serves_published_files_to_anyone(client, settings):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.signaal.example"
    published, unpublished = H5PActivityFactory(), H5PActivityFactory(is_published=False)
    assert client.get(content_url(published, "h5p.json")).status_code == HTTPStatus.OK
    assert client.get(content_url(unpublished, "h5p.json")).status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_activity_is_not_reachable_by_learners_but_is_by_editors(client, user, editor):
    activity = H5PActivityFactory(is_published=False)
    url = content_url(activity, "h5p.json")
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(user)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(editor)
    assert client.get(url).status_code == HTTPStatus.OK


def test_a_deleted_activity_is_not_reachable(client, user):
    from h5p.services import activity_delete

    activity = H5PActivityFactory()
    url = content_url(activity, "h5p.json")
    activity_delete(activity=activity)
    client.force_login(user)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_files_of_a_replaced_package_version_are_gone(client):
    import uuid

    activity = H5PActivityFactory()
    url = reverse("h5p:content", args=[activity.pk, uuid.uuid4(), "h5p.json"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("path", ["../../settings.py", "content/../../x.json", "content\\content.json", "nope.json"])
def test_no_path_leads_outside_the_package(client, path):
    activity = H5PActivityFactory()
    response = client.get(content_url(activity, "h5p.json").replace("h5p.json", path))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_content_origin_allows_the_platform_to_fetch_published_files(client, settings):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.signaal.test"
    activity = H5PActivityFactory()
    response = client.get(content_url(activity, "h5p.json"))
    assert response["Access-Control-Allow-Origin"] == "*"
