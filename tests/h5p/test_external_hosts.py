"""The external sites a package asks for are found at upload; nothing external is allowed until an editor says so."""

import io
import json
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from h5p.hosts import HOSTS_WANTED, code_hosts, content_hosts, origin
from h5p.models import H5PActivity
from h5p.services import HOST_NOT_DETECTED, activity_update
from h5p.validation import package_validate
from tests.h5p.factories import LIBRARY, H5PActivityFactory, package_bytes, upload

YOUTUBE = "https://www.youtube.com"
FONTS = "https://fonts.googleapis.com"


def wanting_package(content_url: str = "https://www.youtube.com/embed/abc", css: bytes | None = None) -> bytes:
    """A package (its library has no semantics, so content is kept) that loads from YouTube and Google Fonts."""
    content = {"video": content_url, "intro": '<a href="https://www.wikipedia.org/wiki/Bes">Lees meer</a>'}
    return package_bytes(
        **{
            "content/content.json": json.dumps(content).encode(),
            f"{LIBRARY}/test.css": css or b"@import url('https://fonts.googleapis.com/css?family=Lato'); .x {}",
        }
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.YouTube.com/watch?v=1", YOUTUBE),
        ("http://media.example.nl:8080/a.mp4", "http://media.example.nl:8080"),
        ("https://example.nl:443/", "https://example.nl"),
        ("//cdn.example.org/lib.js", "https://cdn.example.org"),
        ("ftp://example.nl/a", None),
        ("javascript:alert(1)", None),
        ("https://", None),
        ("https://user@exa mple.nl/", None),
    ],
)
def test_a_host_is_the_origin_of_an_http_url(url, expected):
    assert origin(url) == expected


def test_content_hosts_are_every_url_that_is_not_a_link_or_an_attribution():
    content = {
        "questions": ["<p>Zie https://player.vimeo.com/video/1 en https://www.youtube.com/embed/x</p>"],
        "text": '<a href="https://nl.wikipedia.org/wiki/Bes">Bes</a>',
        "image": {"path": "images/a.jpg", "copyright": {"source": "https://commons.wikimedia.org/x"}},
        "metadata": {"source": "https://example.org/bron"},
        "escaped": "&quot;https://maps.example.com/x&quot;",
    }
    assert content_hosts(content) == {"https://player.vimeo.com", YOUTUBE, "https://maps.example.com"}


def test_code_hosts_are_what_css_and_js_load_not_every_url_they_mention():
    css = "@import 'https://fonts.googleapis.com/css'; .a { background: url(https://cdn.example.org/bg.png) }"
    js = (
        "iframe.src = 'https://www.youtube.com/embed/' + id; link.href=\"//fonts.gstatic.com/x\";"
        " var ns = 'http://www.w3.org/2000/svg'; // see https://jquery.com/license"
    )
    assert code_hosts(css) == {FONTS, "https://cdn.example.org"}
    assert code_hosts(js) == {YOUTUBE, "https://fonts.gstatic.com"}


def test_the_manifest_lists_the_hosts_sorted_and_once():
    manifest = package_validate(io.BytesIO(wanting_package()))
    assert manifest.external_hosts == [FONTS, YOUTUBE]


def test_the_shared_valid_packages_ask_for_no_external_host(shared):
    from tests.h5p.test_package_validate import VALID

    for name in VALID:
        with (shared / "valid" / name).open("rb") as package:
            assert package_validate(package).external_hosts == [], name


def test_a_url_the_filter_removed_is_not_asked_for():
    fields = [{"name": "text", "type": "text", "tags": ["p"]}]
    data = package_bytes(
        **{
            f"{LIBRARY}/semantics.json": json.dumps(fields).encode(),
            "content/content.json": json.dumps({"text": "<p>a</p>", "evil": "https://evil.example/x.js"}).encode(),
        }
    )
    assert package_validate(io.BytesIO(data)).external_hosts == []


# The activity and the service


