"""Reads for classes and pupils. The class progress page costs a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet

from classrooms import codes
from classrooms.models import ClassPoll, Pupil, SchoolClass
from courses.models import CoursePage, LessonActivity, LessonPage, LessonProgress
from courses.selectors import CourseOverview, course_overview
from h5p.selectors import activity_results
from quizzes import grading
from quizzes.models import Quiz, QuizAnswer, QuizAttempt
from quizzes.selectors import quiz_result_from_attempts


def pupil_by_code(*, code: str) -> Pupil | None:
    """The pupil whose personal code this is, unless their class is archived."""
    code = codes.code_normalise(code)
    if not codes.looks_like_personal_code(code):
        return None
    return (
        Pupil.objects.select_related("user", "school_class")
        .filter(code_digest=codes.code_digest(code), school_class__archived_at__isnull=True)
        .first()
    )


def pupil_of(*, user) -> Pupil | None:
    if not user.is_authenticated:
        return None
    return Pupil.objects.select_related("school_class").filter(user=user).first()


def teacher_classes(*, teacher) -> QuerySet[SchoolClass]:
    """The teacher's own classes, never anyone else's; open ones first."""
    return (
        SchoolClass.objects.filter(teacher=teacher)
        .select_related("organisation")
        .annotate(pupil_count=Count("pupils"))
        .order_by("archived_at", "-created_at")
    )


def class_courses(*, school_class_id: int) -> list[CoursePage]:
    return list(
        CoursePage.objects.live()
        .filter(class_assignments__school_class_id=school_class_id)
        .order_by("class_assignments__assigned_at", "path")
    )


def assignable_courses() -> QuerySet[CoursePage]:
    return CoursePage.objects.live().filter(for_pupils=True).order_by("title")


def class_lessons(*, courses: list[CoursePage]) -> list[LessonPage]:
    """The live lessons of ``courses``, in course order: one query however many courses."""
    if not courses:
        return []
    children = Q()
    for course in courses:
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    return list(LessonPage.objects.live().filter(children).order_by("path"))


def class_lesson(*, school_class: SchoolClass, lesson_id: int) -> LessonPage | None:
    """A live lesson of a course assigned to the class, or None."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        return None
    courses = class_courses(school_class_id=school_class.pk)
    return lesson if any(lesson.is_child_of(course) for course in courses) else None


def pupil_overviews(*, pupil: Pupil) -> list[CourseOverview]:
    """The pupil's courses with progress and the lesson to go on with, for "Mijn lessen"."""
    return [
        course_overview(course=course, learner=pupil.user)
        for course in class_courses(school_class_id=pupil.school_class_id)
    ]


@dataclass(frozen=True)
class RosterRow:
    """One pupil on the class page: nickname, lessons done of the class's lessons, and when last seen."""

    pupil: Pupil
    lessons_done: int
    lessons_total: int
    last_active_at: datetime

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def class_roster(*, school_class: SchoolClass, lessons: list[LessonPage]) -> list[RosterRow]:
    """Every pupil of the class with their progress through ``lessons`` (the class's live lessons, which the
    class page has already read) and their last activity. Two queries, whatever the number of pupils.

    "Last activity" is the latest of the pupil's own marker (set at joining and logging in, and at most hourly
    while they work) and their latest lesson visit or completion, so a lesson finished a minute ago shows.
    """
    pupils = list(school_class.pupils.all())
    lesson_ids = [lesson.pk for lesson in lessons]
    found = (
        {
            row["enrollment__learner_id"]: row
            for row in LessonProgress.objects.filter(
                enrollment__learner_id__in=[pupil.user_id for pupil in pupils], lesson_id__in=lesson_ids
            )
            .values("enrollment__learner_id")
            .annotate(
                done=Count("lesson_id", filter=Q(completed_at__isnull=False), distinct=True),
                visited=Max("visited_at"),
                completed=Max("completed_at"),
            )
            .order_by()
        }
        if pupils and lesson_ids
        else {}
    )
    rows = []
    for pupil in pupils:
        row = found.get(pupil.user_id, {})
        moments = [pupil.last_active_at, row.get("visited"), row.get("completed")]
        rows.append(
            RosterRow(
                pupil=pupil,
                lessons_done=row.get("done", 0),
                lessons_total=len(lesson_ids),
                last_active_at=max(moment for moment in moments if moment is not None),
            )
        )
    return rows


@dataclass(frozen=True)
class QuizCell:
    score_percent: Decimal | None = None
    passed: bool = False
    attempts: int = 0


@dataclass
class PupilRow:
    pupil: Pupil
    lessons_done: int
    cells: list[QuizCell]


