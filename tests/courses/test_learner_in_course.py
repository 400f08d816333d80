"""What the lesson page reads of a learner in one statement (``learner_in_course``) says what the separate queries
of the engines say: the current cycle, the lessons opened in it, and which activities passed in it."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Enrollment, LessonActivity, LessonProgress
from courses.progress import passed_activity_keys
from courses.selectors import learner_in_course, lesson_activities
from h5p.models import H5PStatement
from quizzes.models import Quiz, QuizAttempt
from tests.courses.factories import course_with_lessons, lesson_add
from tests.courses.test_access import activities_body
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db

QUIZ, H5P = LessonActivity.Kind.QUIZ.value, LessonActivity.Kind.H5P.value


@pytest.fixture
def course():
    return course_with_lessons(2)


def _enrol(learner, course, *, cycle=1, ago=timedelta(0)) -> Enrollment:
    enrollment = Enrollment.objects.create(learner=learner, course=course, cycle=cycle)
    Enrollment.objects.filter(pk=enrollment.pk).update(created_at=timezone.now() - ago)
    enrollment.refresh_from_db()
    return enrollment


def _attempt(learner, quiz, number, *, passed, ago=timedelta(0), status=QuizAttempt.Status.GRADED):
    graded = status == QuizAttempt.Status.GRADED
    return QuizAttempt.objects.create(
        quiz=quiz,
        learner=learner,
        number=number,
        status=status,
        pass_mark_percent=50,
        started_at=timezone.now() - ago,
        graded_at=timezone.now() if graded else None,
        score_percent=(100 if passed else 0) if graded else None,
        passed=passed,
    )


def _statement(learner, activity, scaled, *, completed=True, is_child=False, ago=timedelta(0)):
    statement = H5PStatement.objects.create(
        learner=learner,
        activity=activity,
        verb="http://adlnet.gov/expapi/verbs/answered",
        is_child=is_child,
        scaled=scaled,
        completed=completed,
        statement={},
    )
    H5PStatement.objects.filter(pk=statement.pk).update(created_at=timezone.now() - ago)


def _lesson_with(course, *, quizzes=(), activities=(), threshold=70):
    body = []
    for quiz in quizzes:
        body += json.loads(activities_body(quiz=quiz))
    for activity in activities:
        body += json.loads(activities_body(activity=activity, threshold=threshold))
    return lesson_add(course, title="Oefenen", body=json.dumps(body))


def _quiz(grading=Quiz.GradingMethod.HIGHEST) -> Quiz:
    return QuizFactory(questions=[single_choice("q", correct="b")], grading_method=grading)


def _both_ways(learner, course, lesson):
    activities = lesson_activities(lesson=lesson)
    state = learner_in_course(learner=learner, course=course, activities=activities)
    assert state.passed == passed_activity_keys(enrollment=state.enrollment, activities=activities)
    return state


def test_a_learner_who_is_not_enrolled_has_no_state(course):
    state = learner_in_course(learner=UserFactory(), course=course)

    assert state.enrollment is None and state.progress == {} and state.passed == set()


def test_the_current_cycle_and_its_opened_lessons(course):
    learner = UserFactory()
    first, second = (page.specific for page in course.get_children().order_by("path"))
    old = _enrol(learner, course, cycle=1, ago=timedelta(days=400))
    LessonProgress.objects.create(enrollment=old, lesson=first, completed_at=timezone.now())
    current = _enrol(learner, course, cycle=2)
    LessonProgress.objects.create(enrollment=current, lesson=first)
    LessonProgress.objects.create(enrollment=current, lesson=second, completed_at=timezone.now())
    _enrol(UserFactory(), course)  # someone else

    state = learner_in_course(learner=learner, course=course)

    assert state.enrollment.pk == current.pk and state.enrollment.cycle == 2
    assert state.enrollment.created_at == current.created_at  # read as the ORM reads it, time zone included
    assert state.progress == {first.pk: False, second.pk: True}


def test_under_highest_any_passing_attempt_passes_and_under_last_the_newest_decides(course):
    learner = UserFactory()
    highest, last_passed, last_failed = _quiz(), _quiz(Quiz.GradingMethod.LAST), _quiz(Quiz.GradingMethod.LAST)
    lesson = _lesson_with(course, quizzes=[highest, last_passed, last_failed])
    _enrol(learner, course, ago=timedelta(days=1))
    _attempt(learner, highest, 1, passed=True)
    _attempt(learner, highest, 2, passed=False)
    _attempt(learner, last_passed, 1, passed=False)
    _attempt(learner, last_passed, 2, passed=True)
    _attempt(learner, last_failed, 1, passed=True)
    _attempt(learner, last_failed, 2, passed=False)

    state = _both_ways(learner, course, lesson)

    assert state.passed == {(QUIZ, highest.pk), (QUIZ, last_passed.pk)}


def test_results_from_before_the_cycle_from_others_and_unfinished_attempts_pass_nothing(course):
    learner = UserFactory()
    before, others, unfinished = _quiz(), _quiz(), _quiz()
    activity = H5PActivityFactory()
    lesson = _lesson_with(course, quizzes=[before, others, unfinished], activities=[activity])
    _enrol(learner, course, ago=timedelta(hours=1))
    _attempt(learner, before, 1, passed=True, ago=timedelta(days=2))
    _statement(learner, activity, 1.0, ago=timedelta(days=2))
    _attempt(UserFactory(), others, 1, passed=True)
    _attempt(learner, unfinished, 1, passed=False, status=QuizAttempt.Status.IN_PROGRESS)

    assert _both_ways(learner, course, lesson).passed == set()


def test_an_activity_passes_on_its_best_top_level_score_at_the_lessons_threshold(course):
    learner = UserFactory()
    reached, below, only_child, unscored = (H5PActivityFactory() for _ in range(4))
    lesson = _lesson_with(course, activities=[reached, below, only_child, unscored], threshold=70)
    _enrol(learner, course, ago=timedelta(days=1))
    _statement(learner, reached, 0.4)
    _statement(learner, reached, 0.7)
    _statement(learner, below, 0.69)
    _statement(learner, only_child, 1.0, is_child=True)
    _statement(learner, unscored, None, completed=True)  # completing passes only a threshold of 0

    assert _both_ways(learner, course, lesson).passed == {(H5P, reached.pk)}


def test_one_statement_however_many_lessons_activities_and_attempts(course):
    learner = UserFactory()
    quizzes, activities = [_quiz() for _ in range(3)], [H5PActivityFactory() for _ in range(3)]
    lesson = _lesson_with(course, quizzes=quizzes, activities=activities)
    enrollment = _enrol(learner, course, ago=timedelta(days=1))
    for number, quiz in enumerate(quizzes, start=1):
        for attempt in range(1, number + 1):
            _attempt(learner, quiz, attempt, passed=attempt == 2)
    for activity in activities:
        _statement(learner, activity, 0.9)
    for extra in range(5):
        LessonProgress.objects.create(enrollment=enrollment, lesson=lesson_add(course, title=f"Les {extra}"))
    activities_read = lesson_activities(lesson=lesson)

    with CaptureQueriesContext(connection) as queries:
        state = learner_in_course(learner=learner, course=course, activities=activities_read)

    assert len(queries) == 1
    assert len(state.progress) == 5
    assert state.passed == {(QUIZ, quizzes[1].pk), (QUIZ, quizzes[2].pk)} | {(H5P, a.pk) for a in activities}
