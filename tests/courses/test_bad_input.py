from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import Enrollment
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client):
    client.force_login(UserFactory())
    return client


def test_a_lesson_of_an_unpublished_course_is_not_found(learner_client):
    course = course_with_lessons(1)
    learner_client.post(reverse("courses:enroll", args=[course.pk]))
    lesson = course.get_children().first()
    course.unpublish()

    assert learner_client.get(lesson.url).status_code == HTTPStatus.NOT_FOUND


def test_a_draft_lesson_is_not_shown_to_learners(learner_client):
    course = course_with_lessons(1)
    learner_client.post(reverse("courses:enroll", args=[course.pk]))
    lesson = course.get_children().first()
    lesson.unpublish()

    assert learner_client.get(lesson.url).status_code == HTTPStatus.NOT_FOUND


def test_completing_a_lesson_of_another_course_is_not_found(learner_client):
    course = course_with_lessons(1, title="Een")
    other = course_with_lessons(1, title="Twee")
    learner_client.post(reverse("courses:enroll", args=[course.pk]))
    foreign_lesson = other.get_children().first()

    response = learner_client.post(reverse("courses:lesson_complete", args=[course.pk, foreign_lesson.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_enrolling_in_an_unpublished_course_is_not_found(learner_client):
    course = course_with_lessons(1, live=False)

    response = learner_client.post(reverse("courses:enroll", args=[course.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Enrollment.objects.exists()


def test_completing_without_enrolment_is_not_found(learner_client):
    course = course_with_lessons(1)

    response = learner_client.post(
        reverse("courses:lesson_complete", args=[course.pk, course.get_children().first().pk])
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_an_unknown_course_id_is_not_found(learner_client):
    assert learner_client.post(reverse("courses:enroll", args=[999999])).status_code == HTTPStatus.NOT_FOUND
