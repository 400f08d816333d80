"""The spine: how the engines' results become lesson and course progress, completion and the course score.

One learner's flow, in this order: the engine stores a result and sends its signal (``quizzes.attempt_graded``,
``h5p.result_recorded``) → ``courses.handlers`` calls ``lessons_complete_after_activity_passed`` → a lesson the
learner already tried to finish is completed (``lesson_complete``) → the course's progress is recounted
(``enrollment_progress_update``) → at 100 % the enrollment is completed once (``enrollment_complete``) and
``course_completed`` is sent after commit → certificates issues the certificate with ``enrollment_score``.

A result counts only for the enrollment cycle it was earned in: an activity's result from before the current
cycle began (before enrolling, or in an earlier cycle that a renewal closed) stays in the engine's history
but passes nothing here. Cycles of one learner and course follow each other in time, so "earned in this
cycle" is "started on or after this cycle's ``created_at``".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment, LessonActivity, LessonPage, LessonProgress
from courses.selectors import LessonStatus, passed_keys
from courses.signals import course_completed
from h5p.selectors import best_results
from quizzes.models import Quiz
from quizzes.selectors import quiz_passed_ids, quiz_result

LESSON_NOT_IN_COURSE = _("This lesson is not part of the course.")
LESSON_ACTIVITIES_NOT_PASSED = _("First pass: %(titles)s.")


class ActivitiesNotPassed(ValidationError):
    def __init__(self, titles: list[str]):
        self.titles = titles
        super().__init__(LESSON_ACTIVITIES_NOT_PASSED % {"titles": ", ".join(titles)}, code="activities_not_passed")


def passed_activity_keys(*, enrollment: Enrollment, activities: Iterable[LessonActivity]) -> set[tuple[str, int]]:
    """Which of ``activities`` the learner passed in this enrollment cycle. Two queries, whatever the count."""
    activities = list(activities)
    learner, since = enrollment.learner, enrollment.created_at
    quiz_ids = [a.activity_id for a in activities if a.kind == LessonActivity.Kind.QUIZ]
    thresholds = {a.activity_id: a.pass_threshold for a in activities if a.kind == LessonActivity.Kind.H5P}
    return passed_keys(
        quiz_passed=quiz_passed_ids(learner=learner, quiz_ids=quiz_ids, since=since),
        h5p_results=best_results(learner=learner, activity_ids=list(thresholds), since=since) if thresholds else {},
        h5p_thresholds=thresholds,
    )


@dataclass
class MissingLesson:
    """A required lesson the learner has not completed, and why: what "Klaar, cursus afronden" reports."""

    number: int
    lesson: LessonPage
    opened: bool
    activities_not_passed: list[LessonActivity] = field(default_factory=list)

    @property
    def quizzes_not_passed(self) -> list[str]:
        return [a.title for a in self.activities_not_passed if a.kind == LessonActivity.Kind.QUIZ]

    @property
    def h5p_not_passed(self) -> list[str]:
        return [a.title for a in self.activities_not_passed if a.kind == LessonActivity.Kind.H5P]


def lessons_missing(*, enrollment: Enrollment, unfinished: Iterable) -> list[MissingLesson]:
    """Why each of the ``unfinished`` lessons (``LessonItem``s of the course overview) is not completed yet.

    Three queries at most, however many lessons: the lessons' required activities, then which of them passed.
    """
    unfinished = list(unfinished)
    if not unfinished:
        return []
    required = list(
        LessonActivity.objects.filter(lesson_id__in=[item.lesson.pk for item in unfinished], is_required=True)
    )
    passed = passed_activity_keys(enrollment=enrollment, activities=required)
    not_passed: dict[int, list[LessonActivity]] = {}
    for activity in required:
        if (activity.kind, activity.activity_id) not in passed:
            not_passed.setdefault(activity.lesson_id, []).append(activity)
    return [
        MissingLesson(
            number=item.number,
            lesson=item.lesson,
            opened=item.status != LessonStatus.NOT_STARTED,
            activities_not_passed=not_passed.get(item.lesson.pk, []),
        )
        for item in unfinished
    ]


def lesson_complete(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Complete a lesson once its required activities are passed; completes the course when its rule is met.

    Raises ActivitiesNotPassed naming what is missing, and remembers the request so that passing the last
    activity later completes the lesson without another click.
    """
    if lesson.get_parent().pk != enrollment.course_id:
        raise ValidationError(LESSON_NOT_IN_COURSE)
    required = list(LessonActivity.objects.filter(lesson=lesson, is_required=True))
    passed = passed_activity_keys(enrollment=enrollment, activities=required)
    missing = [activity.title for activity in required if (activity.kind, activity.activity_id) not in passed]
    if missing:
        LessonProgress.objects.update_or_create(
            enrollment=enrollment, lesson=lesson, defaults={"finish_requested_at": timezone.now()}
        )
        raise ActivitiesNotPassed(missing)
    return _lesson_mark_completed(enrollment=enrollment, lesson=lesson)


