from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.activities import passed_activity_keys
from courses.blocks import H5PBlock, QuizBlock
from courses.models import CoursePage, Enrollment, LessonActivity, LessonPage, LessonProgress
from courses.signals import course_completed
from pagecache.routing import tree_changed

ENROLLMENT_COURSE_NOT_LIVE = _("This course is not open.")
LESSON_NOT_IN_COURSE = _("This lesson is not part of the course.")
LESSON_ACTIVITIES_NOT_PASSED = _("First pass: %(titles)s.")


class ActivitiesNotPassed(ValidationError):
    def __init__(self, titles: list[str]):
        self.titles = titles
        super().__init__(LESSON_ACTIVITIES_NOT_PASSED % {"titles": ", ".join(titles)}, code="activities_not_passed")


def enrollment_create(*, learner, course: CoursePage) -> Enrollment:
    """Enrol the learner, or return the enrollment they already have."""
    if not course.live:
        raise ValidationError(ENROLLMENT_COURSE_NOT_LIVE)
    enrollment = Enrollment.objects.filter(learner=learner, course=course).order_by("-cycle").first()
    if enrollment:
        return enrollment
    enrollment, _created = Enrollment.objects.get_or_create(learner=learner, course=course, cycle=1)
    return enrollment


ENROLLMENT_NOT_COMPLETED = _("Finish the course before starting it again.")


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


def lesson_complete(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Complete a lesson once its required activities are passed; completes the course when its rule is met.

    Raises ActivitiesNotPassed naming what is missing, and remembers the request so that passing the last
    activity later completes the lesson without another click.
    """
    if lesson.get_parent().pk != enrollment.course_id:
        raise ValidationError(LESSON_NOT_IN_COURSE)
    required = list(LessonActivity.objects.filter(lesson=lesson, is_required=True))
    passed = passed_activity_keys(learner=enrollment.learner, activities=required)
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


def lessons_complete_after_activity_passed(*, learner, kind: str, activity_id: int) -> list[LessonProgress]:
    """A learner who asked to finish a lesson before passing its activities gets it completed once they pass."""
    waiting = LessonProgress.objects.filter(
        enrollment__learner=learner,
        enrollment__status=Enrollment.Status.ACTIVE,
        finish_requested_at__isnull=False,
        completed_at__isnull=True,
        lesson__activities__kind=kind,
        lesson__activities__activity_id=activity_id,
    ).select_related("enrollment", "lesson")
    completed = []
    for progress in waiting:
        try:
            completed.append(lesson_complete(enrollment=progress.enrollment, lesson=progress.lesson))
        except ActivitiesNotPassed:
            continue
    return completed
