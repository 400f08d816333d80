"""The real player in Debian's Chromium: three activities on one lesson page, and a passing MultiChoice result.

The browser runs in a thread of its own: Playwright's sync API refuses to start in a thread where
another Playwright session (e.g. the e2e suite's session-wide browser) already runs an event loop.
"""

import shutil
import threading

import pytest
from django.conf import settings as django_settings

from h5p.demo import demo_activities_load
from h5p.models import H5PContentState, H5PResult, H5PStatement
from h5p.selectors import activity_is_passed, best_results
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.h5p.lesson_urls"),
]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_own_thread(function):
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread below
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=180)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def browse(live_server, client):
    """Returns ``run(steps)``: runs ``steps(page)`` in Chromium, logged in as a fresh learner."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    learner = UserFactory()
    client.force_login(learner)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    def run(steps):
        def session_in_browser():
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                try:
                    context = browser.new_context(base_url=live_server.url)
                    cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
                    context.add_cookies([cookie])
                    page = context.new_page()
                    errors = []
                    page.on("pageerror", lambda error: errors.append(str(error)))
                    steps(page)
                    assert errors == []
                finally:
                    browser.close()

        in_own_thread(session_in_browser)

    run.learner = learner
    return run


def test_a_lesson_renders_three_activities_and_a_correct_multichoice_answer_passes(browse, shared):
    activities = demo_activities_load()

    def steps(page):
        page.goto("/test-lesson/")
        for activity in activities.values():
            page.wait_for_selector(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]', timeout=30_000)
        frames = {key: page.frame_locator(f"#h5p-player-{a.pk} iframe") for key, a in activities.items()}
        frames["truefalse"].get_by_text("Oslo is the capital of Norway.").wait_for(timeout=15_000)
        frames["dragtext"].locator(".h5p-drag-text").wait_for(timeout=15_000)

        multichoice = frames["multichoice"]
        multichoice.get_by_text("Very dark purple").click()
        with (
            page.expect_response(lambda r: "/state/" in r.url and r.request.method == "POST", timeout=15_000) as saved,
            page.expect_response(lambda r: "/xapi/" in r.url and r.status == 201, timeout=15_000),
        ):
            multichoice.get_by_role("button", name="Check").click()
        assert saved.value.status == 200

    browse(steps)

    learner, activity_id = browse.learner, activities["multichoice"].pk
    result = best_results(learner=learner, activity_ids=[activity_id])[activity_id]
    assert result.scaled == 1.0
    assert activity_is_passed(result, 0.7)
    statement = H5PStatement.objects.filter(activity_id=activity_id, is_child=False).latest("pk")
    assert statement.statement["actor"]["account"]["name"] == str(learner.public_id)
    assert H5PResult.objects.filter(learner=learner).count() == 1
    assert H5PContentState.objects.filter(learner=learner, activity_id=activity_id).exists()
