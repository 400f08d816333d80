"""The player include: one container per activity with everything the JS needs, and no inline script."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from h5p.models import H5PActivity
from tests.h5p.factories import H5PActivityFactory, demo_activities_load

pytestmark = pytest.mark.django_db

TEMPLATE = '{% for a in activities %}{% include "h5p/includes/player.html" with activity=a %}{% endfor %}'


def render(activities, user, settings=None) -> str:
    request = RequestFactory().get("/les/")
    request.user = user
    return engines["django"].from_string(TEMPLATE).render({"activities": activities}, request)


def test_several_players_render_on_one_page_each_with_its_own_urls(user):
    first, second = H5PActivityFactory(), H5PActivityFactory()
    html = render([first, second], user)
    assert html.count("data-h5p-player") == 2
    for activity in (first, second):
        assert f'id="h5p-player-{activity.pk}"' in html
        assert f'data-xapi-url="{reverse("h5p:xapi", args=[activity.pk])}"' in html
        assert f'data-iri="http://testserver{reverse("h5p:activity", args=[activity.pk])}"' in html
        assert f"/h5p/content/{activity.pk}/{activity.package_version}" in html
    assert 'data-player-js="/static/h5p-standalone/main.bundle.js"' in html
    assert "data-csrf-token=" in html


def test_the_include_has_no_inline_script_and_no_cdn(user):
    html = render([H5PActivityFactory()], user)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    random_token = re.compile(r'data-csrf-token="[^"]*"')  # may spell "cdn" by chance
    assert "cdn" not in random_token.sub("", html).lower()


def test_a_content_origin_serves_the_player_and_the_content(user, settings):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.signaal.test"
    activity = H5PActivityFactory()
    html = render([activity], user)
    assert 'data-player-js="https://h5p.signaal.test/static/h5p-standalone/main.bundle.js"' in html
    assert f'data-h5p-json-path="https://h5p.signaal.test/h5p/content/{activity.pk}/' in html
    assert f'data-xapi-url="/h5p/activiteiten/{activity.pk}/xapi/"' in html  # statements stay on the platform


def test_the_player_is_served_as_static_files_from_npm(client):
    from django.contrib.staticfiles import finders

    assert finders.find("h5p-standalone/main.bundle.js")
    assert finders.find("h5p-standalone/frame.bundle.js")
    assert finders.find("h5p-standalone/styles/h5p.css")
    assert finders.find("js/h5p-player.js")


def test_demo_activities_load_is_idempotent(shared):
    first = demo_activities_load()
    second = demo_activities_load()
    assert set(first) == {"multichoice", "truefalse", "dragtext"}
    assert {k: a.pk for k, a in first.items()} == {k: a.pk for k, a in second.items()}
    assert H5PActivity.objects.count() == 3


def test_demo_activities_load_skips_silently_without_the_shared_folder(tmp_path):
    assert demo_activities_load(tmp_path / "no-shared") == {}


def test_the_frame_gets_the_content_language_and_dutch_player_strings(user):
    import html as html_lib
    import json

    from django.utils import translation

    dutch, undetermined = H5PActivityFactory(), H5PActivityFactory()
    H5PActivity.objects.filter(pk=undetermined.pk).update(language="und")
    undetermined.refresh_from_db()
    with translation.override("nl"):
        page = render([dutch, undetermined], user)
    assert page.count('data-language="nl"') == 2  # the package's "nl", and the page's for "und"
    strings = json.loads(html_lib.unescape(re.search(r'data-strings="([^"]*)"', page).group(1)))
    assert strings["H5P"]["fullscreen"] == "Volledig scherm"
    assert strings["H5P"]["contentChanged"] == "Deze activiteit is veranderd sinds je hem de vorige keer gebruikte."
    assert f'data-package-version="{dutch.package_version}"' in page
    with translation.override("en"):
        english = render([dutch], user)
    assert "&quot;fullscreen&quot;: &quot;Fullscreen&quot;" in english


def test_the_lesson_block_shows_passed_only_when_passed_and_leaves_room_for_the_script(user):
    from django.template.loader import render_to_string
    from django.utils import translation

    activity = H5PActivityFactory()
    value = {"activity": activity, "is_required": True, "pass_threshold": 70}
    request = RequestFactory().get("/les/")
    request.user = user
    with translation.override("nl"):
        open_ = render_to_string("blocks/h5p.html", {"value": value, "passed_h5p_ids": set()}, request)
        passed = render_to_string("blocks/h5p.html", {"value": value, "passed_h5p_ids": {activity.pk}}, request)
    assert 'data-pass-threshold="70"' in open_
    assert 'data-h5p-passed="Gehaald." role="status"></p>' in open_
    assert "data-h5p-required" in open_
    assert 'role="status">Gehaald.</p>' in passed
    assert "data-h5p-required" not in passed
