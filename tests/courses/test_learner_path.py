"""The learner's path: the outline, "Ga verder", what finishing says when something is missing, the celebration."""

import json
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from courses.models import Enrollment, LessonProgress
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db


def _lessons(course):
    return list(course.get_children().live().specific().order_by("path"))


def _learner(course) -> Client:
    client = Client()
    client.learner = UserFactory()
    client.force_login(client.learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    return client


def _complete(client, course, lesson):
    return client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))


def _finish_url(course) -> str:
    return reverse("courses:finish", args=[course.pk])


def _quiz_body(quiz) -> str:
    return json.dumps([{"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}}])


def test_finishing_with_a_skipped_lesson_names_it_links_it_and_changes_nothing():
    course = course_with_lessons(0)
    first = lesson_add(course, title="Wat is mensenhandel")
    skipped = lesson_add(course, title="Signalen op school")
    last = lesson_add(course, title="Wat doe je ermee")
    client = _learner(course)
    _complete(client, course, first)

    response = _complete(client, course, last)  # "→" past the second lesson, then "Klaar, cursus afronden"

    assert response["Location"] == _finish_url(course)
    progress_before = list(LessonProgress.objects.values_list("lesson_id", "completed_at"))
    html = client.get(_finish_url(course)).content.decode()
    assert "Nog niet klaar" in html
    assert f'<a href="{skipped.url}">Les 2: Signalen op school</a>' in html
    assert "nog niet geopend" in html
    assert "Wat is mensenhandel" not in html.split("missing-list")[1]
    assert list(LessonProgress.objects.values_list("lesson_id", "completed_at")) == progress_before
    assert not Enrollment.objects.get(learner=client.learner).is_completed


def test_a_lesson_whose_quiz_is_not_passed_says_so(django_capture_on_commit_callbacks):
    quiz = QuizFactory(title="Toets signalen", questions=[single_choice("sc", correct="b")], pass_mark_percent=100)
    course = course_with_lessons(0)
    lesson_add(course, title="Inleiding")
    quiz_lesson = lesson_add(course, title="Signalen op school", body=_quiz_body(quiz))
    client = _learner(course)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = quiz_attempt_start(quiz=quiz, learner=client.learner)
        quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-a"}})
    client.get(quiz_lesson.url)

    html = client.get(_finish_url(course)).content.decode()

    assert "Les 2: Signalen op school</a>" in html
    assert "toets nog niet gehaald (Toets signalen)" in html
    assert "Les 1: Inleiding</a>" in html and "nog niet geopend" in html


def test_continue_after_a_skip_opens_the_skipped_lesson_and_a_done_lesson_leads_there():
    course = course_with_lessons(3)
    first, second, third = _lessons(course)
    client = _learner(course)
    _complete(client, course, first)
    _complete(client, course, third)

    assert client.get(reverse("courses:resume", args=[course.pk]))["Location"] == second.url
    html = client.get(third.url).content.decode()
    assert f'href="{second.url}">Ga verder: Les 2</a>' in html


def test_the_outline_shows_each_lesson_its_status_and_time():
    course = course_with_lessons(3)
    first, second, third = _lessons(course)
    client = _learner(course)
    _complete(client, course, first)

    html = client.get(second.url).content.decode()

    assert html.count('class="outline__list"') == 2  # the side panel (desktop) and the drawer (phone)
    assert "<details" in html and "<summary>" in html
    assert f'href="{second.url}" aria-current="page">2. Les 2</a>' in html
    assert "Klaar · 10 min" in html and "Bezig · 10 min" in html and "Niet begonnen · 10 min" in html
    assert "1 van 3 lessen klaar · nog ongeveer 20 min" in html


def test_a_lesson_without_an_assignment_is_marked_read_in_one_click():
    quiz = QuizFactory(questions=[single_choice("sc", correct="b")])
    course = course_with_lessons(1)
    quiz_lesson = lesson_add(course, title="Toets", body=_quiz_body(quiz))
    text_lesson = _lessons(course)[0]
    client = _learner(course)

    text_html = client.get(text_lesson.url).content.decode()
    quiz_html = client.get(quiz_lesson.url).content.decode()

    assert "Deze les heeft geen opdracht: markeer haar als gelezen." in text_html
    assert "Klaar, volgende les" in text_html
    assert "geen opdracht" not in quiz_html and "Klaar, cursus afronden" in quiz_html
    assert _complete(client, course, text_lesson)["Location"] == quiz_lesson.url
    assert LessonProgress.objects.get(lesson=text_lesson).is_completed


def test_completing_the_course_shows_the_celebration_with_the_certificate_and_next_courses(
    django_capture_on_commit_callbacks,
):
    course = course_with_lessons(2, title="Herken de signalen")
    next_course = course_with_lessons(1, title="Signalen in de wijk")
    course_with_lessons(1, title="Voor leerlingen", for_staff=False, for_pupils=True)
    client = _learner(course)

    with django_capture_on_commit_callbacks(execute=True):
        for lesson in _lessons(course):
            response = _complete(client, course, lesson)

    assert response["Location"] == _finish_url(course)
    html = client.get(_finish_url(course)).content.decode()
    certificate = Certificate.objects.get(enrollment__learner=client.learner)
    assert "Gefeliciteerd" in html
    assert reverse("certificates:download", args=[certificate.pk]) in html
    assert reverse("certificates:verify_code", args=[certificate.code]) in html
    assert next_course.title in html and "Voor leerlingen" not in html
    assert "confetti" not in html


def test_the_celebration_says_the_certificate_is_being_made_until_it_is_there():
    course = course_with_lessons(1)
    client = _learner(course)
    _complete(client, course, _lessons(course)[0])  # on-commit callbacks do not run: no certificate yet

    html = client.get(_finish_url(course)).content.decode()

    assert "Gefeliciteerd" in html
    assert "Het certificaat wordt gemaakt" in html
    assert f'href="{_finish_url(course)}"' in html  # reload


def test_the_finish_page_is_for_enrolled_learners(client):
    course = course_with_lessons(1)
    client.force_login(UserFactory())

    assert client.get(_finish_url(course))["Location"] == course.url
    client.logout()
    assert "/accounts/login/" in client.get(_finish_url(course))["Location"]


def _query_count(client, url) -> int:
    client.get(url)  # warm caches that a running site has warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


def test_the_finish_pages_run_a_fixed_number_of_queries_however_many_lessons(django_capture_on_commit_callbacks):
    counts = {}
    for size in (3, 30):
        course = course_with_lessons(size, title=f"Cursus {size}")
        course_with_lessons(1, title=f"Daarna {size}")
        unfinished, done = _learner(course), _learner(course)
        lessons = _lessons(course)
        for lesson in lessons[::2]:
            _complete(unfinished, course, lesson)
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in lessons:
                _complete(done, course, lesson)
        counts[size] = (_query_count(unfinished, _finish_url(course)), _query_count(done, _finish_url(course)))

    assert counts[3] == counts[30]
    assert counts[3] == (
        6,  # user, course, enrollment, lesson progress, required activities of the missing lessons, site (links)
        6,  # user, course, enrollment with its certificate, view restrictions, next courses, site (links)
    )


def test_the_outline_costs_no_query_on_the_course_and_lesson_pages():
    small, large = course_with_lessons(3, title="Klein"), course_with_lessons(30, title="Groot")
    counts = {}
    for course in (small, large):
        client = _learner(course)
        lessons = _lessons(course)
        _complete(client, course, lessons[0])
        counts[course.pk] = (_query_count(client, course.url), _query_count(client, lessons[1].url))

    assert counts[small.pk] == counts[large.pk]
    assert counts[small.pk][1] == 2  # user, the enrolment with its lesson progress (one statement)
