"""Resume in the real player (Debian's Chromium): answers survive a reload, a second device, a failed save and
a new package; a passing answer shows "Gehaald." at once.

The shared packages hold no Course Presentation or Question Set, so Blanks and MultiChoice stand in for them:
both hand their answers back through H5P's ``getCurrentState`` / ``previousState``.
"""

import json
import time

import pytest
from playwright.sync_api import expect

from courses.services import enrollment_create
from h5p.content import activity_from_package
from h5p.models import H5PContentState, H5PResult
from h5p.services import activity_update
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import h5p_block, h5p_content, h5p_content_frame, leave_player, page_logged_in
from tests.factories import UserFactory
from tests.h5p.factories import SHARED

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.h5p.lesson_urls"),
    pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/h5p is not present"),
]

BLANKS, MULTICHOICE = "H5P.Blanks.h5p", "H5P.MultiChoice.h5p"
RESET_NOTICE = "De activiteit is vernieuwd; je begint opnieuw."


def package(name: str):
    return SHARED / "valid" / name


@pytest.fixture
def lesson_with(client, live_server):
    """Place activities in a lesson of a course the learner is enrolled in; returns (learner, url, activities)."""

    def place(*names: str, threshold: int = 70):
        activities = [activity_from_package(path=package(name)) for name in names]
        course = course_with_lessons(0)
        lesson = lesson_add(
            course, title="Spelen", body=json.dumps([h5p_block(a, pass_threshold=threshold) for a in activities])
        )
        learner = UserFactory()
        enrollment_create(learner=learner, course=course)
        client.force_login(learner)
        return learner, lesson.url, activities

    return place


def ready(page, activity):
    page.locator(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]').wait_for(timeout=30_000)
    return h5p_content(page, activity)


def state_saved(page, activity=None):
    """The next saved state, of ``activity`` when given."""
    path = f"/activiteiten/{activity.pk}/state/" if activity else "/state/"
    return page.expect_response(lambda r: path in r.url and r.request.method == "POST" and r.ok, timeout=20_000)


def fill_blank_and_choose(page, blanks, multichoice):
    blanks_frame, multichoice_frame = ready(page, blanks), ready(page, multichoice)
    with state_saved(page, blanks):
        blanks_frame.locator("input.h5p-text-input").first.fill("blue")
        blanks_frame.locator("input.h5p-text-input").first.press("Tab")
    with state_saved(page, multichoice):
        multichoice_frame.get_by_text("Very dark purple").click()


def assert_answers_kept(page, blanks, multichoice):
    expect(ready(page, blanks).locator("input.h5p-text-input").first).to_have_value("blue")
    option = (
        ready(page, multichoice)
        .get_by_role("checkbox", name="Very dark purple")
        .or_(ready(page, multichoice).get_by_role("radio", name="Very dark purple"))
    )
    expect(option).to_have_attribute("aria-checked", "true")


def test_answers_survive_a_reload_and_a_second_device(new_page, client, live_server, lesson_with):
    learner, url, (blanks, multichoice) = lesson_with(BLANKS, MULTICHOICE)
    page = page_logged_in(new_page, client, live_server)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    fill_blank_and_choose(page, blanks, multichoice)

    page.reload()
    assert_answers_kept(page, blanks, multichoice)
    stored = json.loads(H5PContentState.objects.get(learner=learner, activity=blanks).data)
    assert stored["packageVersion"] == str(blanks.package_version)

    phone = page_logged_in(new_page, client, live_server, width=390, height=844)
    phone.goto(url)
    assert_answers_kept(phone, blanks, multichoice)
    assert errors == []
    leave_player(phone)
    leave_player(page)


