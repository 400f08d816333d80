"""A learner completes a loaded course end to end: enrol, pass the quizzes, finish every lesson."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import Enrollment, LessonPage
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _correct_response(question: dict) -> dict:
    """The full-marks answer to one question of an attempt snapshot, read from the quiz definition."""
    options = question["options"]
    if question["type"] == "signal_sorting":
        return {"marks": {option["key"]: "signal" if option["correct"] else "no_signal" for option in options}}
    if question["type"] == "multiple_response":
        return {"options": sorted(option["key"] for option in options if option["correct"])}
    if question["type"] == "scenario":
        return {"option": next(option["key"] for option in options if option["weight"] == 100)}
    return {"option": next(option["key"] for option in options if option["correct"])}


def _pass(quiz, learner):
    attempt = quiz_attempt_start(quiz=quiz, learner=learner)
    responses = {question["key"]: _correct_response(question) for question in attempt.questions}
    attempt = quiz_attempt_submit(attempt=attempt, responses=responses)
    assert attempt.passed and attempt.score_percent == 100, quiz.title
    return attempt


@pytest.mark.parametrize("slug", ["herken-de-signalen", "wees-alert", "mensenhandel-niet-op-school"])
def test_a_learner_completes_a_course_end_to_end(loaded, client, django_capture_on_commit_callbacks, slug):
    course = next(course for course in loaded if course.slug == slug)
    learner = UserFactory()
    client.force_login(learner)
    assert client.post(reverse("courses:enroll", args=[course.pk])).status_code == HTTPStatus.FOUND

    lessons = list(LessonPage.objects.child_of(course).live().specific().order_by("path"))
    for lesson in lessons:
        assert client.get(lesson.url).status_code == HTTPStatus.OK
        for block in lesson.body:
            if block.block_type == "quiz":
                with django_capture_on_commit_callbacks(execute=True):
                    _pass(block.value["quiz"], learner)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))
        assert response.status_code == HTTPStatus.FOUND

    enrollment = Enrollment.objects.get(learner=learner, course=course)
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.progress_percent == 100


def test_a_lesson_with_a_required_quiz_cannot_be_finished_before_passing(loaded, client):
    course = next(course for course in loaded if course.slug == "herken-de-signalen")
    last = LessonPage.objects.child_of(course).live().order_by("path").last()
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))

    client.post(reverse("courses:lesson_complete", args=[course.pk, last.pk]))

    assert Enrollment.objects.get(learner=learner, course=course).status == Enrollment.Status.ACTIVE