@dataclass
class MissedQuestion:
    quiz_title: str
    prompt: str
    wrong: int
    asked: int

    @property
    def percent_wrong(self) -> int:
        return round(100 * self.wrong / self.asked) if self.asked else 0


@dataclass(frozen=True)
class H5PActivityLink:
    activity_id: int
    title: str


@dataclass
class ClassProgress:
    courses: list[CoursePage]
    lessons_total: int
    quizzes: list[Quiz]
    rows: list[PupilRow] = field(default_factory=list)
    most_missed: list[MissedQuestion] = field(default_factory=list)
    h5p_activities: list[H5PActivityLink] = field(default_factory=list)


def class_progress(*, school_class: SchoolClass, missed_limit: int = 10) -> ClassProgress:
    """Per pupil the lessons done and quiz results; across the class the questions most often missed; the
    class's H5P activities, each with its own results page.

    Eight queries, whatever the number of pupils, lessons, quizzes or attempts.
    """
    courses = class_courses(school_class_id=school_class.pk)
    lessons = class_lessons(courses=courses)
    lesson_ids = [lesson.pk for lesson in lessons]
    pupils = list(school_class.pupils.all())
    user_ids = [pupil.user_id for pupil in pupils]
    done = dict(
        LessonProgress.objects.filter(
            enrollment__learner_id__in=user_ids, lesson_id__in=lesson_ids, completed_at__isnull=False
        )
        .values("enrollment__learner_id")
        .annotate(count=Count("lesson_id", distinct=True))
        .values_list("enrollment__learner_id", "count")
    )
    placed = LessonActivity.objects.filter(
        kind__in=[LessonActivity.Kind.QUIZ, LessonActivity.Kind.H5P], lesson_id__in=lesson_ids
    ).order_by("lesson__path", "pk")
    quiz_ids, h5p_activities = [], {}
    for kind, activity_id, title in placed.values_list("kind", "activity_id", "title"):
        if kind == LessonActivity.Kind.QUIZ:
            quiz_ids.append(activity_id)
        else:
            h5p_activities.setdefault(activity_id, H5PActivityLink(activity_id=activity_id, title=title))
    quiz_ids = list(dict.fromkeys(quiz_ids))
    quizzes = {quiz.pk: quiz for quiz in Quiz.objects.filter(pk__in=quiz_ids).defer("questions")}
    quizzes_ordered = [quizzes[pk] for pk in quiz_ids if pk in quizzes]
    attempts = defaultdict(list)
    for attempt in QuizAttempt.objects.filter(
        learner_id__in=user_ids, quiz_id__in=quiz_ids, status=QuizAttempt.Status.GRADED
    ).order_by("number"):
        attempts[(attempt.learner_id, attempt.quiz_id)].append(attempt)
    rows = [
        PupilRow(
            pupil=pupil,
            lessons_done=done.get(pupil.user_id, 0),
            cells=[_quiz_cell(quiz, attempts.get((pupil.user_id, quiz.pk), [])) for quiz in quizzes_ordered],
        )
        for pupil in pupils
    ]
    first_attempts = [found[0] for found in attempts.values()]
    return ClassProgress(
        courses=courses,
        lessons_total=len(lessons),
        quizzes=quizzes_ordered,
        rows=rows,
        most_missed=_most_missed(first_attempts, quizzes, limit=missed_limit),
        h5p_activities=list(h5p_activities.values()),
    )


def _quiz_cell(quiz: Quiz, attempts: list[QuizAttempt]) -> QuizCell:
    result = quiz_result_from_attempts(quiz=quiz, attempts=attempts)
    if result is None:
        return QuizCell()
    return QuizCell(score_percent=result.score_percent, passed=result.passed, attempts=result.attempts_used)


def _most_missed(first_attempts: list[QuizAttempt], quizzes: dict, *, limit: int) -> list[MissedQuestion]:
    """Share of pupils who got each question wrong (or left it open) on their *first* attempt.

    The first attempt shows what the class did not know yet; later attempts mostly show that pupils retried.
    """
    points = defaultdict(dict)
    for attempt_id, key, earned in QuizAnswer.objects.filter(
        attempt_id__in=[attempt.pk for attempt in first_attempts]
    ).values_list("attempt_id", "question_key", "points"):
        points[attempt_id][key] = earned
    tally = {}
    for attempt in first_attempts:
        for question in attempt.questions:
            item = tally.setdefault(
                (attempt.quiz_id, question["key"]),
                MissedQuestion(quiz_title=quizzes[attempt.quiz_id].title, prompt=question["prompt"], wrong=0, asked=0),
            )
            item.asked += 1
            earned = points[attempt.pk].get(question["key"])
            if earned is None or earned < grading.max_points(question):
                item.wrong += 1
    missed = [item for item in tally.values() if item.wrong]
    missed.sort(key=lambda item: (-item.wrong / item.asked, -item.wrong, item.prompt))
    return missed[:limit]


