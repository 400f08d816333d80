"""Saving an answer and handing in cost the same number of queries for 3 questions as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import services
from tests.quizzes.factories import QuizFactory, single_choices

pytestmark = pytest.mark.django_db


def _answers(count: int) -> dict:
    return {f"q__q{number}": f"q{number}-b" for number in range(count)}


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = action()
    assert response.status_code in (200, 302), response.content[:500]
    return len(captured)


def _counts(learner, learner_client, size: int) -> tuple[int, int, int]:
    quiz = QuizFactory(questions=single_choices(size))
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_answers_save(attempt=attempt, responses={f"q{n}": {"option": f"q{n}-a"} for n in range(size)})
    save_url = reverse("quizzes:attempt_save", args=[attempt.pk])
    save_one = _queries(lambda: learner_client.post(save_url, {"save": "q1", "q__q1": "q1-b"}))
    save_all = _queries(lambda: learner_client.post(save_url, {"save": "all", **_answers(size)}))
    submit_url = reverse("quizzes:attempt_submit", args=[attempt.pk])
    submit = _queries(lambda: learner_client.post(submit_url, _answers(size)))
    return save_one, save_all, submit


def test_query_counts_do_not_grow_with_the_number_of_questions(learner, learner_client):
    small = _counts(learner, learner_client, 3)
    large = _counts(learner, learner_client, 30)

    assert small == large
    save_one, save_all, submit = small
    assert save_one <= 8 and save_all <= 8 and submit <= 10


def test_query_counts_hold_on_the_service_level_too(learner, django_assert_max_num_queries):
    for size in (3, 30):
        quiz = QuizFactory(questions=single_choices(size))
        attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
        with django_assert_max_num_queries(4):  # savepoint, lock, upsert, release
            services.quiz_answers_save(attempt=attempt, responses={f"q{n}": {"option": f"q{n}-a"} for n in range(size)})
        with django_assert_max_num_queries(6):  # savepoint, lock, answers, bulk update, attempt, release
            services.quiz_attempt_submit(attempt=attempt)
