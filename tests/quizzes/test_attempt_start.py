import random
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes import selectors, services
from quizzes.models import QuizAttempt
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choices

pytestmark = pytest.mark.django_db


def _graded_attempt(quiz, learner, *, now=None):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)
    return services.quiz_attempt_submit(attempt=attempt, now=now)


def test_starting_fixes_the_questions_and_their_order_on_the_attempt(quiz, learner):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    quiz.questions = single_choices(2)  # an editor changes the quiz afterwards
    quiz.save()

    attempt.refresh_from_db()
    assert [question["key"] for question in attempt.questions] == ["sc", "mr", "tf", "ss", "sn"]
    assert attempt.number == 1
    assert attempt.status == QuizAttempt.Status.IN_PROGRESS
    assert attempt.pass_mark_percent == 70


def test_starting_again_resumes_the_open_attempt(quiz, learner):
    first = services.quiz_attempt_start(quiz=quiz, learner=learner)
    again = services.quiz_attempt_start(quiz=quiz, learner=learner)

    assert again.pk == first.pk
    assert QuizAttempt.objects.count() == 1


def test_drawing_picks_n_questions_from_the_pool_and_shuffles_when_asked(learner):
    quiz = QuizFactory(questions=single_choices(10), draw_count=4, shuffle_questions=True, shuffle_options=True)

    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, rng=random.Random(3))

    keys = [question["key"] for question in attempt.questions]
    assert len(keys) == 4 == quiz.question_count
    assert set(keys) <= {f"q{number}" for number in range(10)}
    options = [[option["key"] for option in question["options"]] for question in attempt.questions]
    assert any(order != sorted(order) for order in options)


def test_the_attempt_limit_is_enforced(learner):
    quiz = QuizFactory(attempts_allowed=2)
    _graded_attempt(quiz, learner)
    _graded_attempt(quiz, learner)

    with pytest.raises(services.NotAllowed) as caught:
        services.quiz_attempt_start(quiz=quiz, learner=learner)

    assert caught.value.message == selectors.ATTEMPT_LIMIT_REACHED
    assert QuizAttempt.objects.count() == 2


def test_the_waiting_time_between_attempts_uses_the_server_clock(learner):
    quiz = QuizFactory(wait_minutes=30)
    start = timezone.now()
    _graded_attempt(quiz, learner, now=start)

    with pytest.raises(services.NotAllowed):
        services.quiz_attempt_start(quiz=quiz, learner=learner, now=start + timedelta(minutes=29))
    second = services.quiz_attempt_start(quiz=quiz, learner=learner, now=start + timedelta(minutes=30))

    assert second.number == 2


def test_a_time_limit_sets_a_deadline(learner):
    quiz = QuizFactory(time_limit_minutes=15)
    now = timezone.now()

    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)

    assert attempt.deadline == now + timedelta(minutes=15)


def test_starting_after_the_open_attempt_ran_out_of_time_grades_it_and_starts_a_new_one(learner):
    quiz = QuizFactory(time_limit_minutes=5)
    now = timezone.now()
    first = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)

    second = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now + timedelta(minutes=6))

    first.refresh_from_db()
    assert first.finish_reason == QuizAttempt.FinishReason.TIME_EXPIRED
    assert second.number == 2


def test_attempts_are_counted_per_learner(quiz):
    one, other = UserFactory(), UserFactory()
    services.quiz_attempt_start(quiz=quiz, learner=one)
    attempt = services.quiz_attempt_start(quiz=quiz, learner=other)

    assert attempt.number == 1
