from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes import grading, services
from quizzes.models import QuizAnswer, QuizAttempt
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(quiz, learner):
    return services.quiz_attempt_start(quiz=quiz, learner=learner)


def test_saving_again_replaces_the_answer(attempt):
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-a"}})
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    assert list(QuizAnswer.objects.values_list("question_key", "response")) == [("sc", {"option": "sc-b"})]


def test_one_bad_answer_stores_none_of_the_answers(attempt):
    with pytest.raises(services.InvalidAnswer):
        services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-a"}, "tf": {"option": "sc-a"}})

    assert not QuizAnswer.objects.exists()


def test_a_question_not_in_the_attempt_is_refused(learner):
    quiz = QuizFactory(draw_count=1)
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    drawn = attempt.questions[0]["key"]
    not_drawn = next(key for key in ("sc", "tf") if key != drawn)

    with pytest.raises(services.InvalidAnswer) as caught:
        services.quiz_answers_save(attempt=attempt, responses={not_drawn: {"option": f"{not_drawn}-a"}})

    assert caught.value.message == services.QUESTION_NOT_IN_ATTEMPT


def test_a_closed_attempt_takes_no_more_answers(attempt):
    services.quiz_attempt_submit(attempt=attempt)

    with pytest.raises(services.AttemptClosed) as caught:
        services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-a"}})

    assert caught.value.status == 409
    assert not QuizAnswer.objects.exists()


def test_saving_after_the_time_limit_closes_the_attempt_and_keeps_what_was_saved(learner):
    quiz = QuizFactory(time_limit_minutes=10)
    now = timezone.now()
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-b"}}, now=now + timedelta(minutes=9))

    with pytest.raises(services.AttemptTimeUp):
        services.quiz_answers_save(
            attempt=attempt, responses={"tf": {"option": "true"}}, now=now + timedelta(minutes=11)
        )

    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.GRADED
    assert attempt.finish_reason == QuizAttempt.FinishReason.TIME_EXPIRED
    assert list(attempt.answers.values_list("question_key", flat=True)) == ["sc"]


def test_a_few_seconds_of_grace_accept_an_answer_sent_just_before_the_deadline(learner):
    quiz = QuizFactory(time_limit_minutes=10)
    now = timezone.now()
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)

    services.quiz_answers_save(
        attempt=attempt, responses={"sc": {"option": "sc-b"}}, now=now + timedelta(minutes=10, seconds=5)
    )

    assert attempt.answers.count() == 1


def test_in_a_practice_quiz_a_checked_answer_is_final(learner):
    quiz = QuizFactory(feedback_timing="after_each")
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-a"}})

    with pytest.raises(services.AttemptClosed) as caught:
        services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    assert caught.value.message == services.ANSWER_LOCKED
    assert attempt.answers.get().response == {"option": "sc-a"}


def test_a_tampered_response_shape_is_refused(attempt):
    with pytest.raises(services.InvalidAnswer) as caught:
        services.quiz_answers_save(attempt=attempt, responses={"mr": {"options": "mr-a"}})
    assert caught.value.message == grading.RESPONSE_MALFORMED
