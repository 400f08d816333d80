"""Journey 5: an editor uploads an H5P package in the Wagtail admin, builds a lesson around it in the page
editor (StreamField block + snippet chooser), publishes, and a learner sees the activity play.

The admin pages are Wagtail's own: axe runs on the learner's pages only.
"""

import re

import pytest
from playwright.sync_api import expect

from courses.models import LessonPage
from h5p.models import H5PActivity
from tests.courses.factories import course_with_lessons
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, h5p_content, log_in
from tests.factories import PASSWORD, UserFactory
from tests.h5p.factories import shared_package

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TRUE_FALSE = shared_package("valid", "H5P.TrueFalse.h5p")


@pytest.fixture
def course():
    if not TRUE_FALSE.is_file():
        pytest.skip("../shared/h5p is not present")
    return course_with_lessons(1, title="Herken de signalen")


def check(page) -> None:
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


def test_editor_uploads_h5p_builds_a_lesson_and_a_learner_sees_it_play(new_page, course):
    editor = UserFactory(email="redactie@signaal.example", is_staff=True, is_superuser=True)
    admin = new_page(width=1400, height=1000)
    log_in(admin, editor.email, PASSWORD)

    # Upload the package as an "Interactive activity" snippet.
    admin.goto("/admin/snippets/h5p/h5pactivity/add/")
    admin.locator("input[type=file][name=package]").set_input_files(str(TRUE_FALSE))
    admin.locator("input[name=title]").fill("Waar of niet waar?")
    admin.locator("form[method=post] button[type=submit]").filter(has_text=re.compile(r"Opslaan|Save")).first.click()
    admin.wait_for_url(re.compile(r"/admin/snippets/h5p/h5pactivity/(\?.*)?$"))
    activity = H5PActivity.objects.get(title="Waar of niet waar?")
    assert activity.main_library.startswith("H5P.TrueFalse-")
    expect(admin.get_by_role("link", name="Waar of niet waar?")).to_be_visible()

    # A new lesson in the page editor, with an "H5P activity" block chosen through the snippet chooser.
    admin.goto(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
    admin.locator("#id_title").fill("Oefenen met signalen")
    body = admin.locator("[data-contentpath=body]")
    body.locator("button.c-sf-add-button").first.click()  # "+": insert a block
    admin.get_by_role("option", name="H5P-activiteit").click()
    chooser = body.locator(".snippet-chooser").first
    chooser.get_by_role("button", name="Kies interactieve activiteit").click()
    modal = admin.locator(".modal")
    modal.get_by_role("link", name="Waar of niet waar?").click()
    expect(chooser.locator("[data-chooser-title]")).to_have_text("Waar of niet waar?")

    # Publish from the footer's action menu.
    admin.locator("footer .w-dropdown__toggle").first.click()
    admin.locator("button[name=action-publish]").click()
    admin.wait_for_url(f"**/admin/pages/{course.pk}/")
    lesson = LessonPage.objects.get(title="Oefenen met signalen")
    assert lesson.live
    assert [(block.block_type, block.value["activity"]) for block in lesson.body] == [("h5p", activity)]

    # A learner opens the lesson: the player starts inside the page and the activity can be answered.
    learner = UserFactory()
    page = new_page()
    log_in(page, learner.email, PASSWORD)
    page.goto(course.url)
    expect(page.locator(".lesson-list")).to_contain_text("Oefenen met signalen")  # the published lesson
    check(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", name="Les 1")).to_be_visible()
    page.goto(course.url)
    page.get_by_role("link", name="Oefenen met signalen").click()
    expect(page.get_by_role("heading", name="Oefenen met signalen")).to_be_visible()
    page.locator(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]').wait_for(timeout=30_000)
    player = h5p_content(page, activity)
    player.locator(".h5p-content").wait_for()
    player.get_by_text("Oslo is the capital of Norway.").wait_for()
    check(page)
    player.get_by_role("radio", name="Yes").click()
    with (  # the result and the saved state: both written before the next step
        page.expect_response(lambda r: "/xapi/" in r.url and r.status == 201, timeout=30_000),
        page.expect_response(lambda r: "/state/" in r.url and r.request.method == "POST", timeout=30_000),
    ):
        player.get_by_role("button", name="Check").click()
    page.reload()
    expect(page.locator(".activity--h5p")).to_contain_text("Gehaald.")
    check(page)

    phone = new_page(width=320, height=640)
    log_in(phone, learner.email, PASSWORD)
    phone.goto(lesson.url)
    phone.locator(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]').wait_for(timeout=30_000)
    phone.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(phone)

    # Leave the players' pages, so no state save of theirs is still running when the test database is emptied.
    for device in (page, phone):
        device.goto(course.url)
        device.wait_for_load_state("networkidle")
