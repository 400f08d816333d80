"""Who may use an activity: a learner enrolled in the live course whose live lesson holds it, or an editor.

Everyone else gets a 404 from every endpoint of both engines, HTML and JSON alike, and nothing is stored.
"""

import json
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from h5p.models import H5PContentState, H5PStatement
from quizzes.models import QuizAnswer, QuizAttempt
from quizzes.services import quiz_attempt_start
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def activities_body(*, quiz=None, activity=None, threshold: int = 70) -> str:
    body = []
    if quiz is not None:
        body.append({"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}})
    if activity is not None:
        body.append(
            {"type": "h5p", "value": {"activity": activity.pk, "is_required": True, "pass_threshold": threshold}}
        )
    return json.dumps(body)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enrolled(course) -> tuple:
    learner = UserFactory()
    client = logged_in(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    return learner, client


def xapi(client, activity, **extra):
    iri = f"http://testserver{reverse('h5p:activity', args=[activity.pk])}"
    statement = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": iri},
        "result": {"score": {"raw": 4, "max": 4}, "completion": True},
        **extra,
    }
    url = reverse("h5p:xapi", args=[activity.pk])
    return client.post(url, json.dumps({"statement": statement}), content_type="application/json")


def state_url(activity) -> str:
    return reverse("h5p:state", args=[activity.pk, "state", "0"])


@pytest.fixture
def placed():
    """A quiz and an H5P activity in a lesson of a live course."""
    quiz = QuizFactory(questions=[single_choice("sc", correct="b")])
    activity = H5PActivityFactory()
    course = course_with_lessons(0)
    lesson = lesson_add(course, title="Oefenen", body=activities_body(quiz=quiz, activity=activity))
    return quiz, activity, course, lesson


def quiz_responses(client, quiz, attempt, **headers) -> dict[str, int]:
    return {
        "page": client.get(reverse("quizzes:take", args=[quiz.pk]), **headers).status_code,
        "start": client.post(reverse("quizzes:start", args=[quiz.pk]), **headers).status_code,
        "save": client.post(
            reverse("quizzes:attempt_save", args=[attempt.pk]), {"save": "all", "q__sc": "sc-b"}, **headers
        ).status_code,
        "hand-in": client.post(
            reverse("quizzes:attempt_submit", args=[attempt.pk]), {"q__sc": "sc-b"}, **headers
        ).status_code,
        "result": client.get(reverse("quizzes:attempt_result", args=[attempt.pk]), **headers).status_code,
    }


@pytest.mark.parametrize("headers", [{}, JSON], ids=["html", "json"])
def test_a_quiz_of_a_course_the_learner_is_not_enrolled_in_is_not_found(placed, headers):
    quiz, _activity, _course, _lesson = placed
    outsider = UserFactory()
    attempt = quiz_attempt_start(quiz=quiz, learner=outsider)  # e.g. opened before this rule existed

    responses = quiz_responses(logged_in(outsider), quiz, attempt, **headers)

    assert set(responses.values()) == {HTTPStatus.NOT_FOUND}, responses
    assert QuizAttempt.objects.filter(learner=outsider).count() == 1
    assert not QuizAnswer.objects.exists()
    attempt.refresh_from_db()
    assert not attempt.is_graded


def test_an_enrolled_learner_takes_the_quiz(placed):
    quiz, _activity, course, _lesson = placed
    learner, client = enrolled(course)

    assert client.get(reverse("quizzes:take", args=[quiz.pk])).status_code == HTTPStatus.OK
    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == HTTPStatus.FOUND
    attempt = QuizAttempt.objects.get(learner=learner)
    client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]), {"q__sc": "sc-b"})

    attempt.refresh_from_db()
    assert attempt.passed


def test_unpublishing_the_course_closes_its_activities_at_once(placed):
    quiz, activity, course, _lesson = placed
    _learner, client = enrolled(course)
    assert client.get(reverse("quizzes:take", args=[quiz.pk])).status_code == HTTPStatus.OK
    assert xapi(client, activity).status_code == HTTPStatus.CREATED  # the learner's "yes" is cached now

    course.unpublish()

    assert client.get(reverse("quizzes:take", args=[quiz.pk])).status_code == HTTPStatus.NOT_FOUND
    assert xapi(client, activity).status_code == HTTPStatus.NOT_FOUND
    assert H5PStatement.objects.count() == 1


