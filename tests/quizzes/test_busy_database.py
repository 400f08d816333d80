"""A hand-in while SQLite is locked by another writer answers 503 with Retry-After (never 500), stores nothing
half, and the same hand-in once the lock is gone grades the attempt."""

import sqlite3
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from quizzes import services
from quizzes.models import QuizAttempt

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="holds SQLite's write lock from a second connection"),
]


@contextmanager
def another_writer():
    """A second connection to the same (in-memory, shared) test database, holding the write lock."""
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE quizzes_quizattempt SET number = number")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_hand_in_while_the_database_is_locked_is_a_503_and_can_be_retried(quiz, learner, learner_client):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    submit = reverse("quizzes:attempt_submit", args=[attempt.pk])
    answer = {"q__sc": "sc-b"}

    with another_writer():
        busy = learner_client.post(submit, answer, headers={"Accept": "application/json"})

    assert busy.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert busy["Retry-After"]
    assert QuizAttempt.objects.get(pk=attempt.pk).status == QuizAttempt.Status.IN_PROGRESS

    again = learner_client.post(submit, answer, headers={"Accept": "application/json"})
    assert again.status_code == HTTPStatus.OK
    assert QuizAttempt.objects.get(pk=attempt.pk).status == QuizAttempt.Status.GRADED
