import pytest

from quizzes import grading, services
from quizzes.demo import PRACTICE_KEY, SIGNALS_KEY, demo_quizzes_load
from quizzes.models import Quiz

pytestmark = pytest.mark.django_db


def test_demo_quizzes_load_once_and_hold_every_question_type():
    first = demo_quizzes_load()
    again = demo_quizzes_load()

    assert set(first) == {SIGNALS_KEY, PRACTICE_KEY}
    assert {key: quiz.pk for key, quiz in first.items()} == {key: quiz.pk for key, quiz in again.items()}
    assert Quiz.objects.count() == 2
    types = {child.block_type for child in first[SIGNALS_KEY].questions}
    assert types == set(grading.QUESTION_TYPES)


def test_the_demo_quiz_validates_as_an_editor_would_save_it():
    quiz = demo_quizzes_load()[SIGNALS_KEY]

    quiz.full_clean()


def test_the_demo_quiz_can_be_taken_and_passed(learner):
    quiz = demo_quizzes_load()[SIGNALS_KEY]
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    responses = {}
    for question in attempt.questions:
        right = [option["key"] for option in question["options"] if option["correct"]]
        if question["type"] == grading.SIGNAL_SORTING:
            marks = {option["key"]: "signal" if option["correct"] else "no_signal" for option in question["options"]}
            responses[question["key"]] = {"marks": marks}
        elif question["type"] == grading.MULTIPLE_RESPONSE:
            responses[question["key"]] = {"options": sorted(right)}
        else:
            responses[question["key"]] = {"option": right[0]}

    graded = services.quiz_attempt_submit(attempt=attempt, responses=responses)

    assert graded.score_percent == 100 and graded.passed