def test_a_failed_save_is_retried_and_lands(new_page, client, live_server, lesson_with):
    learner, url, (multichoice,) = lesson_with(MULTICHOICE)
    page = page_logged_in(new_page, client, live_server)
    failures = []

    def fail_once(route):
        if route.request.method == "POST" and not failures:
            failures.append(time.monotonic())
            route.fulfill(status=500, body="{}", content_type="application/json")
        else:
            route.continue_()

    page.route("**/state/**", fail_once)
    page.goto(url)
    frame = ready(page, multichoice)
    with state_saved(page) as saved:
        frame.get_by_text("Very dark purple").click()
    assert failures and saved.value.ok
    stored = json.loads(H5PContentState.objects.get(learner=learner, activity=multichoice).data)
    assert stored["packageVersion"] == str(multichoice.package_version) and stored["state"]

    page.reload()
    option = (
        ready(page, multichoice)
        .get_by_role("checkbox", name="Very dark purple")
        .or_(ready(page, multichoice).get_by_role("radio", name="Very dark purple"))
    )
    expect(option).to_have_attribute("aria-checked", "true")
    leave_player(page)


def test_a_new_package_starts_afresh_and_says_so(new_page, client, live_server, lesson_with):
    learner, url, (blanks, multichoice) = lesson_with(BLANKS, MULTICHOICE)
    page = page_logged_in(new_page, client, live_server)
    page.goto(url)
    fill_blank_and_choose(page, blanks, multichoice)
    leave_player(page)

    with package(BLANKS).open("rb") as file:  # the same file again is a new package version all the same
        activity_update(activity=blanks, title=blanks.title, is_published=True, package=file)
    # A page still open on the old version saves late: that state belongs to the old package.
    H5PContentState.objects.filter(learner=learner, activity=multichoice).update(
        data=json.dumps({"packageVersion": "00000000-0000-0000-0000-000000000000", "state": {"answers": [0]}})
    )

    page.unroute("**/state/**")  # the same device, which remembers having saved on the old version
    page.unroute("**/xapi/**")
    page.goto(url)
    for activity in (blanks, multichoice):
        figure = page.locator(f'[data-activity-id="{activity.pk}"]')
        expect(figure.get_by_role("status")).to_have_text(RESET_NOTICE)
    expect(ready(page, blanks).locator("input.h5p-text-input").first).to_have_value("")
    expect(ready(page, multichoice).get_by_text("Very dark purple")).to_be_visible()
    assert not H5PContentState.objects.filter(activity=multichoice).exists()  # the stale state is gone

    page.reload()  # told once
    ready(page, blanks)
    expect(page.get_by_text(RESET_NOTICE)).to_have_count(0)
    leave_player(page)


def test_a_passing_answer_shows_gehaald_without_a_reload(new_page, client, live_server, lesson_with):
    learner, url, (multichoice,) = lesson_with(MULTICHOICE)
    page = page_logged_in(new_page, client, live_server)
    page.goto(url)
    frame = ready(page, multichoice)
    block = page.locator(".activity--h5p")
    expect(block.get_by_text("Gehaald.")).to_have_count(0)
    frame.get_by_text("Very dark purple").click()
    with page.expect_response(lambda r: "/xapi/" in r.url and r.status == 201):
        frame.get_by_role("button", name="Check").click()
    expect(block.get_by_text("Gehaald.")).to_be_visible()
    expect(block.get_by_text("Verplicht", exact=False)).to_be_hidden()

    page.reload()  # and the server agrees
    expect(page.locator(".activity--h5p").get_by_text("Gehaald.")).to_be_visible()
    leave_player(page)


def test_one_submission_sent_twice_counts_once(new_page, client, live_server, lesson_with):
    learner, url, (multichoice,) = lesson_with(MULTICHOICE)
    page = page_logged_in(new_page, client, live_server)
    page.goto(url)
    ready(page, multichoice)
    accepted = []  # a request the server could not take (a busy test database: 503) is retried, and not counted
    page.on("response", lambda r: accepted.append(r.url) if "/xapi/" in r.url and r.ok else None)
    with page.expect_response(lambda r: "/xapi/" in r.url and r.ok):
        h5p_content_frame(page, multichoice).evaluate(
            """() => {
                const instance = H5P.instances[0];
                instance.triggerXAPIScored(1, 1, "answered");
                instance.triggerXAPIScored(1, 1, "answered");
            }"""
        )
    page.wait_for_timeout(500)
    assert len(accepted) == 1
    assert H5PResult.objects.get(learner=learner, activity=multichoice).attempts == 1
    leave_player(page)
