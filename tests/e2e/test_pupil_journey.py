"""Journey 1: a pupil joins a class by code, does a lesson with a quiz (keyboard only) on a phone, stops,
and goes on with the personal code on another device, where they left off."""

import json
import re

import pytest
from playwright.sync_api import expect

from classrooms.models import Pupil
from classrooms.services import school_class_course_assign
from courses.models import LessonProgress
from quizzes.models import QuizAttempt
from tests.classrooms.factories import school_class_make
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    quiz_block,
    tab_to,
    text_block,
)
from tests.quizzes.factories import QuizFactory, multiple_response, single_choice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def school_class():
    quiz = QuizFactory(
        title="Klopt dit?",
        questions=[single_choice("sc", correct="b"), multiple_response("mr", correct="ab")],
        pass_mark_percent=100,
    )
    course = course_with_lessons(0, title="Loverboys herkennen", for_pupils=True, for_staff=False)
    body = [text_block("<p>Een loverboy doet alsof hij verliefd is.</p>"), quiz_block(quiz)]
    lesson_add(course, title="Wat is een loverboy?", body=json.dumps(body))
    lesson_add(course, title="Wat kun je doen?")
    school_class = school_class_make(name="2B")
    school_class_course_assign(school_class=school_class, course=course)
    return school_class


def check(page) -> None:
    """Every page a pupil sees: accessible, and no sideways scrolling on a 320 px phone."""
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_pupil_joins_does_a_quiz_by_keyboard_and_goes_on_on_another_device(new_page, school_class):
    phone = new_page(width=320, height=640)

    # Join with the class code and a nickname.
    phone.goto("/klas/meedoen/")
    check(phone)
    phone.get_by_label("Klascode").fill(school_class.join_code_display.lower())
    phone.get_by_label("Bijnaam").fill("Snelle Vos")
    phone.get_by_role("button", name="Doe mee").click()
    phone.wait_for_url("**/klas/welkom/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Snelle Vos")
    check(phone)
    personal_code = phone.locator(".personal-code__code").inner_text().strip()
    assert len(re.sub(r"\W", "", personal_code)) == 10

    phone.get_by_role("link", name="Naar mijn lessen").click()
    phone.wait_for_url("**/klas/mijn-lessen/")
    expect(phone.get_by_text("Wat is een loverboy?")).to_be_visible()
    check(phone)
    phone.get_by_role("link", name="Begin").click()
    expect(phone.get_by_role("heading", name="Wat is een loverboy?")).to_be_visible()
    check(phone)  # the lesson

    # The quiz, with the keyboard only: Tab to move, arrows within a radio group, Space to tick, Enter to act.
    tab_to(phone, phone.get_by_role("link", name="Start de toets"))
    phone.keyboard.press("Enter")
    start = phone.get_by_role("button", name="Start de toets")
    start.wait_for()
    check(phone)  # the quiz's start page
    tab_to(phone, start)
    phone.keyboard.press("Enter")
    phone.locator("#questions").wait_for()
    check(phone)  # the questions

    first_question = phone.locator("fieldset.question").nth(0)
    tab_to(phone, phone.get_by_label("Option sc-a"))  # nothing ticked yet: Tab lands on the group's first option
    phone.keyboard.press("ArrowDown")  # moves to and ticks "b"
    expect(phone.get_by_label("Option sc-b")).to_be_checked()
    expect(first_question.locator("[data-status]")).to_have_text(re.compile(r"\w"))  # autosaved
    second_question = phone.locator("fieldset.question").nth(1)
    for option in ("Option mr-a", "Option mr-b"):
        tab_to(phone, phone.get_by_label(option))
        phone.keyboard.press("Space")
        expect(phone.get_by_label(option)).to_be_checked()
    expect(second_question.locator("[data-status]")).to_have_text(re.compile(r"\w"))
    tab_to(phone, phone.get_by_role("button", name="Inleveren"))
    phone.keyboard.press("Enter")

    phone.wait_for_url(re.compile(r"/toetsen/pogingen/\d+/"))
    expect(phone.locator(".quiz-result--passed")).to_be_visible()
    check(phone)  # the result
    tab_to(phone, phone.get_by_role("link", name="Terug naar de les"))
    phone.keyboard.press("Enter")
    expect(phone.locator(".activity--quiz")).to_contain_text("Gehaald.")
    check(phone)
    tab_to(phone, phone.get_by_role("button", name="Klaar, volgende les"))
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Wat kun je doen?")).to_be_visible()
    check(phone)

    pupil = Pupil.objects.get(nickname="Snelle Vos")
    assert QuizAttempt.objects.get(learner=pupil.user).passed
    assert LessonProgress.objects.filter(enrollment__learner=pupil.user, completed_at__isnull=False).count() == 1

    # Stop for now.
    phone.goto("/klas/mijn-lessen/")
    phone.get_by_role("button", name="Nu stoppen").click()
    phone.wait_for_load_state("networkidle")
    phone.goto("/klas/mijn-lessen/")
    phone.wait_for_url("**/klas/terug/")
    check(phone)

    # Another device: the personal code brings the pupil back where they were.
    laptop = new_page()
    laptop.goto("/klas/terug/")
    check(laptop)
    laptop.get_by_label("Je persoonlijke code").fill(personal_code)
    laptop.get_by_role("button", name="Ga verder").click()
    laptop.wait_for_url("**/klas/mijn-lessen/")
    card = laptop.locator(".card", has_text="Loverboys herkennen")
    expect(card).to_contain_text("Wat kun je doen?")  # the next step
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    check(laptop)
    card.get_by_role("link", name="Ga verder").click()
    expect(laptop.get_by_role("heading", name="Wat kun je doen?")).to_be_visible()
    check(laptop)
    laptop.get_by_role("button", name="Klaar, cursus afronden").click()
    laptop.goto("/klas/mijn-lessen/")
    expect(laptop.get_by_text("Klaar! Goed gedaan.")).to_be_visible()
    check(laptop)
