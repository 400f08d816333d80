from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import Enrollment, LessonProgress
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client):
    learner = UserFactory()
    client.force_login(learner)
    client.learner = learner
    return client


def _lessons(course):
    return list(course.get_children().live().specific().order_by("path"))


def _enrol(client, course):
    return client.post(reverse("courses:enroll", args=[course.pk]))


def _complete(client, course, lesson):
    return client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))


def test_course_page_is_public_and_offers_start(client):
    course = course_with_lessons(3)

    response = client.get(course.url)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Les 1" in html and "Les 3" in html
    assert "Log in om te beginnen" in html or "Log in to start" in html


def test_enrolment_is_a_post_never_a_get(learner_client):
    course = course_with_lessons(2)

    assert learner_client.get(reverse("courses:enroll", args=[course.pk])).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = _enrol(learner_client, course)

    assert response.status_code == HTTPStatus.FOUND
    assert Enrollment.objects.filter(learner=learner_client.learner, course=course).count() == 1


def test_enrolling_twice_keeps_one_enrollment(learner_client):
    course = course_with_lessons(2)

    _enrol(learner_client, course)
    _enrol(learner_client, course)

    assert Enrollment.objects.filter(learner=learner_client.learner).count() == 1


def test_enrolment_starts_at_the_first_lesson(learner_client):
    course = course_with_lessons(3)

    response = learner_client.get(_enrol(learner_client, course)["Location"])

    assert response["Location"] == _lessons(course)[0].url


def test_lessons_require_login(client):
    course = course_with_lessons(1)

    response = client.get(_lessons(course)[0].url)

    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_a_lesson_before_enrolment_sends_the_learner_to_the_course(learner_client):
    course = course_with_lessons(1)

    response = learner_client.get(_lessons(course)[0].url)

    assert response["Location"] == course.url


def test_lesson_shows_content_progress_and_navigation(learner_client):
    course = course_with_lessons(3)
    _enrol(learner_client, course)
    first, second, _third = _lessons(course)

    html = learner_client.get(second.url).content.decode()

    assert "Alinea 0" in html
    assert 'role="progressbar"' in html
    assert f'href="{first.url}"' in html and 'rel="next"' in html
    assert reverse("courses:lesson_complete", args=[course.pk, second.pk]) in html


def test_working_through_a_course_completes_it_once_and_announces_it(
    learner_client, completions, django_capture_on_commit_callbacks
):
    course = course_with_lessons(3)
    _enrol(learner_client, course)

    with django_capture_on_commit_callbacks(execute=True):
        for lesson in _lessons(course):
            _complete(learner_client, course, lesson)
        _complete(learner_client, course, _lessons(course)[-1])  # a double click on the last lesson

    enrollment = Enrollment.objects.get(learner=learner_client.learner)
    assert enrollment.is_completed and enrollment.progress_percent == 100
    assert completions == [enrollment.pk]


def test_progress_is_the_share_of_required_lessons(learner_client):
    course = course_with_lessons(3)
    optional = _lessons(course)[2]
    optional.is_required = False
    optional.save_revision().publish()
    _enrol(learner_client, course)

    _complete(learner_client, course, _lessons(course)[0])

    assert Enrollment.objects.get(learner=learner_client.learner).progress_percent == 50


def test_continue_resumes_at_the_last_lesson_visited(learner_client):
    course = course_with_lessons(4)
    _enrol(learner_client, course)
    third = _lessons(course)[2]
    learner_client.get(third.url)

    response = learner_client.get(reverse("courses:resume", args=[course.pk]))

    assert response["Location"] == third.url


def test_a_new_device_resumes_where_the_learner_left_off(client):
    course = course_with_lessons(3)
    learner = UserFactory()
    client.force_login(learner)
    _enrol(client, course)
    _complete(client, course, _lessons(course)[0])
    client.logout()

    other_device = type(client)()
    other_device.force_login(learner)
    response = other_device.get(reverse("courses:resume", args=[course.pk]))

    assert response["Location"] == _lessons(course)[1].url


def test_completed_lessons_show_on_the_course_page(learner_client):
    course = course_with_lessons(2)
    _enrol(learner_client, course)
    _complete(learner_client, course, _lessons(course)[0])

    html = learner_client.get(course.url).content.decode()

    assert "50%" in html
    assert LessonProgress.objects.filter(completed_at__isnull=False).count() == 1


def test_dashboard_shows_courses_in_progress_and_completed(learner_client):
    busy = course_with_lessons(2, title="Bezig")
    done = course_with_lessons(1, title="Klaar")
    _enrol(learner_client, busy)
    _enrol(learner_client, done)
    _complete(learner_client, done, _lessons(done)[0])

    html = learner_client.get(reverse("dashboard")).content.decode()

    assert "Bezig" in html and "Klaar" in html
    assert html.index("Bezig") < html.index("Klaar")
