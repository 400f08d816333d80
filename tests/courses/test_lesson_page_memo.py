"""A lesson page is rendered once per state and served again from memory: never stale, never someone else's.

Every test compares what the memo serves with what a fresh rendering (memo emptied) gives for the same learner
at the same moment, apart from the two values that belong to one response: the CSRF token and the CSP nonce.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from courses.page_memo import lesson_page_clear
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|data-csrf-token=")([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def course():
    quiz = QuizFactory(title="Korte toets", questions=[single_choice("sc", correct="b")], pass_mark_percent=100)
    course = course_with_lessons(0, title="Geheugen")
    lesson_add(course, title="Lezen")
    lesson_add(
        course,
        title="Toets",
        body=json.dumps([{"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}}]),
    )
    return course


def _lessons(course):
    return [lesson for lesson in course.get_children().specific().order_by("path")]


def _enrolled(course, *, enforce_csrf_checks=False) -> tuple:
    learner = UserFactory()
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]), {"csrfmiddlewaretoken": _token(client)})
    return learner, client


def _token(client) -> str:
    client.get(reverse("dashboard"))
    return client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""


def _without_per_response_values(html: str) -> str:
    return NONCE.sub('nonce=""', TOKEN.sub(r'\1"', html))


def _served_and_fresh(client, url) -> tuple:
    """(what the memo serves, what a fresh rendering gives), after a first visit filled the memo."""
    client.get(url)
    served = client.get(url)
    lesson_page_clear()
    fresh = client.get(url)
    return served, fresh


def _pass_quiz(learner, quiz, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attempt = quiz_attempt_start(quiz=quiz, learner=learner)
        quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})


def test_a_second_visit_is_served_without_rendering_and_equals_a_fresh_rendering(course):
    _learner, client = _enrolled(course)
    url = _lessons(course)[0].url

    served, fresh = _served_and_fresh(client, url)

    assert served.status_code == fresh.status_code == 200
    assert not served.templates and fresh.templates  # the memo answered; then the templates
    assert _without_per_response_values(served.text) == _without_per_response_values(fresh.text)


def test_every_response_has_its_own_csrf_token_and_the_nonce_of_its_own_policy(course):
    _learner, client = _enrolled(course)
    url = _lessons(course)[0].url
    client.get(url)

    first, second = client.get(url), client.get(url)

    tokens = [{m.group(2) for m in TOKEN.finditer(page.text)} for page in (first, second)]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]  # masked anew for each response
    for page in (first, second):
        [nonce] = set(NONCE.findall(page.text))
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
    assert "csrfmemo" not in second.text and "noncememo" not in second.text


def test_a_token_from_a_memoised_page_is_accepted(course):
    _learner, client = _enrolled(course, enforce_csrf_checks=True)
    lesson = _lessons(course)[0]
    client.get(lesson.url)
    page = client.get(lesson.url)
    assert not page.templates
    token = TOKEN.search(page.text).group(2)

    response = client.post(
        reverse("courses:lesson_complete", args=[course.pk, lesson.pk]), {"csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302  # on to the next lesson, not 403


def test_another_learner_in_the_same_state_gets_the_page_with_nothing_of_the_first(course):
    _first, first_client = _enrolled(course)
    _second, second_client = _enrolled(course)
    url = _lessons(course)[0].url
    first_page = first_client.get(url)

    second_page = second_client.get(url)

    assert not second_page.templates  # the same state: the same page
    first_token = TOKEN.search(first_page.text).group(2)
    assert first_token not in second_page.text
    assert NONCE.search(first_page.text).group(1) not in second_page.text


def test_completing_a_lesson_shows_at_once_and_as_a_fresh_rendering_would(course):
    _learner, client = _enrolled(course)
    lesson = _lessons(course)[0]
    client.get(lesson.url)
    client.get(lesson.url)

    client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))
    served, fresh = _served_and_fresh(client, lesson.url)

    assert "U hebt deze les afgerond." in served.text
    assert _without_per_response_values(served.text) == _without_per_response_values(fresh.text)


def test_passing_the_quiz_shows_at_once(course, django_capture_on_commit_callbacks):
    learner, client = _enrolled(course)
    quiz_lesson = _lessons(course)[1]
    before = client.get(quiz_lesson.url)
    assert "Verplicht om deze les af te ronden." in before.text

    _pass_quiz(learner, quiz_lesson.body[0].value["quiz"], django_capture_on_commit_callbacks)
    served, fresh = _served_and_fresh(client, quiz_lesson.url)

    assert "Gehaald." in served.text and "Verplicht om deze les af te ronden." not in served.text
    assert _without_per_response_values(served.text) == _without_per_response_values(fresh.text)


def test_an_edited_quiz_shows_its_new_title_in_every_memoised_page(course):
    _learner, client = _enrolled(course)
    quiz_lesson = _lessons(course)[1]
    client.get(quiz_lesson.url)
    quiz = quiz_lesson.body[0].value["quiz"]

    quiz.title = "Nieuwe toets"
    quiz.save()

    assert "Nieuwe toets" in client.get(quiz_lesson.url).text


def test_a_message_is_shown_once_and_never_kept_in_the_memo(course):
    _learner, client = _enrolled(course)
    quiz_lesson = _lessons(course)[1]
    client.get(quiz_lesson.url)

    refused = client.post(reverse("courses:lesson_complete", args=[course.pk, quiz_lesson.pk]), follow=True)
    again = client.get(quiz_lesson.url)

    assert "Korte toets" in refused.text and 'class="message message--error"' in refused.text
    assert 'class="message message--error"' not in again.text


def test_each_language_has_its_own_page(course):
    _learner, client = _enrolled(course)
    url = _lessons(course)[0].url
    client.get(url)

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies.pop("django_language", None)

    assert 'lang="en"' in english.text or "Mark as read" in english.text or "Done" in english.text
    assert 'lang="nl"' in client.get(url, HTTP_ACCEPT_LANGUAGE="nl").text


def test_a_pupil_and_a_staff_member_in_the_same_state_each_get_their_own_shell():
    from classrooms.services import school_class_course_assign
    from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make

    course = course_with_lessons(1, title="Voor iedereen", for_pupils=True, for_staff=True)
    url = _lessons(course)[0].url
    school_class = school_class_make()
    school_class_course_assign(school_class=school_class, course=course)
    pupil = pupil_client_login(Client(), pupil_make(school_class))
    pupil.post(reverse("courses:enroll", args=[course.pk]))
    _staff, staff = _enrolled(course)

    pupil_pages = [pupil.get(url) for _ in range(2)]
    staff_page = staff.get(url)

    assert all(page.status_code == 200 and 'class="help-panel"' in page.text for page in pupil_pages)
    assert staff_page.templates and 'class="help-panel"' not in staff_page.text  # rendered for its own shell
    assert reverse("privacy:my_data") in staff_page.text and reverse("privacy:my_data") not in pupil_pages[1].text


def test_a_changed_h5p_activity_shows_at_once():
    from tests.h5p.factories import H5PActivityFactory

    activity = H5PActivityFactory(title="Oude oefening")
    course = course_with_lessons(0, title="Met H5P")
    body = [{"type": "h5p", "value": {"activity": activity.pk, "is_required": True, "pass_threshold": 70}}]
    lesson_add(course, title="Oefenen", body=json.dumps(body))
    _learner, client = _enrolled(course)
    url = _lessons(course)[0].url
    client.get(url)

    activity.title = "Nieuwe oefening"
    activity.save()

    assert "Nieuwe oefening" in client.get(url).text
