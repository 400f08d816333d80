"""A lesson completes only when its required activities pass; passing one later finishes what was asked."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import Enrollment, LessonProgress
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db


def _quiz_body(quiz, *, required=True) -> str:
    return json.dumps([{"type": "quiz", "value": {"quiz": quiz.pk, "is_required": required}}])


@pytest.fixture
def setting(client, django_capture_on_commit_callbacks):
    quiz = QuizFactory(title="Eindtoets", questions=[single_choice("sc", correct="b")], pass_mark_percent=100)
    course = course_with_lessons(0)
    lesson = lesson_add(course, title="Toets", body=_quiz_body(quiz))
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    return quiz, course, lesson, learner


def _answer(quiz, learner, option, capture):
    with capture(execute=True):
        attempt = quiz_attempt_start(quiz=quiz, learner=learner)
        quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": option}})


def test_completing_before_passing_is_refused_naming_the_activity(client, setting):
    quiz, course, lesson, learner = setting

    response = client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "Eindtoets" in response.content.decode()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_failed_quiz_does_not_complete_the_lesson(client, setting, django_capture_on_commit_callbacks):
    quiz, course, lesson, learner = setting

    _answer(quiz, learner, "sc-a", django_capture_on_commit_callbacks)
    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    assert not Enrollment.objects.get(learner=learner).is_completed


def test_passing_the_quiz_then_finishing_completes_the_course(client, setting, django_capture_on_commit_callbacks):
    quiz, course, lesson, learner = setting

    _answer(quiz, learner, "sc-b", django_capture_on_commit_callbacks)
    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    assert Enrollment.objects.get(learner=learner).is_completed


def test_passing_after_a_refused_finish_completes_the_lesson_by_itself(
    client, setting, django_capture_on_commit_callbacks
):
    quiz, course, lesson, learner = setting
    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    _answer(quiz, learner, "sc-b", django_capture_on_commit_callbacks)

    assert LessonProgress.objects.get(lesson=lesson).is_completed
    assert Enrollment.objects.get(learner=learner).is_completed


def test_the_lesson_page_shows_the_quiz_and_marks_it_passed(client, setting, django_capture_on_commit_callbacks):
    quiz, course, lesson, learner = setting
    before = client.get(lesson.url).content.decode()

    _answer(quiz, learner, "sc-b", django_capture_on_commit_callbacks)
    after = client.get(lesson.url).content.decode()

    assert "Eindtoets" in before and reverse("quizzes:take", args=[quiz.pk]) in before
    assert "Gehaald." not in before and "Gehaald." in after


def test_an_optional_quiz_does_not_block_the_lesson(client):
    quiz = QuizFactory(questions=[single_choice("sc")])
    course = course_with_lessons(0)
    lesson = lesson_add(course, title="Oefenen", body=_quiz_body(quiz, required=False))
    client.force_login(UserFactory())
    client.post(reverse("courses:enroll", args=[course.pk]))

    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    assert Enrollment.objects.get().is_completed
