"""The demo course in content/demo/: its quizzes, every block type rendered, and H5P only when packages exist."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.content_loader import LoadReport, courses_load
from courses.models import LessonPage
from elearning.demo import DEMO_COURSE_SLUG, DEMO_COURSES
from h5p.models import H5PActivity
from quizzes import grading, services
from quizzes.models import Quiz
from tests.factories import UserFactory
from tests.h5p.factories import SHARED

pytestmark = pytest.mark.django_db

SHARED_PACKAGES = SHARED / "valid"
SIGNALS_QUIZ = "Signalen van uitbuiting herkennen"
PRACTICE_QUIZ = "Oefenen met signalen"
# What each block type leaves in the lesson page, so a block that renders nothing is noticed.
BLOCK_MARKERS = {
    "text": 'class="block-text"',
    "case_story": 'class="case-story"',
    "signal_list": 'class="signal-list"',
    "image": 'class="block-image"',
    "callout": "callout--tip",
    "video": "youtube-nocookie.com/embed/signaal-demo",  # the stored oEmbed: nothing was fetched
    "quiz": "activity--quiz",
    "reporting_routes": 'class="reporting-routes"',
    "h5p": "data-h5p-player",
}


def _load(h5p_packages=SHARED_PACKAGES, report=None):
    return courses_load(root=DEMO_COURSES, h5p_packages=h5p_packages, report=report)[0]


def _lessons(course):
    return list(LessonPage.objects.child_of(course).live().specific().order_by("path"))


def _correct_responses(attempt) -> dict:
    responses = {}
    for question in attempt.questions:
        options = question["options"]
        if question["type"] == grading.SIGNAL_SORTING:
            marks = {option["key"]: "signal" if option["correct"] else "no_signal" for option in options}
            responses[question["key"]] = {"marks": marks}
        elif question["type"] == grading.MULTIPLE_RESPONSE:
            responses[question["key"]] = {"options": sorted(option["key"] for option in options if option["correct"])}
        else:
            responses[question["key"]] = {"option": next(option["key"] for option in options if option["correct"])}
    return responses


def test_the_demo_course_loads_with_its_quizzes_once():
    first = _load(h5p_packages=None)
    again = _load(h5p_packages=None)

    assert first.pk == again.pk and first.slug == DEMO_COURSE_SLUG
    assert set(Quiz.objects.values_list("title", flat=True)) == {SIGNALS_QUIZ, PRACTICE_QUIZ}
    signals = Quiz.objects.get(title=SIGNALS_QUIZ)
    assert {question.block_type for question in signals.questions} == set(grading.QUESTION_TYPES)
    assert Quiz.objects.get(title=PRACTICE_QUIZ).feedback_timing == Quiz.FeedbackTiming.AFTER_EACH


def test_the_demo_quiz_validates_and_can_be_passed():
    _load(h5p_packages=None)
    quiz = Quiz.objects.get(title=SIGNALS_QUIZ)
    quiz.full_clean()

    attempt = services.quiz_attempt_start(quiz=quiz, learner=UserFactory())
    graded = services.quiz_attempt_submit(attempt=attempt, responses=_correct_responses(attempt))

    assert graded.score_percent == 100 and graded.passed


def _rendered_lessons(course, client) -> str:
    client.force_login(UserFactory())
    assert client.post(reverse("courses:enroll", args=[course.pk])).status_code == HTTPStatus.FOUND
    pages = []
    for lesson in _lessons(course):
        response = client.get(lesson.url)
        assert response.status_code == HTTPStatus.OK, lesson.url
        pages.append(response.content.decode())
    return "\n".join(pages)


@pytest.mark.skipif(not SHARED_PACKAGES.is_dir(), reason="../shared/h5p/valid is not present")
def test_every_block_type_renders(client):
    course = _load()
    types = {block.block_type for lesson in _lessons(course) for block in lesson.body}
    assert types == set(BLOCK_MARKERS)

    html = _rendered_lessons(course, client)

    for block_type, marker in BLOCK_MARKERS.items():
        assert marker in html, block_type
    assert H5PActivity.objects.get().main_library.startswith("H5P.MultiChoice-")


def test_without_the_shared_packages_the_h5p_block_is_left_out_and_the_rest_renders(client, tmp_path):
    report = LoadReport()
    course = _load(h5p_packages=tmp_path / "missing", report=report)

    assert len(report.left_out) == 1 and "(h5p)" in report.left_out[0]
    assert not H5PActivity.objects.exists()
    html = _rendered_lessons(course, client)
    for block_type, marker in BLOCK_MARKERS.items():
        assert (marker in html) == (block_type != "h5p"), block_type


@pytest.mark.skipif(not SHARED_PACKAGES.is_dir(), reason="../shared/h5p/valid is not present")
def test_packages_that_arrive_later_add_the_h5p_block_once(tmp_path):
    _load(h5p_packages=tmp_path / "missing")
    lesson = LessonPage.objects.get(slug="wat-doe-je")
    revisions = lesson.revisions.count()

    _load()
    _load()

    lesson.refresh_from_db()
    assert "h5p" in [block.block_type for block in lesson.body]
    assert lesson.revisions.count() == revisions + 1
    assert H5PActivity.objects.count() == 1
