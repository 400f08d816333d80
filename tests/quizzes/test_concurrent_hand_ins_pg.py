"""Ten hand-ins of one attempt at the same moment (a double click, a flaky connection that resends): every
request gets a normal answer with the same result, and the attempt is graded once. PostgreSQL only: it needs
row locks and real concurrent connections."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from quizzes import services
from quizzes.signals import attempt_graded
from tests.race import race

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.fixture
def graded_signals():
    received = []
    attempt_graded.connect(lambda sender, attempt, **kw: received.append(attempt.pk), weak=False, dispatch_uid="ten")
    yield received
    attempt_graded.disconnect(dispatch_uid="ten")


def test_ten_simultaneous_hand_ins_all_get_the_one_result(quiz, learner, graded_signals):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    submit = reverse("quizzes:attempt_submit", args=[attempt.pk])
    clients = []
    for _ in range(10):
        client = Client()
        client.force_login(learner)
        clients.append(client)

    def hand_in(client):
        return lambda: client.post(submit, {"q__sc": "sc-b"}, headers={"Accept": "application/json"})

    responses = race(*[hand_in(client) for client in clients])

    assert [response.status_code for response in responses] == [HTTPStatus.OK] * 10
    assert len({response.json()["score_percent"] for response in responses}) == 1
    assert graded_signals == [attempt.pk]
