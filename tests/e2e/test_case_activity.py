"""Journey: a learner plays a branching case with the keyboard only. Each answer is a plain form post; focus
lands on the new scene's heading, which the feedback describes; the end shows every signal on one timeline and
the epilogue. The same case plays with JavaScript switched off."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from courses.services import enrollment_create
from quizzes.models import QuizAttempt
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in, quiz_block, tab_to
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.case_factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def dutch(text: str) -> str:
    with translation.override("nl"):
        return gettext(text)


@pytest.fixture
def placed():
    case = CaseFactory(title="Casus: drie plekken")
    course = course_with_lessons(0, title="Herken de signalen")
    lesson = lesson_add(course, title="Casus", body=json.dumps([quiz_block(case)]))
    learner = UserFactory(email="casus@voorbeeld.nl")
    enrollment_create(learner=learner, course=course)
    return case, lesson, learner


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def answer_with_keyboard(page, option_index: int) -> None:
    """Tab into the options, arrow to the wanted one (arrows check a radio), then Tab to the button and press Enter."""
    first = page.locator("input[type=radio]").first
    tab_to(page, first)
    page.keyboard.press("Space")
    for _ in range(option_index):
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("button", name=dutch("Answer and continue")))
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_a_learner_plays_a_branching_case_with_the_keyboard(new_page, placed):
    case, lesson, learner = placed
    page = new_page()
    log_in(page, learner.email, PASSWORD)
    page.goto(lesson.url)
    tab_to(page, page.get_by_role("link", name=dutch("Start the case")))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name=dutch("Start the case")))
    page.keyboard.press("Enter")

    # Scene 1: focus is on its heading; the scene and its question are there, nothing of the answer is.
    expect(page.locator("h2#scene")).to_be_focused()
    expect(page.get_by_text("SCENE s1")).to_be_visible()
    expect(page.locator("fieldset legend")).to_have_text("What do you notice in s1?")
    expect(page.get_by_text("FEEDBACK", exact=False)).to_have_count(0)
    assert_accessible(page)

    # A wrong answer (option a) sends the story down its branch, with the feedback first.
    answer_with_keyboard(page, 0)
    expect(page.locator("h2#scene")).to_be_focused()
    expect(page.locator("h2#scene")).to_have_attribute("aria-describedby", "case-feedback")
    expect(page.locator("#case-feedback")).to_contain_text("FEEDBACK s1-a")
    expect(page.locator("#case-feedback")).to_contain_text(dutch("You missed this signal"))
    expect(page.get_by_text("SCENE s2b")).to_be_visible()
    assert_accessible(page)

    # Right answers for the rest (option b).
    answer_with_keyboard(page, 1)
    expect(page.locator("#case-feedback")).to_contain_text(dutch("Well spotted"))
    expect(page.get_by_text("SCENE s3")).to_be_visible()
    answer_with_keyboard(page, 1)

    # The end: focus on the timeline's heading; own signals spotted or missed, another seat's signal, the epilogue.
    expect(page.locator("h2#case-end")).to_be_focused()
    timeline = page.locator("ol.case-timeline > li")
    expect(timeline).to_have_count(4)
    expect(timeline.nth(0)).to_contain_text(dutch("You missed this"))
    expect(timeline.nth(1)).to_contain_text("SIGNAL mentor")
    expect(timeline.nth(2)).to_contain_text(dutch("You spotted this"))
    expect(page.get_by_role("heading", name="EPILOGUE")).to_be_visible()
    assert_accessible(page)
    phone = page.context.new_page()
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(page.url)
    assert_no_horizontal_scroll(phone)

    attempt = QuizAttempt.objects.get(learner=learner, quiz=case)
    assert attempt.is_graded and attempt.passed and attempt.max_points == 3

    # Back in the lesson the case counts as done, like a passed quiz.
    page.get_by_role("link", name=dutch("Continue with the lesson")).click()
    expect(page.get_by_text(dutch("Passed."), exact=True)).to_be_visible()


def test_the_case_plays_without_javascript(browser, live_server, placed):
    case, lesson, learner = placed
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, learner.email, PASSWORD)
        page.goto(lesson.url)
        page.get_by_role("link", name=dutch("Start the case")).click()
        page.get_by_role("button", name=dutch("Start the case")).click()
        for scene in ("s1", "s2a", "s3"):
            expect(page.get_by_text(f"SCENE {scene}")).to_be_visible()
            page.get_by_label(f"Option {scene}-b").check()
            page.get_by_role("button", name=dutch("Answer and continue")).click()
        expect(page.locator("ol.case-timeline > li")).to_have_count(4)
        assert QuizAttempt.objects.get(learner=learner, quiz=case).score_percent == 100
    finally:
        context.close()
