"""Completing the last lesson in two tabs at once completes the course once (needs PostgreSQL's row locks)."""

import threading

import pytest
from django.db import connection, connections

from courses.models import Enrollment
from courses.progress import lesson_complete
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_simultaneous_completions_complete_the_course_once(completions):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (set DATABASE_URL)")
    course = course_with_lessons(1)
    enrollment = Enrollment.objects.create(learner=UserFactory(), course=course)
    lesson = course.get_children().specific().get()
    barrier = threading.Barrier(2)
    errors = []

    def complete():
        try:
            barrier.wait()
            lesson_complete(enrollment=Enrollment.objects.get(pk=enrollment.pk), lesson=lesson)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    assert completions == [enrollment.pk]
