"""Hot pages run a fixed number of queries, however many lessons, blocks or enrollments there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.courses.factories import course_with_lessons, lesson_add, text_body
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _query_count(client, url) -> int:
    client.get(url)  # warm caches that a running site has warm (site root paths, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _enrolled_client(course, completed_lessons: int = 0) -> Client:
    client = Client()
    client.force_login(UserFactory())
    client.post(reverse("courses:enroll", args=[course.pk]))
    for lesson in list(course.get_children().order_by("path"))[:completed_lessons]:
        client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))
    return client


def test_lesson_page_queries_do_not_grow_with_lessons_or_blocks(client):
    small = course_with_lessons(3, title="Klein")
    large = course_with_lessons(30, title="Groot")
    lesson_add(large, title="Lange les", body=text_body(40))
    small_count = _query_count(
        _enrolled_client(small, completed_lessons=2), small.get_children().order_by("path").last().url
    )
    large_count = _query_count(
        _enrolled_client(large, completed_lessons=20), large.get_children().order_by("path").last().url
    )

    assert small_count == large_count


def test_course_page_queries_do_not_grow_with_lessons(client):
    small = course_with_lessons(3, title="Klein")
    large = course_with_lessons(30, title="Groot")
    small_count = _query_count(_enrolled_client(small, completed_lessons=2), small.url)
    large_count = _query_count(_enrolled_client(large, completed_lessons=20), large.url)

    assert small_count == large_count


def test_dashboard_queries_do_not_grow_with_enrollments(client):
    client.force_login(UserFactory())
    dashboard = reverse("dashboard")
    course = course_with_lessons(2, title="Eerste")
    client.post(reverse("courses:enroll", args=[course.pk]))
    one = _query_count(client, dashboard)
    for number in range(12):
        course = course_with_lessons(2, title=f"Cursus {number}")
        client.post(reverse("courses:enroll", args=[course.pk]))
        if number % 2:
            for lesson in course.get_children():
                client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    assert _query_count(client, dashboard) == one


def test_other_learners_do_not_change_the_count():
    course = course_with_lessons(3)
    lesson_url = course.get_children().order_by("path").first().url
    client = _enrolled_client(course)
    before = _query_count(client, lesson_url)
    for _ in range(10):
        _enrolled_client(course, completed_lessons=2)

    assert _query_count(client, lesson_url) == before
