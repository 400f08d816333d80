"""The snippet admin: editors upload with the same validator as the command; others cannot."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from h5p import messages
from h5p.models import H5PActivity
from tests.h5p.factories import H5PActivityFactory, package_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_h5p_h5pactivity:add"


def post_package(client, data: bytes, name="activiteit.h5p", title=""):
    return client.post(reverse(ADD_URL), {"title": title, "package": upload(data, name), "is_published": "on"})


def shows_reason(response, message, **params) -> bool:
    """The admin speaks the editor's language: the one-line reason, in Dutch or in English."""
    html = response.content.decode()
    rendered = []
    for language in ("nl", "en"):
        with translation.override(language):
            rendered.append(escape(str(message) % params))
    return any(line in html for line in rendered)


def test_an_editor_uploads_a_real_package_through_a_multipart_post(client, editor, shared, settings):
    client.force_login(editor)
    response = post_package(client, (shared / "valid" / "H5P.TrueFalse.h5p").read_bytes())
    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    activity = H5PActivity.objects.get()
    assert activity.title == "True/False Question"
    assert activity.main_library == "H5P.TrueFalse-1.6"
    assert "H5P.Question-1.4" in activity.libraries
    assert activity.license == "U"
    assert (Path(settings.MEDIA_ROOT) / activity.content_path / "h5p.json").is_file()


def test_a_rejected_upload_shows_the_same_one_line_reason_and_stores_nothing(client, editor, shared, settings):
    client.force_login(editor)
    response = post_package(client, (shared / "invalid" / "missing-preloaded-js.h5p").read_bytes())
    assert response.status_code == HTTPStatus.OK
    assert shows_reason(
        response,
        messages.PRELOADED_FILE_MISSING,
        file="H5P.GreetingCard-1.0/greetingcard.js",
        library="H5P.GreetingCard-1.0",
    )
    assert not H5PActivity.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_generated_hostile_upload_is_refused_in_the_admin(client, editor):
    client.force_login(editor)
    response = post_package(client, package_bytes(**{"content/../evil.json": b"{}"}))
    assert shows_reason(response, messages.PATH_TRAVERSAL, file="content/../evil.json")
    assert not H5PActivity.objects.exists()


def test_a_learner_cannot_upload(client, user):
    client.force_login(user)
    response = post_package(client, package_bytes())
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert not H5PActivity.objects.exists()


def test_an_editor_replaces_the_package_in_the_edit_view(client, editor):
    activity = H5PActivityFactory()
    old_version = activity.package_version
    client.force_login(editor)
    url = reverse("wagtailsnippets_h5p_h5pactivity:edit", args=[activity.pk])
    response = client.post(url, {"title": "Vervangen", "package": upload(package_bytes()), "is_published": "on"})
    assert response.status_code == HTTPStatus.FOUND, response.content[:3000]
    activity.refresh_from_db()
    assert activity.title == "Vervangen"
    assert activity.package_version != old_version


def test_an_editor_deletes_an_activity_and_its_files(client, editor, settings, django_capture_on_commit_callbacks):
    activity = H5PActivityFactory()
    client.force_login(editor)
    url = reverse("wagtailsnippets_h5p_h5pactivity:delete", args=[activity.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    assert not H5PActivity.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / activity.content_path).exists()


def test_the_preview_is_for_editors_only(client, editor, user):
    activity = H5PActivityFactory(is_published=False)
    url = reverse("h5p:preview", args=[activity.pk])
    client.force_login(user)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"data-h5p-player" in response.content


def test_the_listing_links_to_the_preview(client, editor):
    activity = H5PActivityFactory()
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_h5p_h5pactivity:list"))
    assert reverse("h5p:preview", args=[activity.pk]).encode() in response.content


def test_wagtails_editors_group_may_manage_activities():
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.filter(content_type__app_label="h5p").values_list("codename", flat=True))
    assert {"add_h5pactivity", "change_h5pactivity", "delete_h5pactivity"} <= codenames
