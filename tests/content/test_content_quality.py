"""Checks on the course content itself: feedback everywhere, sources in every lesson, links that resolve."""

import re
from http import HTTPStatus
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from courses.models import LessonPage
from quizzes.models import Quiz
from tests.content.course_rules import PUPIL_ROUTES, ROUTE_NUMBERS, ROUTE_SITES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Official sites only: the routes of /work/shared/domain.md (see course_rules); links are not fetched.
ALLOWED_DOMAINS = ROUTE_SITES
HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""")
FINAL_QUIZ_COURSES = {"herken-de-signalen", "mensenhandel-niet-op-school"}


def _lessons(course):
    return list(LessonPage.objects.child_of(course).live().specific().order_by("path"))


def _quizzes(course):
    return [
        (block.value["quiz"], block.value["is_required"])
        for lesson in _lessons(course)
        for block in lesson.body
        if block.block_type == "quiz"
    ]


def _html_parts(lesson: LessonPage) -> list[str]:
    parts = [lesson.discussion_prompts]
    for block in lesson.body:
        value = block.value
        if block.block_type == "text":
            parts.append(value.source)
        elif block.block_type == "callout":
            parts.append(value["text"].source)
        elif block.block_type == "case_story":
            parts.append(value["story"].source)
    return parts


def test_every_course_has_its_lessons_and_fields(loaded):
    for course in loaded:
        assert course.summary and course.learning_objectives
        lessons = _lessons(course)
        assert len(lessons) >= 3
        assert sum(lesson.estimated_minutes for lesson in lessons) <= course.estimated_minutes + 15
    by_slug = {course.slug: course for course in loaded}
    assert by_slug["herken-de-signalen"].for_staff and by_slug["herken-de-signalen"].certificate_validity_months
    assert by_slug["mensenhandel-niet-op-school"].for_teachers
    assert by_slug["wees-alert"].for_pupils and by_slug["wees-alert"].certificate_validity_months is None


def test_staff_and_teacher_final_quizzes_are_required_and_big_enough(loaded):
    for course in loaded:
        if course.slug not in FINAL_QUIZ_COURSES:
            continue
        required = [quiz for quiz, is_required in _quizzes(course) if is_required]
        assert len(required) == 1, course.slug
        quiz = required[0]
        kinds = [question.block_type for question in quiz.questions]
        assert len(kinds) >= 10
        assert kinds.count("scenario") >= 6
        assert quiz.pass_mark_percent >= 70
        assert quiz.feedback_timing == Quiz.FeedbackTiming.AFTER_SUBMIT
        # The final quiz is in the last lesson, so it closes the course.
        assert any(block.block_type == "quiz" for block in _lessons(course)[-1].body)


def test_pupil_lessons_each_have_a_practice_quiz_and_a_help_callout(loaded):
    course = next(course for course in loaded if course.slug == "wees-alert")
    for lesson in _lessons(course):
        quizzes = [block.value["quiz"] for block in lesson.body if block.block_type == "quiz"]
        assert len(quizzes) == 1, lesson.slug
        assert quizzes[0].feedback_timing == Quiz.FeedbackTiming.AFTER_EACH
        helps = [block for block in lesson.body if block.block_type == "callout" and block.value["kind"] == "help"]
        assert len(helps) >= 2, lesson.slug  # the opening note and the routes at the end
        assert "Hulp nodig?" in helps[-1].value["text"].source
        assert all(route in helps[-1].value["text"].source for route in PUPIL_ROUTES)


def test_every_option_of_every_question_has_feedback(loaded):
    quizzes = {quiz.pk: quiz for course in loaded for quiz, _required in _quizzes(course)}
    assert quizzes
    for quiz in quizzes.values():
        for question in quiz.questions:
            value = question.value
            assert value["explanation"].strip(), (quiz.title, question.id)
            if question.block_type == "true_false":
                assert value["feedback_true"].strip() and value["feedback_false"].strip()
                continue
            for option in value["options"]:
                assert len(option["feedback"].strip()) >= 15, (quiz.title, question.id, option["text"])
            if question.block_type == "scenario":
                weights = sorted(option["weight"] for option in value["options"])
                assert weights[-1] == 100 and weights[0] == 0, (quiz.title, question.id)


def test_every_lesson_lists_its_sources(loaded):
    for course in loaded:
        for lesson in _lessons(course):
            assert lesson.sources, lesson.slug
            assert all(re.fullmatch(r"(19|20)\d\d", str(source["year"])) for source in lesson.sources), lesson.slug
            assert lesson.review_date, lesson.slug


def test_every_link_resolves(loaded, client):
    learner = UserFactory()
    client.force_login(learner)
    internal, external = set(), set()
    for course in loaded:
        assert client.post(reverse("courses:enroll", args=[course.pk])).status_code == HTTPStatus.FOUND
        for lesson in _lessons(course):
            assert client.get(lesson.url).status_code == HTTPStatus.OK, lesson.url
            for html in _html_parts(lesson):
                for href in HREF.findall(html):
                    (external if "://" in href else internal).add(href)
    assert internal and external
    for href in internal:
        assert href.startswith("/"), href
        assert client.get(href).status_code == HTTPStatus.OK, href
    for href in external:
        url = urlparse(href)
        host = url.hostname or ""
        assert url.scheme == "https", href
        assert any(host == domain or host.endswith("." + domain) for domain in ALLOWED_DOMAINS), href


def test_the_reporting_numbers_are_the_right_ones(loaded):
    text = " ".join(html for course in loaded for lesson in _lessons(course) for html in _html_parts(lesson) if html)
    numbers = set(re.findall(r"\b0[89]00-\d{4}\b|\b033-448 11 86\b", text))
    assert numbers <= ROUTE_NUMBERS, numbers
