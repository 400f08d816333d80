import pytest

from quizzes import selectors, services
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db


def _attempt_scoring(quiz, learner, *, right: bool):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    return services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b" if right else "sc-a"}})


def _one_question_quiz(**kwargs):
    return QuizFactory(questions=QuizFactory.questions.function()[:1], **kwargs)


def test_quiz_result_is_none_before_any_graded_attempt(quiz, learner):
    services.quiz_attempt_start(quiz=quiz, learner=learner)

    assert selectors.quiz_result(learner=learner, quiz=quiz) is None


def test_quiz_result_under_highest_keeps_the_best_attempt(learner):
    quiz = _one_question_quiz(grading_method="highest")
    best = _attempt_scoring(quiz, learner, right=True)
    _attempt_scoring(quiz, learner, right=False)

    result = selectors.quiz_result(learner=learner, quiz=quiz)

    assert (result.attempt.pk, result.score_percent, result.passed, result.attempts_used) == (best.pk, 100, True, 2)


def test_quiz_result_under_last_takes_the_latest_attempt(learner):
    quiz = _one_question_quiz(grading_method="last")
    _attempt_scoring(quiz, learner, right=True)
    last = _attempt_scoring(quiz, learner, right=False)

    result = selectors.quiz_result(learner=learner, quiz=quiz)

    assert (result.attempt.pk, result.passed) == (last.pk, False)


def test_quiz_passed_ids_follows_each_grading_method_in_one_query(learner, django_assert_num_queries):
    highest = _one_question_quiz(grading_method="highest")
    last_failed = _one_question_quiz(grading_method="last")
    last_passed = _one_question_quiz(grading_method="last")
    never_tried = _one_question_quiz()
    _attempt_scoring(highest, learner, right=True)
    _attempt_scoring(highest, learner, right=False)
    _attempt_scoring(last_failed, learner, right=True)
    _attempt_scoring(last_failed, learner, right=False)
    _attempt_scoring(last_passed, learner, right=False)
    _attempt_scoring(last_passed, learner, right=True)
    ids = [highest.pk, last_failed.pk, last_passed.pk, never_tried.pk]

    with django_assert_num_queries(1):
        passed = selectors.quiz_passed_ids(learner=learner, quiz_ids=ids)

    assert passed == {highest.pk, last_passed.pk}
    for quiz in (highest, last_failed, last_passed):
        result = selectors.quiz_result(learner=learner, quiz=quiz)
        assert result.passed == (quiz.pk in passed)


def test_another_learners_pass_does_not_count(learner):
    from tests.factories import UserFactory

    quiz = _one_question_quiz()
    _attempt_scoring(quiz, UserFactory(), right=True)

    assert selectors.quiz_passed_ids(learner=learner, quiz_ids=[quiz.pk]) == set()
