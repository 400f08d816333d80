"""The real player in Debian's Chromium: activities on one page start one after another, each with its own
libraries, in the page's language; a passing MultiChoice result; content that fails to start; a phone."""

import json

import pytest
from playwright.sync_api import expect

from courses.services import enrollment_create
from h5p.models import H5PContentState, H5PResult, H5PStatement
from h5p.selectors import activity_is_passed, best_results
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import (
    click_near_players,
    h5p_block,
    h5p_content,
    h5p_content_frame,
    leave_player,
    page_logged_in,
)
from tests.factories import UserFactory
from tests.h5p.factories import demo_activities_load

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.h5p.lesson_urls"),
]


def test_a_lesson_renders_three_activities_and_a_correct_multichoice_answer_passes(new_page, client, live_server):
    activities = demo_activities_load()
    learner = _lesson_for(activities.values())
    page = _open(new_page, client, live_server, learner)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    frames = _open_lesson_with_players(page, activities)
    multichoice = frames["multichoice"]
    multichoice.get_by_text("Very dark purple").click()
    with (
        page.expect_response(lambda r: "/state/" in r.url and r.request.method == "POST") as saved,
        page.expect_response(lambda r: "/xapi/" in r.url and r.status == 201),
    ):
        multichoice.get_by_role("button", name="Check").click()

    assert saved.value.status == 200
    assert errors == []
    activity_id = activities["multichoice"].pk
    result = best_results(learner=learner, activity_ids=[activity_id])[activity_id]
    assert result.scaled == 1.0 and activity_is_passed(result, 0.7)
    statement = H5PStatement.objects.filter(activity_id=activity_id, is_child=False).latest("pk")
    assert statement.statement["actor"]["account"]["name"] == str(learner.public_id)
    assert H5PResult.objects.filter(learner=learner).count() == 1
    assert H5PContentState.objects.filter(learner=learner, activity_id=activity_id).exists()

    leave_player(page)


def _open(new_page, client, live_server, learner, **viewport):
    client.force_login(learner)
    return page_logged_in(new_page, client, live_server, **viewport)


def _open_lesson_with_players(page, activities) -> dict:
    """Open the stand-in lesson and wait until every player shows its content; returns their frames by key."""
    page.goto("/test-lesson/")
    for activity in activities.values():
        page.wait_for_selector(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]', timeout=30_000)
    frames = {key: h5p_content(page, a) for key, a in activities.items()}
    frames["truefalse"].get_by_text("Oslo is the capital of Norway.").wait_for()
    frames["dragtext"].locator(".h5p-drag-text").wait_for()
    return frames


def _lesson_for(activities):
    """A learner enrolled in a course whose lesson holds the activities: the access policy lets them play there
    (the stand-in page renders the players)."""
    learner = UserFactory()
    course = course_with_lessons(0)
    lesson_add(course, title="Spelen", body=json.dumps([h5p_block(a) for a in activities]))
    enrollment_create(learner=learner, course=course)
    return learner


def test_three_activities_each_play_in_a_frame_of_their_own_with_their_own_libraries(new_page, client, live_server):
    activities = demo_activities_load()
    page = _open(new_page, client, live_server, _lesson_for(activities.values()))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    frames = _open_lesson_with_players(page, activities)
    frames["multichoice"].get_by_text("Very dark purple").wait_for()
    for activity in activities.values():
        seen = h5p_content_frame(page, activity).evaluate(
            """() => ({
                libraries: H5PIntegration.urlLibraries,
                instances: H5P.instances.map(i => String(i.contentId)),
                lang: document.documentElement.lang,
                fullscreen: H5PIntegration.l10n.H5P.fullscreen,
            })"""
        )
        assert f"/h5p/content/{activity.pk}/{activity.package_version}" in seen["libraries"]
        assert seen["instances"] == [f"signaal-{activity.pk}"]
        assert seen["lang"] == "nl"  # the packages say "und": the page's language then
        assert seen["fullscreen"] == "Volledig scherm"
    assert errors == []
    leave_player(page)


