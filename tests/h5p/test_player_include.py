"""The player include: one container per activity with everything the JS needs, and no inline script."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from h5p.demo import demo_activities_load
from h5p.models import H5PActivity
from tests.h5p.factories import H5PActivityFactory

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


def test_demo_activities_load_skips_silently_without_the_shared_folder(settings, tmp_path):
    settings.BASE_DIR = tmp_path / "repo"
    assert demo_activities_load() == {}
