from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes import services
from quizzes.models import QuizAnswer, QuizAttempt
from quizzes.signals import attempt_graded
from quizzes.tasks import quiz_attempts_expire_task
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

# Every question of the factory quiz answered fully right: 1 + 1 + 1 + 3 + 1 = 7 points.
ALL_RIGHT = {
    "sc": {"option": "sc-b"},
    "mr": {"options": ["mr-a", "mr-b"]},
    "tf": {"option": "true"},
    "ss": {"marks": {"ss-a": "signal", "ss-b": "signal", "ss-c": "no_signal"}},
    "sn": {"option": "sn-a"},
}


@pytest.fixture
def attempt(quiz, learner):
    return services.quiz_attempt_start(quiz=quiz, learner=learner)


def test_all_right_scores_100_percent_and_passes(attempt):
    services.quiz_answers_save(attempt=attempt, responses=ALL_RIGHT)

    graded = services.quiz_attempt_submit(attempt=attempt)

    assert graded.status == QuizAttempt.Status.GRADED
    assert (graded.score_points, graded.max_points, graded.score_percent) == (Decimal("7"), 7, Decimal("100"))
    assert graded.passed is True
    assert graded.finish_reason == QuizAttempt.FinishReason.SUBMITTED


def test_partial_answers_add_up_and_the_percentage_is_rounded_down(attempt):
    services.quiz_answers_save(
        attempt=attempt,
        responses={
            "sc": {"option": "sc-b"},  # 1
            "ss": {"marks": {"ss-a": "signal", "ss-b": "no_signal"}},  # 1 of 3
            "sn": {"option": "sn-b"},  # 0.5
        },
    )

    graded = services.quiz_attempt_submit(attempt=attempt)

    assert graded.score_points == Decimal("2.5")
    assert graded.score_percent == Decimal("35.71")  # 2.5 / 7 = 35.714…
    assert graded.passed is False
    assert dict(graded.answers.values_list("question_key", "points")) == {
        "sc": Decimal("1"),
        "ss": Decimal("1"),
        "sn": Decimal("0.5"),
    }


def test_the_pass_mark_is_inclusive(learner):
    quiz = QuizFactory(pass_mark_percent=50, questions=QuizFactory.questions.function()[:2])  # sc and mr
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    graded = services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    assert graded.score_percent == 50
    assert graded.passed is True


def test_submitting_saves_the_answers_sent_with_it(attempt):
    graded = services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    assert graded.score_points == 1
    assert graded.answers.count() == 1


def test_a_replayed_submit_returns_the_same_result_and_stores_nothing_new(attempt, django_capture_on_commit_callbacks):
    received = []
    attempt_graded.connect(lambda sender, attempt, **kwargs: received.append(attempt.pk), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})
            again = services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})
            third = services.quiz_attempt_submit(attempt=attempt)
    finally:
        attempt_graded.disconnect(dispatch_uid="t")

    assert first.pk == again.pk == third.pk
    assert first.score_percent == again.score_percent == third.score_percent
    assert first.graded_at == again.graded_at
    assert received == [attempt.pk]
    assert QuizAttempt.objects.count() == 1 and QuizAnswer.objects.count() == 1


def test_changing_answers_of_a_handed_in_attempt_is_refused(attempt):
    services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    with pytest.raises(services.AttemptClosed):
        services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-a"}})

    assert QuizAnswer.objects.get().response == {"option": "sc-b"}


def test_attempt_graded_is_sent_after_commit_with_the_attempt(attempt, django_capture_on_commit_callbacks):
    received = []
    attempt_graded.connect(lambda sender, attempt, **kwargs: received.append(attempt), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.quiz_attempt_submit(attempt=attempt, responses=ALL_RIGHT)
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        attempt_graded.disconnect(dispatch_uid="t")

    (graded,) = received
    assert (graded.learner, graded.quiz_id, graded.passed) == (attempt.learner, attempt.quiz_id, True)
    assert graded.score_percent == 100


def test_submitting_past_the_time_limit_grades_only_what_was_saved_in_time(learner):
    quiz = QuizFactory(time_limit_minutes=10)
    now = timezone.now()
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-b"}}, now=now)

    graded = services.quiz_attempt_submit(attempt=attempt, responses=ALL_RIGHT, now=now + timedelta(minutes=20))

    assert graded.finish_reason == QuizAttempt.FinishReason.TIME_EXPIRED
    assert graded.score_points == 1
    assert graded.answers.count() == 1


def test_the_periodic_task_closes_overdue_attempts_only(learner):
    overdue_quiz = QuizFactory(time_limit_minutes=1)
    open_quiz = QuizFactory(time_limit_minutes=60)
    past = timezone.now() - timedelta(minutes=5)
    overdue = services.quiz_attempt_start(quiz=overdue_quiz, learner=learner, now=past)
    services.quiz_answers_save(attempt=overdue, responses={"sc": {"option": "sc-b"}}, now=past)
    still_open = services.quiz_attempt_start(quiz=open_quiz, learner=learner, now=past)

    assert quiz_attempts_expire_task.delay().get() == 1
    assert services.quiz_attempts_expire() == 0  # a second run changes nothing

    overdue.refresh_from_db()
    still_open.refresh_from_db()
    assert overdue.finish_reason == QuizAttempt.FinishReason.TIME_EXPIRED
    assert overdue.score_points == 1
    assert still_open.status == QuizAttempt.Status.IN_PROGRESS
