from dataclasses import dataclass, field
from functools import cache as once

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router
from django.db.models import Q, QuerySet

from courses.models import Audience, CourseIndexPage, CoursePage, Enrollment, LessonActivity, LessonPage, LessonProgress
from h5p.selectors import activity_is_passed, best_results_from_rows, statement_totals_params, statement_totals_sql
from pagecache.routing import ROUTE_SECONDS, tree_version_of
from quizzes.selectors import quiz_attempt_rows_params, quiz_attempt_rows_sql, quiz_passed_from_rows


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


@dataclass
class LearnerInCourse:
    """What the lesson page reads of one learner on every request, in one query (``learner_in_course``)."""

    enrollment: Enrollment | None
    progress: dict[int, bool] = field(default_factory=dict)  # {lesson id: completed} of the lessons opened
    passed: set[tuple[str, int]] = field(default_factory=set)  # (kind, activity id) of the activities asked about


def learner_in_course(*, learner, course: CoursePage, activities=()) -> LearnerInCourse:
    """The learner's current cycle, the lessons they opened in it, and which of ``activities`` they passed in it.

    One statement, its SQL built once per process, instead of four ORM queries: the current enrollment, its
    progress rows, and the engines' rows for the activities (``quizzes.selectors.quiz_attempt_rows_sql``,
    ``h5p.selectors.statement_totals_sql``) counted from the cycle's start, each row tagged with what it is.
    """
    if not learner.is_authenticated:
        return LearnerInCourse(enrollment=None)
    quiz_ids = [a.activity_id for a in activities if a.kind == LessonActivity.Kind.QUIZ]
    thresholds = {a.activity_id: a.pass_threshold for a in activities if a.kind == LessonActivity.Kind.H5P}
    database = router.db_for_read(Enrollment)
    sql, attnames = _learner_in_course_sql(len(quiz_ids), len(thresholds))
    params = [learner.pk, course.pk]
    if quiz_ids:
        params += quiz_attempt_rows_params(learner_id=learner.pk, quiz_ids=quiz_ids)
    if thresholds:
        params += statement_totals_params(learner_id=learner.pk, activity_ids=list(thresholds))
    with connections[database].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(attnames)
    tagged = {"e": [], "p": [], "q": [], "h": []}
    for row in rows:
        tagged[row[width]].append(row)
    if not tagged["e"]:
        return LearnerInCourse(enrollment=None)
    values = _enrollment_values_convert(database, tagged["e"][0][:width])
    enrollment = Enrollment.from_db(database, attnames, values)
    enrollment.learner = learner  # the user we asked with: reading it later costs no query
    rest = {tag: [row[width + 1 :] for row in tagged[tag]] for tag in "pqh"}
    return LearnerInCourse(
        enrollment=enrollment,
        progress={lesson_id: bool(completed) for lesson_id, _none, completed, _zero in rest["p"]},
        passed=passed_keys(
            quiz_passed=quiz_passed_from_rows(rest["q"]),
            h5p_results=best_results_from_rows(rest["h"]),
            h5p_thresholds=thresholds,
        ),
    )


def passed_keys(*, quiz_passed: set[int], h5p_results: dict, h5p_thresholds: dict[int, int]) -> set[tuple[str, int]]:
    """(kind, activity id) of the passed activities: the quizzes passed, and the H5P activities whose best result
    reaches the lesson's threshold (percent) for them."""
    passed = {(LessonActivity.Kind.QUIZ.value, quiz_id) for quiz_id in quiz_passed}
    return passed | {
        (LessonActivity.Kind.H5P.value, activity_id)
        for activity_id, result in h5p_results.items()
        if activity_id in h5p_thresholds and activity_is_passed(result, h5p_thresholds[activity_id] / 100)
    }


@once
def _learner_in_course_sql(quiz_count: int, h5p_count: int) -> tuple[str, list[str]]:
    """The SQL of ``learner_in_course`` for a number of quizzes and H5P activities, built once per process from the
    models' own names. Rows are tagged: the enrollment ('e', its columns, then four NULLs), then its lessons' progress
    ('p'), the quizzes' attempts ('q') and the activities' statements ('h'), each with NULL in the enrollment's
    columns (a timestamp costs CPU to read: read once) and four values of its own."""
    fields = [f for f in Enrollment._meta.concrete_fields]
    enrollment, progress = Enrollment._meta.db_table, LessonProgress._meta.db_table
    columns = ", ".join(f'"{f.column}"' for f in fields)
    since = "(SELECT created_at FROM e)"
    tagged = [
        f"SELECT 'p', lesson_id, NULL, CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END, 0 "
        f'FROM "{progress}" WHERE enrollment_id = (SELECT id FROM e)'
    ]
    if quiz_count:
        tagged.append(f"SELECT 'q', attempts.* FROM ({quiz_attempt_rows_sql(quiz_count, since=since)}) attempts")
    if h5p_count:
        tagged.append(f"SELECT 'h', statements.* FROM ({statement_totals_sql(h5p_count, since=since)}) statements")
    no_enrollment = ", ".join(["NULL"] * len(fields))
    sql = (
        f'WITH e AS (SELECT {columns} FROM "{enrollment}" WHERE "learner_id" = %s AND "course_id" = %s '
        f'ORDER BY "cycle" DESC LIMIT 1) '
        f"SELECT e.*, 'e', NULL, NULL, NULL, NULL FROM e "
        f"UNION ALL SELECT {no_enrollment}, x.* FROM ({' UNION ALL '.join(tagged)}) x"
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


def course_overview(
    *, course: CoursePage, learner, enrollment: Enrollment | None = None, progress: dict[int, bool] | None = None
) -> CourseOverview:
    """The course's lessons with the learner's status in each. ``progress`` ({lesson id: completed}, from
    ``learner_in_course``) saves the query for it."""
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
