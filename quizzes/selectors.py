from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache as once

from django.db import connections, router
from django.utils.translation import gettext_lazy as _

from pagecache.versions import version_get
from quizzes.models import Quiz, QuizAnswer, QuizAttempt

ATTEMPT_LIMIT_REACHED = _("You have used all attempts for this quiz.")
ATTEMPT_WAIT = _("You can start a new attempt from %(time)s.")

QUIZ_CONTENT_VERSION_KEY = "quizzes:content-version"


def quiz_content_version() -> int:
    """A number that changes whenever a quiz is saved or deleted (``quizzes.handlers``): what a page that shows
    quizzes' titles and facts is keyed by."""
    return version_get(QUIZ_CONTENT_VERSION_KEY)


@dataclass(frozen=True)
class QuizResult:
    """A learner's result for a quiz under its grading method."""

    attempt: QuizAttempt
    score_percent: Decimal
    passed: bool
    attempts_used: int


@dataclass(frozen=True)
class StartBlocker:
    message: str
    available_at: datetime | None = None


def _graded(*, learner, since: datetime | None = None) -> "QuizAttempt.objects":
    """Graded attempts; with ``since``, only those started from then on (a course's current enrolment cycle)."""
    attempts = QuizAttempt.objects.filter(learner=learner, status=QuizAttempt.Status.GRADED)
    return attempts if since is None else attempts.filter(started_at__gte=since)


def quiz_attempts_graded(*, learner, quiz: Quiz, since: datetime | None = None) -> list[QuizAttempt]:
    """The learner's graded attempts, newest first (the history list)."""
    return list(_graded(learner=learner, since=since).filter(quiz=quiz).order_by("-number"))


def quiz_result_from_attempts(*, quiz: Quiz, attempts: list[QuizAttempt]) -> QuizResult | None:
    graded = [attempt for attempt in attempts if attempt.is_graded]
    if not graded:
        return None
    if quiz.grading_method == Quiz.GradingMethod.LAST:
        best = max(graded, key=lambda attempt: attempt.number)
    else:
        # Under "highest", passing beats failing before the score counts: the result is the passing attempt
        # whenever there is one, which keeps quiz_result and quiz_passed_ids in agreement even if the pass
        # mark changed between attempts.
        best = max(graded, key=lambda attempt: (attempt.passed, attempt.score_percent, attempt.number))
    return QuizResult(attempt=best, score_percent=best.score_percent, passed=best.passed, attempts_used=len(graded))


def quiz_result(*, learner, quiz: Quiz, since: datetime | None = None) -> QuizResult | None:
    """The learner's result for ``quiz`` under its grading method (highest or last attempt), or None.

    With ``since``, only attempts started from then on count.
    """
    return quiz_result_from_attempts(quiz=quiz, attempts=quiz_attempts_graded(learner=learner, quiz=quiz, since=since))


def quiz_passed_ids(*, learner, quiz_ids, since: datetime | None = None) -> set[int]:
    """Which of ``quiz_ids`` the learner has passed under each quiz's grading method. One query, none for none.

    Reads the learner's graded attempts at these quizzes (a handful of rows per quiz). With ``since``, only
    attempts started from then on count. Every lesson page with a quiz asks this: the SQL is built once per
    process (``quiz_attempt_rows_sql``), not by the ORM on every request.
    """
    quiz_ids = list(quiz_ids)
    if not quiz_ids:
        return set()
    database = router.db_for_read(QuizAttempt)
    connection = connections[database]
    sql = quiz_attempt_rows_sql(len(quiz_ids), since="%s" if since is not None else "")
    params = quiz_attempt_rows_params(learner_id=learner.pk, quiz_ids=quiz_ids)
    if since is not None:
        params.append(connection.ops.adapt_datetimefield_value(since))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return quiz_passed_from_rows(cursor.fetchall())


