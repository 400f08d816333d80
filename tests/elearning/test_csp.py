"""Every HTML page carries a Content-Security-Policy: no inline script or style without the page's nonce, no
plugins, no <base> elsewhere, never framed. The two admins get a relaxed policy of their own; a page with an
H5P player stays as strict (the player has a sandboxed document with its own policy: tests/h5p/test_sandbox.py).
The browser journeys (tests/e2e) fail on any violation."""

import json
import re
from html import unescape as html_unescape
from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.services import enrollment_create
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import h5p_block
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory
from tests.organisations.factories import OrganisationFactory, coordinator_of

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    assert HEADER in response, f"no {HEADER} on {response.wsgi_request.path}"
    policy = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def nonce_of(policy) -> str:
    nonces = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) == 1, policy["script-src"]
    assert nonces[0] in policy["style-src"]
    return nonces[0].removeprefix("'nonce-").removesuffix("'")


def assert_strict(response, *, scripts: int | None = None) -> dict[str, list[str]]:
    """The learner pages' policy, with a nonce that every <script> and <style> on the page carries."""
    assert response.status_code == HTTPStatus.OK
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "style-src-attr" not in policy and "script-src-attr" not in policy
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    nonce = nonce_of(policy)
    html = response.content.decode()
    tags = re.findall(r"<(?:script|style)\b[^>]*>", html)
    if scripts is not None:
        assert len([t for t in tags if t.startswith("<script")]) == scripts, tags
    for tag in tags:
        if 'type="application/json"' not in tag:  # data for a script, never run
            assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[a-z][^>]*\sstyle=", html), "an inline style attribute"
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), "an inline event handler"
    return policy


@pytest.fixture
def learner(client):
    learner = UserFactory()
    client.force_login(learner)
    return learner


def test_the_home_page_carries_the_strict_policy(client):
    assert_strict(client.get("/"))


def test_a_learners_lesson_with_a_video_carries_it_and_its_script_has_the_nonce(client, learner):
    url = "https://www.youtube-nocookie.com/embed/signaal"
    Embed.objects.create(  # as if Wagtail had fetched it: nothing goes online
        hash=get_embed_hash(url),
        url=url,
        type="video",
        html=f'<iframe src="{url}" width="640" height="360" title="Film"></iframe>',
        width=640,
        height=360,
    )
    course = course_with_lessons(0)
    video = {"type": "video", "value": {"video": url, "title": "Film", "transcript": "<p>Tekst</p>"}}
    lesson = lesson_add(course, title="Kijken", body=json.dumps([video]))
    enrollment_create(learner=learner, course=course)

    response = client.get(lesson.url)

    policy = assert_strict(response, scripts=2)  # the language switch and the video consent
    assert "video-consent.js" in response.content.decode()
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]  # the video plays after a click
    assert "'unsafe-eval'" not in policy["script-src"]
    # Wagtail's embed wrapper would set the ratio in a style attribute; ours is a data attribute.
    assert "style=" not in html_unescape(response.content.decode())
    assert "data-ratio=" in html_unescape(response.content.decode())


def test_a_learners_dashboard_carries_it(client, learner):
    assert_strict(client.get(reverse("dashboard")))


def test_a_coordinators_report_carries_it(client):
    organisation = OrganisationFactory()
    client.force_login(coordinator_of(organisation).user)

    assert_strict(client.get(reverse("organisations:report", args=[organisation.pk])))


def test_the_pupil_join_page_carries_it(client):
    assert_strict(client.get(reverse("classrooms:join")))


def test_every_response_gets_a_fresh_nonce(client):
    assert nonce_of(directives(client.get("/"))) != nonce_of(directives(client.get("/")))


def test_a_page_with_an_h5p_player_stays_strict_and_only_frames_its_own_sandbox(client, learner):
    activity = H5PActivityFactory()
    course = course_with_lessons(0)
    lesson = lesson_add(course, title="Spelen", body=json.dumps([h5p_block(activity)]))
    enrollment_create(learner=learner, course=course)

    response = client.get(lesson.url)

    assert_strict(response)
    policy = directives(response)
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'self'" in policy["frame-src"]
    nonce = nonce_of(policy)
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script\b[^>]*>", response.content.decode()))


def test_a_content_origin_is_allowed_to_serve_the_player(settings):
    from importlib import reload

    import elearning.settings.base as base

    settings_module_env = {"H5P_CONTENT_ORIGIN": "https://h5p.signaal.test/"}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in settings_module_env.items():
            patch.setenv(key, value)
        reloaded = reload(base)
        policy = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    reload(base)

    assert "https://h5p.signaal.test" in policy["frame-src"]  # the sandbox; all it loads comes under its own policy
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert "https://h5p.signaal.test" not in policy[directive]


@pytest.mark.parametrize("path", ["/admin/", "/django-admin/"])
def test_the_admins_get_the_relaxed_policy_without_a_nonce(client, path):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))  # with MFA set up

    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert not any(s.startswith("'nonce-") for s in policy["script-src"])  # it would switch 'unsafe-inline' off
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the admin frames its own previews


def test_the_admins_login_doors_are_under_the_relaxed_prefixes_and_allauths_login_is_strict(client):
    assert_strict(client.get(reverse("account_login")))
    assert "'unsafe-inline'" in directives(client.get("/admin/login/"))["script-src"]


def test_h5p_content_files_keep_their_own_stricter_policy():
    from h5p.views import CONTENT_CSP

    assert "default-src 'none'" in CONTENT_CSP and "sandbox" in CONTENT_CSP


def test_the_500_page_styles_itself_with_the_nonce_only():
    from elearning.views import server_error

    request = RequestFactory().get("/")
    request.csp_nonce = "abc123"
    html = server_error(request).content.decode()

    assert '<style nonce="abc123">' in html and "style=" not in html
