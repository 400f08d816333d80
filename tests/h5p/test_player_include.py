"""The player include: one container per activity with its sandbox's URL and the page's own endpoints, and no
inline script. The package's files are not named on the page: only the sandbox loads them."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from h5p import sandbox
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
        frame_url = reverse("h5p:frame", args=[activity.pk, activity.package_version, sandbox.token_for(activity)])
        assert f'data-frame-url="{frame_url}"' in html
    assert "/h5p/content/" not in html and "main.bundle.js" not in html
    assert "data-csrf-token=" in html


def test_the_include_has_no_inline_script_and_no_cdn(user):
    html = render([H5PActivityFactory()], user)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    random_token = re.compile(r'data-csrf-token="[^"]*"')  # may spell "cdn" by chance
    assert "cdn" not in random_token.sub("", html).lower()


def test_a_content_origin_serves_the_sandbox(user, settings):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.signaal.test"
    activity = H5PActivityFactory()
    html = render([activity], user)
    assert f'data-frame-url="https://h5p.signaal.test/h5p/speler/{activity.pk}/' in html
    assert f'data-xapi-url="/h5p/activiteiten/{activity.pk}/xapi/"' in html  # statements stay on the platform


def test_an_unpublished_activity_plays_only_for_an_editor_with_a_preview_token(user, editor):
    activity = H5PActivityFactory(is_published=False)
    learners_page = render([activity], user)
    assert 'data-frame-url=""' in learners_page and "h5p-player-" not in learners_page
    assert "niet beschikbaar" in learners_page or "not available" in learners_page
    editors_page = render([activity], editor)
    assert f"/h5p/speler/{activity.pk}/{activity.package_version}/preview." in editors_page


def test_the_player_is_served_as_static_files_from_npm(client):
    from django.contrib.staticfiles import finders

    assert finders.find("h5p-standalone/main.bundle.js")
    assert finders.find("h5p-standalone/frame.bundle.js")
    assert finders.find("h5p-standalone/styles/h5p.css")
    assert finders.find("js/h5p-player.js")
    assert finders.find("js/h5p-frame.js")


def test_demo_activities_load_is_idempotent(shared):
    first = demo_activities_load()
    second = demo_activities_load()
    assert set(first) == {"multichoice", "truefalse", "dragtext"}
    assert {k: a.pk for k, a in first.items()} == {k: a.pk for k, a in second.items()}
    assert H5PActivity.objects.count() == 3


def test_demo_activities_load_skips_silently_without_the_shared_folder(tmp_path):
    assert demo_activities_load(tmp_path / "no-shared") == {}


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


def test_the_credits_name_a_licence_the_package_gives_and_say_nothing_for_an_undisclosed_one(user):
    import json

    from tests.h5p.factories import h5p_json, package_bytes

    given = H5PActivityFactory(
        package=package_bytes(**{"h5p.json": json.dumps(h5p_json(licenseVersion="4.0")).encode()})
    )
    undisclosed = H5PActivityFactory(package=package_bytes(**{"h5p.json": json.dumps(h5p_json(license="U")).encode()}))

    assert "CC BY 4.0" in render([given], user)
    page = render([undisclosed], user)
    assert "Licentie" not in page and "Licence" not in page
    assert "Redactie Signaal" in page  # the authors still are credited
