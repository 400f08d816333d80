from dataclasses import dataclass, field
from functools import cache as once

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router
from django.db.models import Q, QuerySet

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
    number: int = 0

    @property
    def is_completed(self) -> bool:
        return self.status == LessonStatus.COMPLETED


@dataclass
class CourseOverview:
    course: CoursePage
    enrollment: Enrollment | None
    lessons: list[LessonItem] = field(default_factory=list)

    @property
    def progress_percent(self) -> int:
        return self.enrollment.progress_percent if self.enrollment else 0

    @property
    def is_completed(self) -> bool:
        return bool(self.enrollment and self.enrollment.is_completed)

    @property
    def unfinished(self) -> list[LessonItem]:
        """The required lessons not completed yet, in order: what stands between the learner and the course."""
        return [item for item in self.lessons if item.lesson.is_required and not item.is_completed]

    @property
    def completed_count(self) -> int:
        return sum(1 for item in self.lessons if item.is_completed)

    @property
    def minutes_left(self) -> int:
        return sum(item.lesson.estimated_minutes for item in self.lessons if not item.is_completed)

    @property
    def resume_lesson(self) -> LessonPage | None:
        """ "Ga verder": the lesson the learner was in while it is unfinished, else the first required one to do.

        A learner who skipped a lesson with "→" and finished a later one is brought back to what they skipped,
        never to a finished lesson; the first unfinished optional lesson, or else the first lesson, comes last.
        """
        if not self.lessons:
            return None
        last_id = self.enrollment.last_lesson_id if self.enrollment else None
        for item in self.lessons:
            if item.lesson.pk == last_id and not item.is_completed:
                return item.lesson
        unfinished = self.unfinished or [item for item in self.lessons if not item.is_completed]
        return (unfinished or self.lessons)[0].lesson


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


@once
def _enrollment_with_progress_sql() -> tuple[str, list[str]]:
    """The SQL of ``enrollment_current_with_progress``, built once per process from the models' own names."""
    fields = [f for f in Enrollment._meta.concrete_fields]
    enrollment, progress = Enrollment._meta.db_table, LessonProgress._meta.db_table
    columns = ", ".join(f'e."{f.column}"' for f in fields)
    sql = (
        f'SELECT {columns}, p."lesson_id", p."completed_at" FROM "{enrollment}" e '
        f'LEFT JOIN "{progress}" p ON p."enrollment_id" = e."id" '
        f'WHERE e."id" = (SELECT "id" FROM "{enrollment}" WHERE "learner_id" = %s AND "course_id" = %s '
        f'ORDER BY "cycle" DESC LIMIT 1)'
    )
    return sql, [f.attname for f in fields]


def _enrollment_values_convert(database: str, values) -> list:
    """The database's values as the ORM would give them (SQLite returns dates as text, for one)."""
    compiler, converters = _enrollment_converters(database)
    return next(compiler.apply_converters([values], converters)) if converters else list(values)


@once
def _enrollment_converters(database: str) -> tuple:
    compiler = Enrollment.objects.none().query.get_compiler(using=database)
    table = Enrollment._meta.db_table
    return compiler, compiler.get_converters([f.get_col(table) for f in Enrollment._meta.concrete_fields])


def enrollment_current_with_progress(*, learner, course: CoursePage) -> tuple[Enrollment | None, dict[int, bool]]:
    """The learner's current cycle and {lesson id: completed} of the lessons they opened in it: one query.

    The lesson page reads both on every request; one prepared statement instead of two ORM queries.
    """
    if not learner.is_authenticated:
        return None, {}
    sql, attnames = _enrollment_with_progress_sql()
    database = router.db_for_read(Enrollment)
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [learner.pk, course.pk])
        rows = cursor.fetchall()
    if not rows:
        return None, {}
    width = len(attnames)
    values = _enrollment_values_convert(database, rows[0][:width])
    enrollment = Enrollment.from_db(database, attnames, values)
    enrollment.learner = learner  # the user we asked with: reading it later costs no query
    progress = {row[width]: row[width + 1] is not None for row in rows if row[width] is not None}
    return enrollment, progress


def course_overview(
    *, course: CoursePage, learner, enrollment: Enrollment | None = None, progress: dict[int, bool] | None = None
) -> CourseOverview:
    """The course's lessons with the learner's status in each. ``progress`` ({lesson id: completed}, from
    ``enrollment_current_with_progress``) saves the query for it."""
    enrollment = enrollment or enrollment_current(learner=learner, course=course)
    lessons = course_lessons(course=course)
    if progress is None:
        progress = {}
        if enrollment:
            progress = {p.lesson_id: p.is_completed for p in LessonProgress.objects.filter(enrollment=enrollment)}
    items = []
    for lesson in lessons:
        completed = progress.get(lesson.pk)
        if completed is None:
            status = LessonStatus.NOT_STARTED
        elif completed:
            status = LessonStatus.COMPLETED
        else:
            status = LessonStatus.IN_PROGRESS
        items.append(LessonItem(lesson=lesson, status=status, number=len(items) + 1))
    return CourseOverview(course=course, enrollment=enrollment, lessons=items)


def learner_enrollments(*, learner) -> QuerySet[Enrollment]:
    """The learner's enrollments with their course, for the dashboard: one query however many there are."""
    return (
        Enrollment.objects.filter(learner=learner, course__live=True)
        .select_related("course", "last_lesson")
        .order_by("-updated_at")
    )


def enrollment_completed_with_certificate(*, learner, course: CoursePage) -> tuple[Enrollment | None, object | None]:
    """The learner's current cycle and, once it is issued, its certificate: one query.

    Courses never imports certificates (it sits a layer above); the certificate is read through the relation
    that certificates puts on the enrollment, and is None while the task that issues it has not run yet.
    """
    if not learner.is_authenticated:
        return None, None
    enrollment = (
        Enrollment.objects.filter(learner=learner, course=course)
        .select_related("certificate")
        .order_by("-cycle")
        .first()
    )
    if enrollment is None:
        return None, None
    enrollment.learner = learner
    try:
        certificate = enrollment.certificate
    except ObjectDoesNotExist:
        certificate = None
    return enrollment, certificate


def next_courses(*, course: CoursePage, learner, limit: int = 3) -> list[CoursePage]:
    """Published, public courses for an audience of ``course`` that the learner has not completed: two queries."""
    audiences = Q()
    for flag in ("for_teachers", "for_pupils", "for_staff"):
        if getattr(course, flag):
            audiences |= Q(**{flag: True})
    if not audiences:
        return []
    completed = Enrollment.objects.filter(learner=learner, status=Enrollment.Status.COMPLETED).values("course_id")
    return list(
        CoursePage.objects.live()
        .public()
        .filter(audiences)
        .exclude(pk=course.pk)
        .exclude(pk__in=completed)
        .order_by("path")[:limit]
    )