@pytest.mark.django_db
def test_an_activity_stores_its_hosts_and_allows_none_of_them():
    activity = H5PActivityFactory(package=wanting_package())
    activity.refresh_from_db()
    assert activity.external_hosts == [FONTS, YOUTUBE]
    assert activity.allowed_hosts == []


@pytest.mark.django_db
def test_the_editor_may_allow_detected_hosts_only():
    activity = H5PActivityFactory(package=wanting_package())
    activity_update(activity=activity, title="Video", is_published=True, allowed_hosts=[YOUTUBE])
    activity.refresh_from_db()
    assert activity.allowed_hosts == [YOUTUBE]
    with pytest.raises(ValidationError) as caught:
        activity_update(activity=activity, title="Video", is_published=True, allowed_hosts=["https://evil.example"])
    assert caught.value.message == HOST_NOT_DETECTED
    activity.refresh_from_db()
    assert activity.allowed_hosts == [YOUTUBE]


@pytest.mark.django_db
def test_a_new_package_drops_allowed_hosts_it_no_longer_asks_for():
    activity = H5PActivityFactory(package=wanting_package())
    activity_update(activity=activity, title="Video", is_published=True, allowed_hosts=[YOUTUBE, FONTS])
    new_package = io.BytesIO(wanting_package(content_url="https://player.vimeo.com/video/1"))
    activity_update(activity=activity, title="Video", is_published=True, package=new_package)
    activity.refresh_from_db()
    assert activity.external_hosts == [FONTS, "https://player.vimeo.com"]
    assert activity.allowed_hosts == [FONTS]


# The form and the admin


def activity_form(**kwargs):
    """The snippet form as the admin builds it from the panels."""
    from h5p.wagtail_hooks import H5PActivityViewSet

    return H5PActivityViewSet.edit_handler.bind_to_model(H5PActivity).get_form_class()(**kwargs)


@pytest.mark.django_db
def test_the_form_offers_the_detected_hosts_and_refuses_others():
    activity = H5PActivityFactory(package=wanting_package())
    data = {"title": "Video", "is_published": "on", "allowed_hosts": ["https://evil.example"]}
    form = activity_form(data=data, instance=activity)
    assert [value for value, _label in form.fields["allowed_hosts"].choices] == [FONTS, YOUTUBE]
    assert not form.is_valid()
    assert "allowed_hosts" in form.errors


@pytest.mark.django_db
def test_the_form_has_no_host_field_while_there_is_nothing_to_allow():
    assert "allowed_hosts" not in activity_form().fields
    assert "allowed_hosts" not in activity_form(instance=H5PActivityFactory()).fields


@pytest.mark.django_db
def test_after_upload_the_editor_is_told_which_sites_the_package_wants(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_h5p_h5pactivity:add"),
        {"title": "", "package": upload(wanting_package()), "is_published": "on"},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    with translation.override("nl"):
        expected = escape(str(HOSTS_WANTED) % {"hosts": f"{FONTS}, {YOUTUBE}"})
    assert expected.startswith("Dit pakket wil inhoud laden van:")
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_the_editor_allows_a_site_in_the_edit_view(client, editor):
    activity = H5PActivityFactory(package=wanting_package())
    client.force_login(editor)
    url = reverse("wagtailsnippets_h5p_h5pactivity:edit", args=[activity.pk])
    page = client.get(url)
    assert f'value="{YOUTUBE}"'.encode() in page.content
    response = client.post(url, {"title": "Video", "is_published": "on", "allowed_hosts": [YOUTUBE]})
    assert response.status_code == HTTPStatus.FOUND, response.content[:3000]
    activity.refresh_from_db()
    assert activity.allowed_hosts == [YOUTUBE]


@pytest.mark.django_db
def test_the_import_command_names_the_sites_on_stderr(tmp_path):
    path = tmp_path / "video.h5p"
    path.write_bytes(wanting_package())
    out, err = io.StringIO(), io.StringIO()
    call_command("h5p_import", str(path), stdout=out, stderr=err)
    assert out.getvalue().count("\n") == 1
    assert f"{FONTS}, {YOUTUBE}" in err.getvalue()