@once
def quiz_attempt_rows_sql(quiz_count: int, *, since: str) -> str:
    """SQL for (quiz id, 1 when the quiz counts its highest attempt else 0, 1 when the attempt passed else 0,
    attempt number) of one learner's graded attempts at ``quiz_count`` quizzes, started from ``since`` on (an SQL
    expression; empty for every attempt). Its parameters: ``quiz_attempt_rows_params``, then those of ``since``.

    Other queries include it whole (``courses.selectors.learner_in_course``): it has no ORDER BY of its own.
    """
    attempt, quiz = QuizAttempt._meta, Quiz._meta

    def column(model, name):
        return f'"{model.get_field(name).column}"'

    quizzes = ", ".join(["%s"] * quiz_count)
    started = f" AND a.{column(attempt, 'started_at')} >= {since}" if since else ""
    highest = f"CASE WHEN q.{column(quiz, 'grading_method')} = '{Quiz.GradingMethod.HIGHEST.value}' THEN 1 ELSE 0 END"
    passed = f"CASE WHEN a.{column(attempt, 'passed')} THEN 1 ELSE 0 END"
    return (
        f"SELECT a.{column(attempt, 'quiz')}, {highest}, {passed}, a.{column(attempt, 'number')} "
        f'FROM "{attempt.db_table}" a JOIN "{quiz.db_table}" q ON q."id" = a.{column(attempt, "quiz")} '
        f"WHERE a.{column(attempt, 'learner')} = %s AND a.{column(attempt, 'status')} = %s "
        f"AND a.{column(attempt, 'quiz')} IN ({quizzes}){started}"
    )


def quiz_attempt_rows_params(*, learner_id: int, quiz_ids: list[int]) -> list:
    return [learner_id, QuizAttempt.Status.GRADED.value, *quiz_ids]


def quiz_passed_from_rows(rows) -> set[int]:
    """The quizzes passed, from the rows of ``quiz_attempt_rows_sql`` in any order: under "highest" any passing
    attempt passes, under "last" the newest attempt decides."""
    passed, newest = set(), {}
    for quiz_id, counts_highest, attempt_passed, number in rows:
        if counts_highest:
            if attempt_passed:
                passed.add(quiz_id)
        elif number > newest.get(quiz_id, (0, 0))[0]:
            newest[quiz_id] = (number, attempt_passed)
    return passed | {quiz_id for quiz_id, (_number, last_passed) in newest.items() if last_passed}


def quiz_attempt_open(*, learner, quiz: Quiz) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(learner=learner, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS).first()


def quiz_attempts_counting(*, attempts: list[QuizAttempt], since: datetime | None) -> list[QuizAttempt]:
    """The attempts that count for the attempt limit and the result: those started since the cycle began."""
    return attempts if since is None else [attempt for attempt in attempts if attempt.started_at >= since]


def _failures_in_a_row(graded: list[QuizAttempt]) -> int:
    streak = 0
    for attempt in sorted(graded, key=lambda attempt: attempt.number, reverse=True):
        if attempt.passed:
            break
        streak += 1
    return streak


def quiz_next_start(*, quiz: Quiz, graded: list[QuizAttempt]) -> datetime | None:
    """When the waiting time lets the learner start again, or None when it does not hold them back.

    With ``wait_after_failures`` K, the wait follows only K failed attempts in a row (and every failure after
    them); with 0 it follows every attempt.
    """
    if quiz.is_practice or not (quiz.wait_minutes and graded):
        return None
    if quiz.wait_after_failures and _failures_in_a_row(graded) < quiz.wait_after_failures:
        return None
    last_finished = max(attempt.graded_at for attempt in graded)
    return last_finished + timedelta(minutes=quiz.wait_minutes)


def quiz_start_blocker(*, quiz: Quiz, graded: list[QuizAttempt], now: datetime) -> StartBlocker | None:
    """Why the learner may not start a new attempt now (attempt limit, waiting time), or None.

    ``graded`` are the attempts that count (see ``quiz_attempts_counting``). Practice quizzes are unlimited.
    """
    if quiz_attempts_left(quiz=quiz, graded=graded) == 0:
        return StartBlocker(ATTEMPT_LIMIT_REACHED)
    available_at = quiz_next_start(quiz=quiz, graded=graded)
    if available_at is not None and now < available_at:
        return StartBlocker(ATTEMPT_WAIT, available_at)
    return None


def quiz_attempts_left(*, quiz: Quiz, graded: list[QuizAttempt]) -> int | None:
    """Attempts the learner may still start; None when unlimited (no limit, or a practice quiz)."""
    if quiz.is_practice or not quiz.attempts_allowed:
        return None
    return max(quiz.attempts_allowed - len(graded), 0)


def attempt_answers(*, attempt: QuizAttempt) -> dict[str, QuizAnswer]:
    return {answer.question_key: answer for answer in attempt.answers.all()}


def quiz_attempt_overdue_ids(*, now: datetime, limit: int = 500) -> list[int]:
    from quizzes.models import TIME_LIMIT_GRACE

    return list(
        QuizAttempt.objects.filter(status=QuizAttempt.Status.IN_PROGRESS, deadline__lt=now - TIME_LIMIT_GRACE)
        .order_by("deadline")
        .values_list("pk", flat=True)[:limit]
    )
