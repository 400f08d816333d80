"""Every kind of bad input gets a clear 4xx with a message, and nothing is stored."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from quizzes import grading, services
from quizzes.models import QuizAnswer, QuizAttempt
from quizzes.views import PAYLOAD_TOO_LARGE
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db
JSON = {"accept": "application/json"}


@pytest.fixture
def attempt(quiz, learner):
    return services.quiz_attempt_start(quiz=quiz, learner=learner)


def _save(client, attempt, data, **kwargs):
    return client.post(reverse("quizzes:attempt_save", args=[attempt.pk]), data, **kwargs)


def _submit(client, attempt, data, **kwargs):
    return client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]), data, **kwargs)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"save": "sc", "q__sc": "mr-a"}, grading.RESPONSE_UNKNOWN_OPTION),  # an option of another question
        ({"save": "sc", "q__sc": "other-a"}, grading.RESPONSE_UNKNOWN_OPTION),  # an option of another quiz
        ({"save": "sc"}, grading.RESPONSE_MISSING),  # no answer
        ({"save": "sc", "q__sc": ["sc-a", "sc-b"]}, grading.RESPONSE_ONE_OPTION),  # two answers to one choice
        ({"save": "ss", "q__ss__ss-a": "maybe"}, grading.RESPONSE_BAD_MARK),  # a mark that does not exist
        ({"save": "sc", "q__sc": "x" * 500}, grading.RESPONSE_MALFORMED),
        ({"save": "nope", "q__sc": "sc-a"}, services.QUESTION_NOT_IN_ATTEMPT),
        ({"save": "all", "q__sc": "sc-a", "q__nope": "nope-a"}, services.QUESTION_NOT_IN_ATTEMPT),
    ],
)
def test_a_bad_answer_is_a_400_with_a_message_and_stores_nothing(learner_client, attempt, data, message):
    QuizFactory(questions=[single_choice("other")])

    as_json = _save(learner_client, attempt, data, headers=JSON)
    as_form = _save(learner_client, attempt, data)

    assert as_json.status_code == as_form.status_code == HTTPStatus.BAD_REQUEST
    assert as_json.json()["error"] == str(message)
    assert str(message) in as_form.text and 'role="alert"' in as_form.text
    assert not QuizAnswer.objects.exists()


def test_a_question_error_is_linked_to_its_fieldset(learner_client, attempt):
    html = _save(learner_client, attempt, {"save": "tf", "q__tf": "sc-a"}).text

    assert 'id="question-3" aria-describedby="question-3-error"' in html
    assert 'id="question-3-error" role="alert"' in html


def test_a_question_not_drawn_for_this_attempt_is_refused(learner_client, learner):
    quiz = QuizFactory(draw_count=1)
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    not_drawn = next(
        question["id"] for question in quiz.questions.raw_data if question["id"] != attempt.questions[0]["key"]
    )

    response = _save(learner_client, attempt, {"save": not_drawn, f"q__{not_drawn}": f"{not_drawn}-a"}, headers=JSON)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not QuizAnswer.objects.exists()


def test_an_oversized_payload_is_refused(learner_client, attempt):
    response = _save(learner_client, attempt, {"save": "all", "padding": "x" * 70_000}, headers=JSON)

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.json()["error"] == str(PAYLOAD_TOO_LARGE)
    assert not QuizAnswer.objects.exists()


@pytest.mark.parametrize("post", [_save, _submit])
def test_someone_elses_attempt_is_a_404(quiz, attempt, post):
    intruder = Client()
    intruder.force_login(UserFactory())

    response = post(intruder, attempt, {"save": "sc", "q__sc": "sc-b"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not QuizAnswer.objects.exists()
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.IN_PROGRESS
    assert intruder.get(reverse("quizzes:attempt_result", args=[attempt.pk])).status_code == HTTPStatus.NOT_FOUND


def test_saving_to_a_closed_attempt_is_a_409(learner_client, attempt):
    services.quiz_attempt_submit(attempt=attempt)

    response = _save(learner_client, attempt, {"save": "sc", "q__sc": "sc-b"}, headers=JSON)

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["error"] == str(services.ATTEMPT_CLOSED)
    assert not QuizAnswer.objects.exists()


def test_changing_answers_by_submitting_a_closed_attempt_again_is_a_409(learner_client, attempt):
    _submit(learner_client, attempt, {"q__sc": "sc-b"})

    response = _submit(learner_client, attempt, {"q__sc": "sc-a"})

    assert response.status_code == HTTPStatus.CONFLICT
    assert str(services.ATTEMPT_CLOSED) in response.text
    assert QuizAnswer.objects.get().response == {"option": "sc-b"}


def test_a_replayed_submit_gets_the_same_result(learner_client, attempt):
    first = _submit(learner_client, attempt, {"q__sc": "sc-b"}, headers=JSON)
    again = _submit(learner_client, attempt, {"q__sc": "sc-b"}, headers=JSON)
    as_form = _submit(learner_client, attempt, {"q__sc": "sc-b"})

    assert first.status_code == again.status_code == HTTPStatus.OK
    assert first.json() == again.json() == {"attempt": attempt.pk, "score_percent": "14.28", "passed": False}
    assert as_form.status_code == HTTPStatus.FOUND
    assert QuizAnswer.objects.count() == 1


@pytest.mark.parametrize("post", [_save, _submit])
def test_a_cross_site_post_is_refused(learner, attempt, post):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = post(client, attempt, {"save": "sc", "q__sc": "sc-b"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "CSRF" in response.text
    assert not QuizAnswer.objects.exists()
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.IN_PROGRESS


def test_starting_beyond_the_attempt_limit_is_a_409_with_the_reason(learner_client, learner):
    quiz = QuizFactory(attempts_allowed=1)
    services.quiz_attempt_submit(attempt=services.quiz_attempt_start(quiz=quiz, learner=learner))

    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]))

    assert response.status_code == HTTPStatus.CONFLICT
    assert QuizAttempt.objects.count() == 1


def test_get_is_not_allowed_on_writes(learner_client, attempt):
    assert learner_client.get(reverse("quizzes:attempt_submit", args=[attempt.pk])).status_code == 405


def test_a_forged_option_on_a_drawn_and_shuffled_attempt_is_refused_and_stores_nothing(learner_client, learner):
    quiz = QuizFactory(
        questions=[single_choice(f"q{n}") for n in range(6)], draw_count=3, shuffle_options=True, shuffle_questions=True
    )
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    drawn = {question["key"] for question in attempt.questions}
    asked, left_out = sorted(drawn)[0], sorted({f"q{n}" for n in range(6)} - drawn)[0]

    forged = _submit(learner_client, attempt, {f"q__{asked}": f"{left_out}-b"})  # an option of an undrawn question
    undrawn = _submit(learner_client, attempt, {f"q__{left_out}": f"{left_out}-b"})

    assert forged.status_code == undrawn.status_code == HTTPStatus.BAD_REQUEST
    assert str(grading.RESPONSE_UNKNOWN_OPTION) in forged.text
    assert str(services.QUESTION_NOT_IN_ATTEMPT) in undrawn.text
    assert not QuizAnswer.objects.exists()
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.IN_PROGRESS
