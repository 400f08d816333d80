"""Finishing a case completes it for the lesson the same way passing a quiz does: through ``attempt_graded``,
which courses listens to (the engine never imports courses)."""

import json

import pytest
from django.urls import reverse

from courses.models import Enrollment, LessonProgress
from quizzes import services
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.quizzes.case_factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(client, settings):
    settings.QUIZZES_ACCESS_POLICY = "courses.access.quiz_usable"  # the real policy: the case sits in a course
    case = CaseFactory(title="Casus")
    course = course_with_lessons(0)
    body = json.dumps([{"type": "quiz", "value": {"quiz": case.pk, "is_required": True}}])
    lesson = lesson_add(course, title="Casus", body=body)
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    return case, course, lesson, learner


def _play(client, case, learner, capture, answers):
    client.post(reverse("quizzes:start", args=[case.pk]))
    attempt = services.quiz_attempt_start(quiz=case, learner=learner)  # the open attempt
    with capture(execute=True):
        for scene, option in answers:
            client.post(reverse("quizzes:case_answer", args=[attempt.pk]), {"scene": scene, f"q__{scene}": option})


def test_a_lesson_waits_for_its_case_and_completes_once_it_is_played_to_the_end(
    client, placed, django_capture_on_commit_callbacks
):
    case, course, lesson, learner = placed
    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))
    assert not LessonProgress.objects.get(lesson=lesson).is_completed

    _play(client, case, learner, django_capture_on_commit_callbacks, [("s1", "s1-a"), ("s2b", "s2b-a"), ("s3", "s3-a")])

    assert LessonProgress.objects.get(lesson=lesson).is_completed  # every signal missed, and still finished
    assert Enrollment.objects.get(learner=learner).is_completed


def test_a_case_half_played_completes_nothing(client, placed, django_capture_on_commit_callbacks):
    case, course, lesson, learner = placed
    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    _play(client, case, learner, django_capture_on_commit_callbacks, [("s1", "s1-b"), ("s2a", "s2a-b")])

    assert not LessonProgress.objects.get(lesson=lesson).is_completed


def test_a_learner_not_enrolled_cannot_play_the_case(placed):
    from django.test import Client

    case = placed[0]
    stranger = Client()
    stranger.force_login(UserFactory())

    assert stranger.post(reverse("quizzes:start", args=[case.pk])).status_code == 404