def test_a_quiz_in_an_unpublished_lesson_is_not_found(placed):
    quiz, _activity, course, lesson = placed
    _learner, client = enrolled(course)

    lesson.unpublish()

    assert client.get(reverse("quizzes:take", args=[quiz.pk])).status_code == HTTPStatus.NOT_FOUND


def test_a_quiz_placed_in_no_lesson_is_not_found_even_for_enrolled_learners(placed):
    _quiz, _activity, course, _lesson = placed
    loose = QuizFactory()
    _learner, client = enrolled(course)

    assert client.get(reverse("quizzes:take", args=[loose.pk])).status_code == HTTPStatus.NOT_FOUND
    assert client.post(reverse("quizzes:start", args=[loose.pk])).status_code == HTTPStatus.NOT_FOUND
    assert not QuizAttempt.objects.exists()


def test_an_editor_previews_any_quiz_and_activity():
    quiz, activity = QuizFactory(), H5PActivityFactory(is_published=False)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(codename="change_quiz"), Permission.objects.get(codename="change_h5pactivity")
    )
    client = logged_in(editor)

    assert client.get(reverse("quizzes:take", args=[quiz.pk])).status_code == HTTPStatus.OK
    assert client.get(reverse("h5p:activity", args=[activity.pk])).status_code == HTTPStatus.OK


def test_xapi_and_state_of_a_course_the_learner_is_not_enrolled_in_are_not_found(placed):
    _quiz, activity, _course, _lesson = placed
    client = logged_in(UserFactory())

    assert xapi(client, activity).status_code == HTTPStatus.NOT_FOUND
    save = client.post(state_url(activity), json.dumps({"data": "{}"}), content_type="application/json")
    assert save.status_code == HTTPStatus.NOT_FOUND
    assert client.get(state_url(activity)).status_code == HTTPStatus.NOT_FOUND
    assert client.delete(state_url(activity)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("h5p:activity", args=[activity.pk])).status_code == HTTPStatus.NOT_FOUND
    assert not H5PStatement.objects.exists()
    assert not H5PContentState.objects.exists()


def test_an_enrolled_learner_plays_saves_and_reports(placed):
    _quiz, activity, course, lesson = placed
    _learner, client = enrolled(course)

    assert xapi(client, activity).status_code == HTTPStatus.CREATED
    save = client.post(state_url(activity), json.dumps({"data": "{}"}), content_type="application/json")
    assert save.status_code == HTTPStatus.OK
    frame_url = re.search(r'data-frame-url="([^"]+)"', client.get(lesson.url).content.decode()).group(1)
    assert client.get(frame_url).status_code == HTTPStatus.OK  # the lesson page's sandbox plays the package


def queries(request) -> int:
    request()  # the first request asks the policy; the learner's "yes" is cached from then on
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code < 400, response.status_code
    return len(captured)


def test_the_policy_costs_no_query_once_a_learner_was_let_in(placed):
    quiz, activity, course, lesson = placed
    text_lesson = lesson_add(course, title="Lezen")
    _learner, client = enrolled(course)
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get()
    child = {"context": {"contextActivities": {"parent": [{"id": "x"}]}}}
    state = json.dumps({"data": "{}"})

    counts = {
        "text lesson": queries(lambda: client.get(text_lesson.url)),
        "lesson with activities": queries(lambda: client.get(lesson.url)),
        "answer saved": queries(
            lambda: client.post(reverse("quizzes:attempt_save", args=[attempt.pk]), {"save": "all", "q__sc": "sc-b"})
        ),
        "xAPI result": queries(lambda: xapi(client, activity)),
        "xAPI answer": queries(lambda: xapi(client, activity, **child)),
        "state loaded": queries(lambda: client.get(state_url(activity))),
        "state saved": queries(lambda: client.post(state_url(activity), state, content_type="application/json")),
    }

    assert counts == {
        # user, the enrolment with its lesson progress (and "last lesson" when the learner comes from another)
        "text lesson": 2,
        # the same, the results of each activity in this cycle in the same statement (the page itself, the quiz's
        # snippet among what it shows, is served as rendered the first time: courses/page_memo.py)
        "lesson with activities": 2,
        "answer saved": 6,  # user, attempt, savepoint, lock, upsert, release
        # user, and on PostgreSQL the insert with the result's upsert in one statement (else savepoint, insert,
        # result lock, result update, release)
        "xAPI result": 2 if connection.vendor == "postgresql" else 6,
        "xAPI answer": 2,  # user, insert
        "state loaded": 2,  # user, state
        "state saved": 7,  # user, two savepoints, select, update, two releases
    }
