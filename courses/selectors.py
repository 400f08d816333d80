from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet

from courses.models import Audience, CourseIndexPage, CoursePage, Enrollment, LessonActivity, LessonPage, LessonProgress
from pagecache.routing import ROUTE_SECONDS, tree_version_of


class LessonStatus:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass
class LessonItem:
    lesson: LessonPage
    status: str = LessonStatus.NOT_STARTED


@dataclass
class CourseOverview:
    course: CoursePage
    enrollment: Enrollment | None
    lessons: list[LessonItem] = field(default_factory=list)

    @property
    def progress_percent(self) -> int:
        return self.enrollment.progress_percent if self.enrollment else 0

    @property
    def resume_lesson(self) -> LessonPage | None:
        """The last lesson visited, or else the first one not yet completed, or else the first."""
        if not self.lessons:
            return None
        if self.enrollment and self.enrollment.last_lesson_id:
            for item in self.lessons:
                if item.lesson.pk == self.enrollment.last_lesson_id:
                    return item.lesson
        for item in self.lessons:
            if item.status != LessonStatus.COMPLETED:
                return item.lesson
        return self.lessons[0].lesson


def catalogue_courses(*, index: CourseIndexPage, audience: str = "") -> QuerySet[CoursePage]:
    courses = CoursePage.objects.live().public().child_of(index).select_related("cover_image")
    audience_filter = {Audience.TEACHERS: "for_teachers", Audience.PUPILS: "for_pupils", Audience.STAFF: "for_staff"}
    if audience in audience_filter:
        courses = courses.filter(**{audience_filter[audience]: True})
    return courses.order_by("path")


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """The published lessons in order, with titles and URLs but not their bodies; cached while the tree is unchanged."""
    return cache.get_or_set(
        f"courses:lessons:v1:{course.pk}:{tree_version_of(course)}",
        lambda: list(LessonPage.objects.live().child_of(course).defer_streamfields().order_by("path")),
        ROUTE_SECONDS,
    )


def lesson_activities(*, lesson: LessonPage) -> list[LessonActivity]:
    """The activities indexed at the lesson's last publication; cached while the tree is unchanged."""
    return cache.get_or_set(
        f"courses:lesson-activities:v1:{lesson.pk}:{tree_version_of(lesson)}",
        lambda: list(LessonActivity.objects.filter(lesson=lesson)),
        ROUTE_SECONDS,
    )


def enrollment_current(*, learner, course: CoursePage) -> Enrollment | None:
    if not learner.is_authenticated:
        return None
    enrollment = Enrollment.objects.filter(learner=learner, course=course).order_by("-cycle").first()
    if enrollment is not None:
        enrollment.learner = learner  # the user we asked with: reading it later costs no query
    return enrollment


def course_overview(*, course: CoursePage, learner, enrollment: Enrollment | None = None) -> CourseOverview:
    enrollment = enrollment or enrollment_current(learner=learner, course=course)
    lessons = course_lessons(course=course)
    progress = {}
    if enrollment:
        progress = {p.lesson_id: p for p in LessonProgress.objects.filter(enrollment=enrollment)}
    items = []
    for lesson in lessons:
        row = progress.get(lesson.pk)
        if row is None:
            status = LessonStatus.NOT_STARTED
        elif row.is_completed:
            status = LessonStatus.COMPLETED
        else:
            status = LessonStatus.IN_PROGRESS
        items.append(LessonItem(lesson=lesson, status=status))
    return CourseOverview(course=course, enrollment=enrollment, lessons=items)


def learner_enrollments(*, learner) -> QuerySet[Enrollment]:
    """The learner's enrollments with their course, for the dashboard: one query however many there are."""
    return (
        Enrollment.objects.filter(learner=learner, course__live=True)
        .select_related("course", "last_lesson")
        .order_by("-updated_at")
    )
