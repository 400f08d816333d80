"""Every HTML page carries a Content-Security-Policy: no inline script or style without the page's nonce, no
plugins, no <base> elsewhere, never framed. The two admins get a relaxed policy of their own; a page with an
H5P player allows exactly what the player needs. The browser journeys (tests/e2e) fail on any violation."""

import base64
import hashlib
import json
import re
from html import unescape as html_unescape
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.services import enrollment_create
from h5p.player import FRAME_INLINE_SCRIPT_HASH
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

    policy = assert_strict(response, scripts=1)
    assert "video-consent.js" in response.content.decode()
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]  # the video plays after a click
    assert FRAME_INLINE_SCRIPT_HASH not in policy["script-src"]  # no player on this page
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


def test_a_page_with_an_h5p_player_allows_its_frame_script_and_eval_and_nothing_inline(client, learner):
    activity = H5PActivityFactory()
    course = course_with_lessons(0)
    lesson = lesson_add(course, title="Spelen", body=json.dumps([h5p_block(activity)]))
    enrollment_create(learner=learner, course=course)

    response = client.get(lesson.url)

    policy = directives(response)
    assert FRAME_INLINE_SCRIPT_HASH in policy["script-src"] and "'unsafe-eval'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    nonce = nonce_of(policy)
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script\b[^>]*>", response.content.decode()))
    # The activity's own page too, and only these pages: the next one is strict again.
    assert FRAME_INLINE_SCRIPT_HASH in directives(client.get(reverse("h5p:activity", args=[activity.pk])))["script-src"]
    assert_strict(client.get(reverse("dashboard")))


def test_the_frame_script_hash_is_that_of_the_installed_h5p_standalone():
    bundle = (settings.BASE_DIR / "node_modules" / "h5p-standalone" / "dist" / "frame.bundle.js").read_text()
    inline = re.findall(r"<script>([^<>]*?)<\\/script>", bundle)
    assert len(inline) == 1, inline
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()

    assert f"'sha256-{digest}'" == FRAME_INLINE_SCRIPT_HASH


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

    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src", "frame-src"):
        assert "https://h5p.signaal.test" in policy[directive]


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


def test_a_player_in_an_admin_preview_keeps_the_admins_unsafe_inline():
    from django.http import HttpResponse

    from elearning.csp import ContentSecurityPolicyMiddleware
    from h5p.player import player_csp_require

    request = RequestFactory().get("/admin/pages/1/edit/preview/")

    def view(request):
        player_csp_require(request)
        return HttpResponse("<p>Les</p>")

    response = ContentSecurityPolicyMiddleware(view)(request)

    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-eval'" in policy["script-src"]
    assert FRAME_INLINE_SCRIPT_HASH not in policy["script-src"]  # a hash would switch 'unsafe-inline' off
