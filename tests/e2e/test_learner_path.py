"""The learner's path: a learner skips a lesson, presses "Klaar, cursus afronden", is told exactly what is missing,
follows the link, passes the test, finishes, and sees the celebration with the certificate. On a desktop the
outline is a side panel; on a phone it is a drawer that opens without JavaScript."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Enrollment
from courses.services import enrollment_create
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in, quiz_block, text_block
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def dutch(text: str, context: str = "") -> str:
    with translation.override("nl"):
        return pgettext(context, text) if context else gettext(text)


@pytest.fixture
def course():
    quiz = QuizFactory(title="Toets signalen", questions=[single_choice("sc", correct="b")], pass_mark_percent=100)
    course = course_with_lessons(0, title="Herken de signalen")
    lesson_add(course, title="Wat is mensenhandel")
    lesson_add(
        course,
        title="Signalen op school",
        body=json.dumps([text_block("<p>Let op combinaties van signalen.</p>"), quiz_block(quiz)]),
    )
    lesson_add(course, title="Wat doe je ermee")
    course_with_lessons(1, title="Signalen in de wijk")
    return course


def check_layout(page, *widths) -> None:
    assert_accessible(page)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 740})
        assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_skip_finish_told_what_is_missing_follow_the_link_and_celebrate(new_page, course):
    learner = UserFactory(email="leerpad@voorbeeld.nl")
    enrollment_create(learner=learner, course=course)
    page = new_page()
    log_in(page, learner.email, PASSWORD)

    page.goto(course.url)
    page.get_by_role("link", name=dutch("Continue"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is mensenhandel")
    expect(page.get_by_text(dutch("This lesson has no assignment: mark it as read."))).to_be_visible()
    outline = page.locator(".outline--side")
    expect(outline).to_be_visible()
    expect(outline.get_by_role("link", name="1. Wat is mensenhandel")).to_have_attribute("aria-current", "page")
    check_layout(page, 375, 320)
    page.get_by_role("button", name=dutch("Done, next lesson")).click()

    # Skip the lesson with the test: "→", then "Klaar, cursus afronden" on the last lesson.
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalen op school")
    page.locator("a[rel=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat doe je ermee")
    page.get_by_role("button", name=dutch("Done, finish the course")).click()

    # Told exactly what is missing, with a link to it; the course is not completed.
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Not finished yet"))
    missing = page.locator(".missing-list__item")
    expect(missing).to_have_count(1)
    expect(missing).to_contain_text("Les 2: Signalen op school")
    expect(missing).to_contain_text("toets nog niet gehaald (Toets signalen)")
    check_layout(page, 375, 320)
    assert not Enrollment.objects.get(learner=learner).is_completed

    # Follow the link, pass the test, finish.
    missing.get_by_role("link", name="Les 2: Signalen op school").click()
    page.get_by_role("link", name=dutch("Start the quiz")).click()
    page.get_by_role("button", name=dutch("Start the quiz")).click()
    page.get_by_label("Option sc-b").check()
    page.get_by_role("button", name=dutch("Hand in")).click()
    page.get_by_role("link", name=dutch("Continue with the lesson")).click()
    page.get_by_role("button", name=dutch("Done, next lesson")).click()

    # The celebration: calm, with the certificate and what to do next.
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Congratulations", "course completed"))
    certificate = Certificate.objects.get(learner=learner)
    download = page.get_by_role("link", name=dutch("Download the certificate (PDF)"))
    expect(download).to_have_attribute("href", f"/certificaten/{certificate.pk}/download/")
    expect(page.get_by_role("link", name=dutch("Public check link"))).to_be_visible()
    expect(page.get_by_role("link", name="Signalen in de wijk")).to_be_visible()
    check_layout(page, 375, 320)
    page.get_by_role("link", name=dutch("Public check link")).click()
    expect(page.get_by_text("Herken de signalen").first).to_be_visible()


def test_on_a_phone_the_outline_is_a_drawer(new_page, course):
    learner = UserFactory(email="telefoon@voorbeeld.nl")
    enrollment_create(learner=learner, course=course)
    page = new_page(width=375, height=740)
    log_in(page, learner.email, PASSWORD)
    page.goto(course.get_children().first().url)

    expect(page.locator(".outline--side")).to_be_hidden()
    drawer = page.locator("details.outline--drawer")
    expect(drawer.get_by_role("link", name="3. Wat doe je ermee")).to_be_hidden()
    drawer.locator("summary").click()
    expect(drawer.get_by_role("link", name="3. Wat doe je ermee")).to_be_visible()
    check_layout(page, 375, 320)
