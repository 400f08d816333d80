"""Two real PostgreSQL connections racing on one attempt. Skipped on SQLite, which has no row locks."""

import time

import pytest
from django.db import connection, transaction

from quizzes import services
from quizzes.models import QuizAnswer, QuizAttempt
from quizzes.signals import attempt_graded
from tests.race import race

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.fixture
def graded_signals():
    received = []
    attempt_graded.connect(lambda sender, attempt, **kwargs: received.append(attempt.pk), weak=False, dispatch_uid="pg")
    yield received
    attempt_graded.disconnect(dispatch_uid="pg")


def test_two_simultaneous_submits_finalize_the_attempt_once(quiz, learner, graded_signals):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    def slow_submit():
        with transaction.atomic():  # hold the row lock a while so the other submit has to wait for it
            graded = services.quiz_attempt_submit(attempt=QuizAttempt(pk=attempt.pk))
            time.sleep(0.5)
        return graded

    def submit():
        time.sleep(0.1)
        return services.quiz_attempt_submit(attempt=QuizAttempt(pk=attempt.pk))

    first, second = race(slow_submit, submit)

    assert first.graded_at == second.graded_at
    assert first.score_percent == second.score_percent
    assert graded_signals == [attempt.pk]
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.GRADED


def test_many_submits_at_once_grade_once(quiz, learner, graded_signals):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    results = race(*[lambda: services.quiz_attempt_submit(attempt=QuizAttempt(pk=attempt.pk))] * 4)

    assert len({result.graded_at for result in results}) == 1
    assert graded_signals == [attempt.pk]


def test_a_save_racing_a_submit_is_either_graded_or_refused(quiz, learner):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    def save():
        try:
            services.quiz_answers_save(attempt=QuizAttempt(pk=attempt.pk), responses={"sc": {"option": "sc-b"}})
            return "saved"
        except services.AttemptClosed:
            return "refused"

    saved, graded = race(save, lambda: services.quiz_attempt_submit(attempt=QuizAttempt(pk=attempt.pk)))

    stored = QuizAnswer.objects.filter(attempt=attempt).count()
    if saved == "saved" and stored:
        # the save went first: the grade counts it
        assert graded.score_points == 1
    else:
        assert saved == "refused" and stored == 0 and graded.score_points == 0


def test_two_simultaneous_starts_make_one_attempt(quiz, learner):
    first, second = race(
        lambda: services.quiz_attempt_start(quiz=quiz, learner=learner),
        lambda: services.quiz_attempt_start(quiz=quiz, learner=learner),
    )

    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1
