"""Writes of courses: enrolments and their cycles, lesson visits, the index of a lesson's activities.

Enrolments are created and renewed only here (organisations and classrooms call these services). How results
become progress and completion is ``courses.progress``.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.blocks import H5PBlock, QuizBlock
from courses.models import CoursePage, Enrollment, LessonActivity, LessonPage, LessonProgress
from pagecache.routing import tree_changed

ENROLLMENT_COURSE_NOT_LIVE = _("This course is not open.")
ENROLLMENT_BATCH_SIZE = 2000


def enrollment_create(*, learner, course: CoursePage) -> Enrollment:
    """Enrol the learner, or return the enrollment they already have."""
    if not course.live:
        raise ValidationError(ENROLLMENT_COURSE_NOT_LIVE)
    enrollment = Enrollment.objects.filter(learner=learner, course=course).order_by("-cycle").first()
    if enrollment:
        return enrollment
    enrollment, _created = Enrollment.objects.get_or_create(learner=learner, course=course, cycle=1)
    return enrollment


def enrollments_create_bulk(*, learner_course_ids: Iterable[tuple[int, int]]) -> None:
    """Enrol many learners at once (assignments, classes): one INSERT per 2,000 rows, whatever the headcount.

    A learner who already has an enrollment in a course keeps it as it is (any cycle): the first cycle's row
    exists for everyone ever enrolled, so the conflict on it skips them.
    """
    Enrollment.objects.bulk_create(
        [Enrollment(learner_id=learner, course_id=course, cycle=1) for learner, course in learner_course_ids],
        ignore_conflicts=True,
        batch_size=ENROLLMENT_BATCH_SIZE,
    )


@transaction.atomic
def enrollment_renew(*, learner, course: CoursePage) -> Enrollment:
    """Start a new cycle of a completed course (renewal after a certificate expires). Idempotent per cycle."""
    if not course.live:
        raise ValidationError(ENROLLMENT_COURSE_NOT_LIVE)
    latest = Enrollment.objects.select_for_update().filter(learner=learner, course=course).order_by("-cycle").first()
    if latest is None:
        return enrollment_create(learner=learner, course=course)
    if not latest.is_completed:
        return latest  # a renewal already under way
    return Enrollment.objects.create(learner=learner, course=course, cycle=latest.cycle + 1)


def lesson_visit(*, enrollment: Enrollment, lesson: LessonPage, visited_before: bool = False) -> None:
    """Remember that the learner opened the lesson, so "Ga verder" returns here.

    ``visited_before``: the caller already knows the learner has progress in this lesson (no query for it).
    """
    if not visited_before:
        LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    if enrollment.last_lesson_id != lesson.pk:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson, updated_at=timezone.now())
        enrollment.last_lesson = lesson


@transaction.atomic
def lesson_activities_sync(*, lesson: LessonPage) -> list[LessonActivity]:
    """Rebuild the index of activities placed in the lesson's live content."""
    wanted = {}
    for block in lesson.body:
        if isinstance(block.block, QuizBlock) and block.value["quiz"]:
            quiz = block.value["quiz"]
            wanted[(LessonActivity.Kind.QUIZ.value, quiz.pk)] = {
                "title": str(quiz),
                "is_required": bool(block.value["is_required"]),
                "pass_threshold": 0,
            }
        elif isinstance(block.block, H5PBlock) and block.value["activity"]:
            activity = block.value["activity"]
            wanted[(LessonActivity.Kind.H5P.value, activity.pk)] = {
                "title": str(activity),
                "is_required": bool(block.value["is_required"]),
                "pass_threshold": block.value["pass_threshold"],
            }
    LessonActivity.objects.filter(lesson=lesson).delete()
    tree_changed()  # the cached index of each lesson is read under the tree version
    return LessonActivity.objects.bulk_create(
        LessonActivity(lesson=lesson, kind=kind, activity_id=activity_id, **fields)
        for (kind, activity_id), fields in wanted.items()
    )
