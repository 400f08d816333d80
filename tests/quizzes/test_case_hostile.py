"""A learner cannot skip scenes, take a branch they were not sent down, change an answer, or hand a case in early.

Every refusal stores nothing: the attempt stays where it was.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from quizzes import services
from quizzes.models import QuizAnswer, QuizAttempt
from tests.factories import UserFactory
from tests.quizzes.case_factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return CaseFactory()


@pytest.fixture
def attempt(case, learner):
    return services.quiz_attempt_start(quiz=case, learner=learner)


def _answer(attempt, scene, option):
    return services.case_scene_answer(attempt=attempt, scene_key=scene, response={"option": option})


def _stored(attempt) -> dict:
    return dict(QuizAnswer.objects.filter(attempt=attempt).values_list("question_key", "response"))


def test_a_scene_further_on_cannot_be_answered_before_it_is_reached(attempt):
    with pytest.raises(services.NotAllowed) as refused:
        _answer(attempt, "s3", "s3-b")

    assert refused.value.message == services.SCENE_NOT_REACHED
    assert _stored(attempt) == {}


def test_the_branch_not_taken_cannot_be_answered(attempt):
    _answer(attempt, "s1", "s1-b")  # right: on to s2a, not s2b

    with pytest.raises(services.NotAllowed):
        _answer(attempt, "s2b", "s2b-b")

    assert _stored(attempt) == {"s1": {"option": "s1-b"}}


def test_an_answered_scene_cannot_be_answered_again_differently(attempt):
    _answer(attempt, "s1", "s1-a")

    with pytest.raises(services.AttemptClosed) as refused:
        _answer(attempt, "s1", "s1-b")

    assert refused.value.message == services.SCENE_ANSWERED
    assert _stored(attempt) == {"s1": {"option": "s1-a"}}


def test_sending_the_same_answer_twice_changes_nothing(attempt):
    _answer(attempt, "s1", "s1-b")
    _answer(attempt, "s1", "s1-b")  # a double click or a reload of the form

    assert _stored(attempt) == {"s1": {"option": "s1-b"}}


def test_an_option_of_another_scene_is_refused(attempt):
    with pytest.raises(services.InvalidAnswer):
        _answer(attempt, "s1", "s2a-b")

    assert _stored(attempt) == {}


def test_a_finished_case_keeps_its_answers(attempt):
    for scene, option in (("s1", "s1-b"), ("s2a", "s2a-b"), ("s3", "s3-a")):
        _answer(attempt, scene, option)

    _answer(attempt, "s3", "s3-a")  # the same answer again: fine
    with pytest.raises(services.AttemptClosed):
        _answer(attempt, "s3", "s3-b")

    assert _stored(attempt)["s3"] == {"option": "s3-a"}


@pytest.mark.parametrize("service", ["submit", "save"])
def test_a_case_cannot_be_handed_in_past_a_scene_or_saved_as_a_quiz(attempt, service):
    _answer(attempt, "s1", "s1-b")

    with pytest.raises(services.NotAllowed):
        if service == "submit":
            services.quiz_attempt_submit(attempt=attempt, responses={"s3": {"option": "s3-b"}})
        else:
            services.quiz_answers_save(attempt=attempt, responses={"s3": {"option": "s3-b"}})

    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.IN_PROGRESS
    assert _stored(attempt) == {"s1": {"option": "s1-b"}}


def test_handing_in_in_one_go_plays_the_answers_along_the_path_and_skips_nothing(attempt):
    responses = {scene: {"option": f"{scene}-b"} for scene in ("s1", "s2a", "s2b", "s3")}

    attempt = services.quiz_attempt_submit(attempt=attempt, responses=responses)

    assert attempt.is_graded and attempt.max_points == 3
    assert set(_stored(attempt)) == {"s1", "s2a", "s3"}  # s2b is off the path: not stored


def test_handing_in_in_one_go_cannot_change_a_scene_already_answered(attempt):
    _answer(attempt, "s1", "s1-a")

    with pytest.raises(services.AttemptClosed):
        services.quiz_attempt_submit(
            attempt=attempt, responses={scene: {"option": f"{scene}-b"} for scene in ("s1", "s2a", "s3")}
        )

    attempt.refresh_from_db()
    assert not attempt.is_graded and _stored(attempt) == {"s1": {"option": "s1-a"}}


def test_the_quiz_hand_in_url_refuses_a_case(learner_client, attempt):
    response = learner_client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]), {"q__s3": "s3-b"})

    assert response.status_code == HTTPStatus.CONFLICT
    attempt.refresh_from_db()
    assert not attempt.is_graded and _stored(attempt) == {}


def test_a_skipped_scene_posted_through_the_form_is_refused(learner_client, attempt):
    response = learner_client.post(reverse("quizzes:case_answer", args=[attempt.pk]), {"scene": "s3", "q__s3": "s3-b"})

    assert response.status_code == HTTPStatus.CONFLICT
    assert str(services.SCENE_NOT_REACHED) in response.text
    assert _stored(attempt) == {}


@pytest.mark.parametrize(
    "data",
    [
        {"scene": "s1"},  # no answer chosen
        {"scene": "s1", "q__s1": ["s1-a", "s1-b"]},  # two answers
        {"scene": "nope", "q__nope": "x"},  # a scene that does not exist
        {"scene": "s1", "q__s1": "x" * 200},  # garbage
    ],
)
def test_bad_form_input_is_refused_with_a_clear_error_and_nothing_stored(learner_client, attempt, data):
    response = learner_client.post(reverse("quizzes:case_answer", args=[attempt.pk]), data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'role="alert"' in response.text
    assert _stored(attempt) == {}


def test_another_learners_case_attempt_is_not_found(attempt):
    stranger = Client()
    stranger.force_login(UserFactory())

    answer = stranger.post(reverse("quizzes:case_answer", args=[attempt.pk]), {"scene": "s1", "q__s1": "s1-b"})
    result = stranger.get(reverse("quizzes:attempt_result", args=[attempt.pk]))

    assert answer.status_code == result.status_code == HTTPStatus.NOT_FOUND
    assert _stored(attempt) == {}


def test_a_case_the_policy_does_not_open_is_not_found(learner_client, attempt, settings):
    settings.QUIZZES_ACCESS_POLICY = ""  # no policy: only editors may use an activity

    response = learner_client.post(reverse("quizzes:case_answer", args=[attempt.pk]), {"scene": "s1", "q__s1": "s1-b"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _stored(attempt) == {}