@transaction.atomic
def _lesson_mark_completed(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(enrollment=enrollment, lesson=lesson)
    if progress.is_completed:
        return progress  # idempotent: a double click changes nothing
    now = timezone.now()
    progress.completed_at = now
    progress.finish_requested_at = progress.finish_requested_at or now
    progress.save(update_fields=["completed_at", "finish_requested_at"])
    enrollment_progress_update(enrollment=enrollment)
    return progress


def lessons_complete_after_activity_passed(*, learner, kind: str, activity_id: int) -> list[LessonProgress]:
    """A learner who asked to finish a lesson before passing its activities gets it completed once they pass.

    Only the current cycle of a course is open (earlier ones were completed), so only it is looked at.
    """
    waiting_ids = list(
        LessonProgress.objects.filter(
            enrollment__learner=learner,
            enrollment__status=Enrollment.Status.ACTIVE,
            finish_requested_at__isnull=False,
            completed_at__isnull=True,
            lesson__activities__kind=kind,
            lesson__activities__activity_id=activity_id,
        ).values_list("pk", flat=True)
    )
    if not waiting_ids:
        return []  # the usual answer, after every result: ids only, no lesson page (a wide row) to build
    waiting = LessonProgress.objects.filter(pk__in=waiting_ids).select_related("enrollment__learner", "lesson")
    completed = []
    for progress in waiting:
        try:
            completed.append(lesson_complete(enrollment=progress.enrollment, lesson=progress.lesson))
        except ActivitiesNotPassed:
            continue
    return completed


@transaction.atomic
def enrollment_progress_update(*, enrollment: Enrollment) -> Enrollment:
    """Recount the share of required lessons completed; complete the enrollment when it reaches 100%."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    required_ids = set(
        LessonPage.objects.live().child_of(enrollment.course).filter(is_required=True).values_list("pk", flat=True)
    )
    done = LessonProgress.objects.filter(
        enrollment=enrollment, lesson_id__in=required_ids, completed_at__isnull=False
    ).count()
    percent = round(100 * done / len(required_ids)) if required_ids else 100
    if percent != enrollment.progress_percent:
        enrollment.progress_percent = percent
        enrollment.save(update_fields=["progress_percent", "updated_at"])
    if percent == 100:
        enrollment_complete(enrollment=enrollment)
    return enrollment


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment) -> Enrollment:
    """Complete once: the row lock makes a second, concurrent call see the first one's result."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.is_completed:
        return enrollment
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.progress_percent = 100
    enrollment.save(update_fields=["status", "completed_at", "progress_percent", "updated_at"])
    transaction.on_commit(lambda: course_completed.send(sender=Enrollment, enrollment=enrollment))
    return enrollment


def enrollment_score(*, enrollment: Enrollment) -> Decimal | None:
    """The course score of an enrollment cycle: the result on the course's final quiz in that cycle.

    The final quiz is the last required quiz in the last lesson that has one; None when the course has none or
    the learner has no graded attempt at it in this cycle.
    """
    lesson_ids = LessonPage.objects.live().child_of(enrollment.course).values("pk")
    activity = (
        LessonActivity.objects.filter(lesson__in=lesson_ids, kind=LessonActivity.Kind.QUIZ, is_required=True)
        .order_by("-lesson__path", "-pk")
        .first()
    )
    if activity is None:
        return None
    quiz = Quiz.objects.filter(pk=activity.activity_id).first()
    result = quiz and quiz_result(learner=enrollment.learner, quiz=quiz, since=enrollment.created_at)
    return result.score_percent if result else None
