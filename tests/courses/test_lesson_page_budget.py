"""A lesson page's budget: two SQL queries (the user, then the learner's own rows), and one round trip to Redis.

The Redis test runs against the real Redis (``REDIS_URL``, as in production and in CI's PostgreSQL pass) and counts
what the client sends: a pipeline or an ``MGET`` is one round trip. Without ``REDIS_URL`` the cache is local memory
and there are no round trips to count, so it is skipped.
"""

import json
import os

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from redis.connection import AbstractConnection

from accounts.models import User
from courses.models import Enrollment, LessonProgress
from courses.rendering import _outline_fragments, lesson_outline_html
from courses.selectors import course_overview, learner_in_course
from tests.courses.factories import course_with_lessons, lesson_add, text_body
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory

pytestmark = pytest.mark.django_db

# The session, the tree version, the route and what the page read when this process served it last.
REDIS_ROUND_TRIPS_PER_LESSON_PAGE = 1
REDIS_ROUND_TRIPS_PER_STATEMENT = 2  # the session and tree version; then the activity and the learner's access
# user; enrolment with the lesson progress and, for a lesson with activities, the learner's results (one statement)
QUERIES_PER_TEXT_LESSON = 2
QUERIES_PER_H5P_LESSON = 2


def _h5p_body(activity) -> str:
    return json.dumps(
        [
            {"type": "text", "value": "<p>Lees dit eerst.</p>"},
            {"type": "h5p", "value": {"activity": activity.pk, "is_required": True, "pass_threshold": 70}},
        ]
    )


def _learner(course) -> Client:
    client = Client()
    client.force_login(UserFactory())
    client.post(reverse("courses:enroll", args=[course.pk]))
    return client


@pytest.fixture
def course():
    course = course_with_lessons(0, title="Budget")
    lesson_add(course, title="Tekst", body=text_body(3))
    lesson_add(course, title="Oefening", body=_h5p_body(H5PActivityFactory()))
    return course


def _lesson_urls(course) -> list[str]:
    return [lesson.url for lesson in course.get_children().order_by("path")]


def test_a_lesson_page_reads_the_learners_rows_in_constant_queries(course, django_assert_num_queries):
    client = _learner(course)
    text, h5p = _lesson_urls(course)
    for url in (text, h5p, text, h5p):  # first visits, caches filled
        assert client.get(url).status_code == 200
    client.get(text)
    with django_assert_num_queries(QUERIES_PER_TEXT_LESSON):
        assert client.get(text).status_code == 200
    client.get(h5p)
    with django_assert_num_queries(QUERIES_PER_H5P_LESSON):
        assert client.get(h5p).status_code == 200


def test_a_learner_who_is_not_enrolled_is_sent_to_the_course_and_nothing_is_written(course, client):
    client.force_login(UserFactory())
    response = client.get(_lesson_urls(course)[0])

    assert response.status_code == 302 and response["Location"] == course.url
    assert not Enrollment.objects.exists() and not LessonProgress.objects.exists()


class _RoundTrips:
    def __init__(self):
        self.commands: list[bytes] = []


@pytest.fixture
def redis_round_trips(monkeypatch):
    """Every command or pipeline the Redis client sends (one round trip each), while the fixture is in use."""
    if not os.environ.get("REDIS_URL") or "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("needs the Redis cache (REDIS_URL)")
    trips = _RoundTrips()
    send = AbstractConnection.send_packed_command

    def counting(connection, command, check_health=True):
        trips.commands.append(command if isinstance(command, bytes) else b"".join(map(bytes, command)))
        return send(connection, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return trips


def test_a_lesson_page_served_again_costs_one_redis_round_trip(course, redis_round_trips):
    client = _learner(course)
    for url in _lesson_urls(course) * 2:  # routes cached, and each route has learned what its page reads
        assert client.get(url).status_code == 200
    for url in _lesson_urls(course):
        redis_round_trips.commands.clear()
        assert client.get(url).status_code == 200
        assert len(redis_round_trips.commands) <= REDIS_ROUND_TRIPS_PER_LESSON_PAGE, redis_round_trips.commands


def test_an_xapi_statement_costs_at_most_two_redis_round_trips(course, redis_round_trips):
    from h5p.models import H5PActivity
    from tests.courses.test_access import xapi

    client = _learner(course)
    activity = H5PActivity.objects.get()
    child = {"context": {"contextActivities": {"parent": [{"id": "x"}]}}}
    assert xapi(client, activity, **child).status_code == 201  # the learner's access is cached from here on
    for extra in (child, {}):  # an answer to one question, then a result
        redis_round_trips.commands.clear()
        assert xapi(client, activity, **extra).status_code == 201
        assert len(redis_round_trips.commands) <= REDIS_ROUND_TRIPS_PER_STATEMENT, redis_round_trips.commands


def test_a_lesson_page_with_redis_shows_the_learners_own_progress_at_once(course, redis_round_trips):
    """Reads ahead and the request's memo never show a learner yesterday's page: completing a lesson shows."""
    client = _learner(course)
    text, _h5p = _lesson_urls(course)
    client.get(text)
    client.get(text)
    lesson = course.get_children().order_by("path").first()
    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))

    page = client.get(text).content.decode()

    assert page.count("outline__item--completed") == 2  # the lesson, in the drawer and in the side outline


def test_the_outline_from_cached_fragments_is_the_templates_own_rendering(course, rf):
    """Made from one learner's page, the fragments give every other learner exactly what the template gives."""
    text, h5p = list(course.get_children().order_by("path").specific())
    first, second = _learner(course), _learner(course)
    first.get(text.url)
    first.post(reverse("courses:lesson_complete", args=[course.pk, text.pk]))
    first.get(h5p.url)  # the fragments are made here: one lesson completed, one in progress
    second.get(h5p.url)  # the other learner: one not started, one in progress

    user = User.objects.get(pk=second.session["_auth_user_id"])
    request = rf.get(h5p.url)
    request.user = user
    state = learner_in_course(learner=user, course=course)
    overview = course_overview(course=course, learner=user, enrollment=state.enrollment, progress=state.progress)
    expected = render_to_string(
        "courses/includes/outline.html", {"overview": overview, "current": h5p, "link": True, "request": request}
    )

    assert _outline_fragments(overview=overview, lesson=h5p, request=request)["exact"]  # made by the first page
    assert lesson_outline_html(overview=overview, lesson=h5p, request=request)["outline_html"] == expected
    assert "outline__item--not_started" in expected and "outline__item--in_progress" in expected
