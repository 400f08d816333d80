"""Journey 6: a learner who guesses meets a final exam: the options come in an order of their own that a reload
or another device keeps, a failed attempt reveals no answers, and after the last attempt no new one starts."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from courses.services import enrollment_create
from quizzes.models import Quiz, QuizAttempt
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import assert_accessible, log_in, quiz_block
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTIONS = 4


def dutch(text: str) -> str:
    with translation.override("nl"):
        return gettext(text)


@pytest.fixture
def exam():
    quiz = QuizFactory(
        title="Eindtoets",
        questions=[single_choice(f"q{n}", correct="b", count=4) for n in range(QUESTIONS)],
        pass_mark_percent=100,
        shuffle_options=True,
        attempts_allowed=2,
        show_answers=Quiz.ShowAnswers.AFTER_PASS,
    )
    course = course_with_lessons(0, title="Herken de signalen")
    lesson = lesson_add(course, title="Eindtoets", body=json.dumps([quiz_block(quiz)]))
    learner = UserFactory(email="gok@voorbeeld.nl")
    enrollment_create(learner=learner, course=course)
    return quiz, lesson, learner


def option_order(page) -> list[list[str]]:
    """Per question, the option keys in the order the page shows them."""
    return [
        page.locator(f"input[name='q__q{n}']").evaluate_all("inputs => inputs.map(input => input.value)")
        for n in range(QUESTIONS)
    ]


def hand_in_wrong_answers(page) -> None:
    for n in range(QUESTIONS):
        page.get_by_label(f"Option q{n}-a").check()
    page.get_by_role("button", name=dutch("Hand in")).click()
    expect(page.get_by_role("heading", name=dutch("What next?"))).to_be_visible()


def assert_no_key_revealed(page) -> None:
    expect(page.get_by_text(dutch("The correct answers are shown once you pass."))).to_be_visible()
    expect(page.locator(".option--correct")).to_have_count(0)
    expect(page.get_by_text(dutch("Correct answer"), exact=True)).to_have_count(0)


def test_shuffled_options_no_key_for_a_failed_attempt_and_the_attempt_limit(new_page, exam):
    quiz, lesson, learner = exam
    page = new_page()
    log_in(page, learner.email, PASSWORD)
    page.goto(lesson.url)
    page.get_by_role("link", name=dutch("Start the quiz")).click()
    page.get_by_role("button", name=dutch("Start the quiz")).click()

    # The options are shuffled for this attempt, and the order is stored: a reload or a phone shows the same.
    shown = option_order(page)
    assert shown != [[f"q{n}-{letter}" for letter in "abcd"] for n in range(QUESTIONS)]
    page.reload()
    assert option_order(page) == shown
    phone = new_page(width=375, height=740)
    log_in(phone, learner.email, PASSWORD)
    phone.goto(page.url)
    assert option_order(phone) == shown
    assert_accessible(page)

    # A failed attempt: the learner sees their own answers and the next step, not the key.
    hand_in_wrong_answers(page)
    assert_no_key_revealed(page)
    expect(page.get_by_text(dutch("You have %(left)s attempt left.") % {"left": 1})).to_be_visible()
    assert_accessible(page)

    # The second and last attempt draws its own order; after it, no new attempt can start.
    page.get_by_role("button", name=dutch("Try again now")).click()
    hand_in_wrong_answers(page)
    assert_no_key_revealed(page)
    expect(page.get_by_text(dutch("You have used all attempts for this quiz."))).to_be_visible()
    expect(page.get_by_role("button", name=dutch("Try again now"))).to_have_count(0)
    page.get_by_role("link", name=dutch("Back to the quiz")).click()
    expect(page.get_by_role("button", name=dutch("Start a new attempt"))).to_have_count(0)
    assert QuizAttempt.objects.filter(learner=learner, quiz=quiz).count() == 2
    assert not QuizAttempt.objects.filter(learner=learner, passed=True).exists()