def test_content_that_fails_to_start_says_so(new_page, client, live_server):
    activities = demo_activities_load()
    page = _open(new_page, client, live_server, _lesson_for(activities.values()))
    page.route("**/H5P.MultiChoice-*/**/*.js", lambda route: route.fulfill(body="throw new Error('broken');"))
    page.goto("/test-lesson/")
    broken = page.locator(f'[data-activity-id="{activities["multichoice"].pk}"]')
    expect(broken.get_by_role("alert")).to_have_text(
        "Deze activiteit kon niet worden geladen. Laad de pagina opnieuw om het nog eens te proberen.", timeout=30_000
    )
    expect(broken.locator(".h5p-activity__player")).to_be_hidden()
    # The others still start, after it.
    for key in ("truefalse", "dragtext"):
        page.wait_for_selector(f'[data-activity-id="{activities[key].pk}"][data-h5p-ready="true"]', timeout=30_000)
    leave_player(page)


def test_on_a_phone_the_activity_uses_the_full_width(new_page, client, live_server):
    activities = demo_activities_load()
    page = _open(new_page, client, live_server, _lesson_for(activities.values()), width=360, height=740)
    page.goto("/test-lesson/")
    activity = activities["multichoice"]
    page.wait_for_selector(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]', timeout=30_000)
    width = page.locator(f"#h5p-player-{activity.pk} > iframe").bounding_box()["width"]
    assert width >= 360 - 2 * 16 - 2  # only the page's own padding is left
    leave_player(page)


def test_the_rights_of_use_open_in_dutch_and_every_activity_goes_full_screen(new_page, client, live_server):
    activities = demo_activities_load()
    page = _open(new_page, client, live_server, _lesson_for(activities.values()))
    frames = _open_lesson_with_players(page, activities)

    frames["multichoice"].get_by_text("Gebruiksrechten").click()
    dialog = frames["multichoice"].locator(".h5p-popup-dialog")
    expect(dialog).to_contain_text("Naamsvermelding-GeenAfgeleideWerken 4.0 Internationaal")  # the photo's licence
    expect(dialog).to_contain_text("Karen Jackson")

    for activity in activities.values():  # every type, also those without a full-screen button of their own
        expect(
            page.locator(f'[data-activity-id="{activity.pk}"]').get_by_role("button", name="Volledig scherm")
        ).to_be_visible()
    truefalse = activities["truefalse"]
    button = page.locator(f'[data-activity-id="{truefalse.pk}"]').get_by_role("button", name="Volledig scherm")
    click_near_players(button)
    page.wait_for_function("() => document.fullscreenElement && document.fullscreenElement.tagName === 'IFRAME'")
    shown = page.evaluate("() => document.fullscreenElement.closest('[data-activity-id]').dataset.activityId")
    assert shown == str(truefalse.pk)
    leave_player(page)


def test_an_activity_with_content_from_other_sites_loads_only_when_the_learner_asks(new_page, client, live_server):
    from h5p.models import H5PActivity

    activities = demo_activities_load()
    multichoice = activities["multichoice"]
    hosts = ["https://www.youtube.com"]
    H5PActivity.objects.filter(pk=multichoice.pk).update(external_hosts=hosts, allowed_hosts=hosts)
    page = _open(new_page, client, live_server, _lesson_for([multichoice]))
    frames_requested = []
    own_frame = f"/h5p/speler/{multichoice.pk}/"
    page.on("request", lambda r: frames_requested.append(r.url) if own_frame in r.url else None)

    page.goto("/test-lesson/")
    figure = page.locator(f'[data-activity-id="{multichoice.pk}"]')
    expect(figure).to_contain_text("https://www.youtube.com")
    page.wait_for_timeout(1_000)
    assert frames_requested == [] and figure.locator("iframe").count() == 0

    figure.get_by_role("button", name="Activiteit laden").click()
    page.wait_for_selector(f'[data-activity-id="{multichoice.pk}"][data-h5p-ready="true"]', timeout=30_000)
    assert len(frames_requested) == 1
    leave_player(page)