@dataclass(frozen=True)
class PupilScope:
    """What a logged-in pupil may open: the URLs and ids of their class's live courses."""

    course_ids: frozenset[int]
    course_paths: tuple[str, ...]
    course_tree_paths: tuple[str, ...]


def pupil_scope(*, school_class_id: int, request=None) -> PupilScope:
    courses = class_courses(school_class_id=school_class_id)
    return PupilScope(
        course_ids=frozenset(course.pk for course in courses),
        course_paths=tuple(url for course in courses if (url := course.get_url(request=request))),
        course_tree_paths=tuple(course.path for course in courses),
    )


def activity_in_scope(*, scope: PupilScope, kind: str, activity_id: int) -> bool:
    """Whether a quiz or H5P activity is placed in a lesson of the pupil's courses. One query."""
    if not scope.course_tree_paths:
        return False
    in_courses = Q()
    for path in scope.course_tree_paths:
        in_courses |= Q(lesson__path__startswith=path)
    return LessonActivity.objects.filter(in_courses, kind=kind, activity_id=activity_id).exists()


def pupil_nicknames(*, learner_ids) -> dict[int, str]:
    """Pupils' nicknames by user id, for reports that know learners only by id. One query."""
    return dict(Pupil.objects.filter(user_id__in=learner_ids).order_by().values_list("user_id", "nickname"))


@dataclass(frozen=True)
class H5PResultRow:
    pupil: Pupil
    attempts: int = 0
    score_percent: int | None = None
    completed: bool = False

    @property
    def started(self) -> bool:
        return self.attempts > 0


@dataclass
class ClassActivityResults:
    activity: H5PActivityLink
    rows: list[H5PResultRow]

    @property
    def started(self) -> int:
        return sum(row.started for row in self.rows)

    @property
    def completed(self) -> int:
        return sum(row.completed for row in self.rows)


def class_h5p_activity(*, school_class: SchoolClass, activity_id: int) -> H5PActivityLink | None:
    """An H5P activity placed in a live lesson of the class's courses, or None. Two queries."""
    lessons = Q()
    for course in class_courses(school_class_id=school_class.pk):
        lessons |= Q(lesson__path__startswith=course.path, lesson__depth=course.depth + 1)
    if not lessons:
        return None
    title = (
        LessonActivity.objects.filter(lessons, lesson__live=True, kind=LessonActivity.Kind.H5P, activity_id=activity_id)
        .values_list("title", flat=True)
        .first()
    )
    return None if title is None else H5PActivityLink(activity_id=activity_id, title=title)


def class_activity_results(*, school_class: SchoolClass, activity_id: int) -> ClassActivityResults | None:
    """Every pupil of the class with their attempts, best score and completion of one H5P activity of the
    class's courses; None for an activity outside them. Four queries, whatever the number of pupils.

    A pupil's account exists only in this class, so their whole history with the activity counts: there is no
    earlier enrolment cycle to leave out.
    """
    activity = class_h5p_activity(school_class=school_class, activity_id=activity_id)
    if activity is None:
        return None
    pupils = list(school_class.pupils.all())
    in_class = school_class.pupils.values("user_id")
    results = {row["learner_id"]: row for row in activity_results(activity_id=activity_id, learner_ids=in_class)}
    rows = []
    for pupil in pupils:
        found = results.get(pupil.user_id)
        if found is None:
            rows.append(H5PResultRow(pupil=pupil))
            continue
        scaled = found["best_scaled"]
        rows.append(
            H5PResultRow(
                pupil=pupil,
                attempts=found["attempts"],
                score_percent=None if scaled is None else round(100 * scaled),
                completed=found["has_completed"],
            )
        )
    return ClassActivityResults(activity=activity, rows=rows)


def class_poll_open(*, school_class_id: int) -> ClassPoll | None:
    """The question the class can answer now on their own devices, if the teacher opened one."""
    return ClassPoll.objects.filter(school_class_id=school_class_id, closed_at__isnull=True).first()


def poll_answer_of(*, poll: ClassPoll, pupil: Pupil) -> str | None:
    """The option the pupil chose in ``poll``, or None."""
    return poll.answers.filter(pupil=pupil).values_list("option_key", flat=True).first()
