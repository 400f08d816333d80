"""Writes of the quizzes engine: start an attempt, save answers, submit, close overdue attempts.

The attempt row is the lock: every write to an attempt first takes ``select_for_update()`` on it, so a
save racing a submit, or two submits racing each other, are serialised by the database and the attempt is
graded exactly once.
"""

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from http import HTTPStatus

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from quizzes import cases, grading, selectors
from quizzes.access import quiz_counting_since
from quizzes.models import Quiz, QuizAnswer, QuizAttempt
from quizzes.signals import attempt_graded
from quizzes.snapshot import ending_snapshot, question_snapshot, questions_draw

ATTEMPT_CLOSED = _("This attempt has already been handed in, so your changes were not saved.")
ATTEMPT_TIME_UP = _("Time is up. Your attempt was closed and graded with the answers saved before the time limit.")
QUESTION_NOT_IN_ATTEMPT = _("This question is not part of your attempt.")
ANSWER_LOCKED = _("You have already checked this question. In a practice quiz an answer is final once checked.")
QUIZ_WITHOUT_QUESTIONS = _("This quiz has no questions yet.")
SCENE_NOT_REACHED = _("You have not reached this scene, so your answer was not saved.")
SCENE_ANSWERED = _("You have already answered this scene. In a case an answer is final, so it was not changed.")
CASE_SCENE_BY_SCENE = _("A case is answered one scene at a time.")


class QuizError(Exception):
    """A request the engine refuses. ``status`` is the HTTP status that fits; ``message`` is for the learner."""

    status = HTTPStatus.BAD_REQUEST

    def __init__(self, message, *, question_key: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.question_key = question_key


class InvalidAnswer(QuizError):
    status = HTTPStatus.BAD_REQUEST


class NotAllowed(QuizError):
    status = HTTPStatus.CONFLICT


class AttemptClosed(QuizError):
    status = HTTPStatus.CONFLICT


class AttemptTimeUp(AttemptClosed):
    pass


def _decimal(value: Fraction, places: str) -> Decimal:
    # Round down: 69.999 % must read as 69.99 %, never as a pass mark of 70 % that was not reached.
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_DOWN)


def _attempt_lock(attempt: QuizAttempt) -> QuizAttempt:
    return QuizAttempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt.pk)


def _attempt_grade(attempt: QuizAttempt, *, now, reason: str) -> None:
    """Grade a locked, open attempt with the answers it has saved. Two queries, whatever the number of questions."""
    answers = list(attempt.answers.all())
    by_key = {answer.question_key: answer for answer in answers}
    questions = attempt.questions
    if attempt.quiz.is_case:
        # A case counts the scenes on the learner's own path: a branch not taken is not a signal missed.
        questions = cases.case_path(questions, {key: answer.response for key, answer in by_key.items()}).answered
    points, top = Fraction(0), 0
    for question in questions:
        answer = by_key.get(question["key"])
        result = grading.grade(question, answer.response if answer else None)
        points += result.points
        top += result.max_points
        if answer:
            answer.points = _decimal(result.points, "0.001")
    if answers:
        QuizAnswer.objects.bulk_update(answers, ["points"])
    percent = grading.score_percent(points, top)
    attempt.status = QuizAttempt.Status.GRADED
    attempt.finish_reason = reason
    attempt.graded_at = now
    attempt.score_points = _decimal(points, "0.001")
    attempt.max_points = top
    attempt.score_percent = _decimal(percent, "0.01")
    attempt.passed = percent >= attempt.pass_mark_percent
    attempt.save(
        update_fields=[
            "status",
            "finish_reason",
            "graded_at",
            "score_points",
            "max_points",
            "score_percent",
            "passed",
        ]
    )
    transaction.on_commit(lambda: attempt_graded.send(sender=QuizAttempt, attempt=attempt))


@transaction.atomic
def quiz_attempt_expire(*, attempt: QuizAttempt, now=None) -> bool:
    """Close and grade ``attempt`` if it is past its time limit. Returns whether it did."""
    now = now or timezone.now()
    locked = _attempt_lock(attempt)
    if locked.is_graded or not locked.is_overdue(now):
        return False
    _attempt_grade(locked, now=now, reason=QuizAttempt.FinishReason.TIME_EXPIRED)
    return True


def quiz_attempts_expire(*, now=None) -> int:
    """Close every attempt past its time limit (the periodic task). Each attempt in its own transaction."""
    now = now or timezone.now()
    closed = 0
    for attempt_id in selectors.quiz_attempt_overdue_ids(now=now):
        closed += quiz_attempt_expire(attempt=QuizAttempt(pk=attempt_id), now=now)
    return closed


def quiz_attempt_start(*, quiz: Quiz, learner, now=None, rng=None) -> QuizAttempt:
    """Start an attempt, or return the one the learner already has open (a refresh or a second device).

    Fixes the attempt's questions, their order and the order of their options. Raises ``NotAllowed`` when the
    attempt limit or the waiting time says no; both count only the attempts of the learner's current cycle
    (``quizzes.access.quiz_counting_since``).
    """
    now = now or timezone.now()
    open_attempt = selectors.quiz_attempt_open(learner=learner, quiz=quiz)
    if open_attempt is not None and not quiz_attempt_expire(attempt=open_attempt, now=now):
        return open_attempt
    graded = selectors.quiz_attempts_graded(learner=learner, quiz=quiz)
    counting = selectors.quiz_attempts_counting(
        attempts=graded, since=quiz_counting_since(user=learner, quiz_id=quiz.pk)
    )
    blocker = selectors.quiz_start_blocker(quiz=quiz, graded=counting, now=now)
    if blocker is not None:
        message = blocker.message
        if blocker.available_at:
            message = message % {"time": date_format(timezone.localtime(blocker.available_at), "DATETIME_FORMAT")}
        raise NotAllowed(message)
    questions = questions_draw(
        [question_snapshot(child) for child in quiz.questions],
        draw=quiz.draw_count,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_options=quiz.shuffle_options,
        rng=rng,
    )
    if not questions:
        raise NotAllowed(QUIZ_WITHOUT_QUESTIONS)
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                quiz=quiz,
                learner=learner,
                number=max((attempt.number for attempt in graded), default=0) + 1,
                questions=questions,
                ending=ending_snapshot(quiz.ending) if quiz.is_case else [],
                pass_mark_percent=quiz.pass_mark_percent,
                started_at=now,
                deadline=now + quiz.time_limit if quiz.time_limit else None,
            )
    except IntegrityError:
        # A second request started the same attempt a moment earlier: the constraints let one win.
        return QuizAttempt.objects.get(learner=learner, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS)


def _answers_upsert(attempt: QuizAttempt, responses: dict[str, dict], *, now) -> None:
    """Insert or replace answers in one statement, whatever their number."""
    QuizAnswer.objects.bulk_create(
        [
            QuizAnswer(attempt=attempt, question_key=key, response=response, saved_at=now)
            for key, response in responses.items()
        ],
        update_conflicts=True,
        unique_fields=["attempt", "question_key"],
        update_fields=["response", "saved_at"],
    )


def _responses_check(attempt: QuizAttempt, responses: dict[str, dict]) -> None:
    for key, response in responses.items():
        question = attempt.question(key)
        if question is None:
            raise InvalidAnswer(QUESTION_NOT_IN_ATTEMPT)
        if not grading.response_is_valid(question, response):
            raise InvalidAnswer(grading.RESPONSE_MALFORMED, question_key=key)


def _answers_store(attempt: QuizAttempt, responses: dict[str, dict], *, now) -> None:
    if attempt.quiz.is_case:
        raise NotAllowed(CASE_SCENE_BY_SCENE)  # only case_scene_answer walks a case, one scene at a time
    _responses_check(attempt, responses)
    if responses and attempt.quiz.feedback_timing == Quiz.FeedbackTiming.AFTER_EACH:
        checked = dict(attempt.answers.filter(question_key__in=list(responses)).values_list("question_key", "response"))
        for key, response in checked.items():
            if responses[key] != response:
                raise AttemptClosed(ANSWER_LOCKED, question_key=key)
    if responses:
        _answers_upsert(attempt, responses, now=now)


def quiz_answers_save(*, attempt: QuizAttempt, responses: dict[str, dict], now=None) -> QuizAttempt:
    """Save (or replace) answers of an open attempt. All or nothing: one bad answer stores none.

    An attempt past its time limit is closed and graded with what it had, and ``AttemptClosed`` is raised
    after that is committed, which is why this service opens its own transaction instead of being atomic.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _attempt_lock(attempt)
        if locked.is_graded:
            raise AttemptClosed(ATTEMPT_CLOSED)
        expired = locked.is_overdue(now)
        if expired:
            _attempt_grade(locked, now=now, reason=QuizAttempt.FinishReason.TIME_EXPIRED)
        else:
            _answers_store(locked, responses, now=now)
    if expired:
        raise AttemptTimeUp(ATTEMPT_TIME_UP)
    return locked


@transaction.atomic
def quiz_attempt_submit(*, attempt: QuizAttempt, responses: dict[str, dict] | None = None, now=None) -> QuizAttempt:
    """Save the last answers (if any) and grade the attempt. Idempotent.

    Submitting an attempt that is already graded returns it unchanged (a replay or a double click);
    only a submit that tries to change answers of a closed attempt is refused. Past the time limit the
    attempt is graded with the answers saved before it, and late answers are ignored.
    """
    now = now or timezone.now()
    responses = responses or {}
    locked = _attempt_lock(attempt)
    if locked.is_graded:
        saved = {answer.question_key: answer.response for answer in locked.answers.all()}
        if any(saved.get(key) != response for key, response in responses.items()):
            raise AttemptClosed(ATTEMPT_CLOSED)
        return locked
    if locked.is_overdue(now):
        _attempt_grade(locked, now=now, reason=QuizAttempt.FinishReason.TIME_EXPIRED)
        return locked
    if locked.quiz.is_case:
        _case_play_through(locked, responses, now=now)
    else:
        _answers_store(locked, responses, now=now)
    _attempt_grade(locked, now=now, reason=QuizAttempt.FinishReason.SUBMITTED)
    return locked


def _case_play_through(attempt: QuizAttempt, responses: dict[str, dict], *, now) -> None:
    """Hand in a case in one go (a script, a content check): play ``responses`` along the path, scene by scene.

    The same rules as answering scene by scene: every scene on the path needs an answer, and a scene already
    answered keeps its answer. Answers to scenes off the path are not stored. Learners' forms never come here:
    the hand-in view refuses a case, so a learner always answers the one scene they are at.
    """
    saved = {answer.question_key: answer.response for answer in attempt.answers.all()}
    if any(key in saved and saved[key] != response for key, response in responses.items()):
        raise AttemptClosed(SCENE_ANSWERED)
    played = dict(saved)
    path = cases.case_path(attempt.questions, played)
    while path.current is not None:
        key = path.current["key"]
        if key not in responses:
            raise NotAllowed(CASE_SCENE_BY_SCENE, question_key=key)
        if not grading.response_is_valid(path.current, responses[key]):
            raise InvalidAnswer(grading.RESPONSE_MALFORMED, question_key=key)
        played[key] = responses[key]
        path = cases.case_path(attempt.questions, played)
    new = {key: response for key, response in played.items() if key not in saved}
    if new:
        _answers_upsert(attempt, new, now=now)


def case_scene_answer(*, attempt: QuizAttempt, scene_key: str, response: dict, now=None) -> QuizAttempt:
    """Answer the scene of a case the learner is at; answering the last scene of their path grades the attempt.

    The server decides which scene that is, from the answers already stored: an answer to a scene the learner
    has not reached (a later scene, or one on a branch they did not take) raises ``NotAllowed``, and one that
    changes a scene already answered raises ``AttemptClosed``, both storing nothing. Sending the same answer
    again (a double click, a reload) returns the attempt unchanged, also once the case is finished.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _attempt_lock(attempt)
        if not locked.quiz.is_case:
            raise InvalidAnswer(QUESTION_NOT_IN_ATTEMPT)
        saved = {answer.question_key: answer.response for answer in locked.answers.all()}
        if saved.get(scene_key) == response:
            return locked
        if locked.is_graded:
            raise AttemptClosed(ATTEMPT_CLOSED)
        if scene_key in saved:
            raise AttemptClosed(SCENE_ANSWERED, question_key=scene_key)
        scene = locked.question(scene_key)
        if scene is None or scene["type"] != grading.CASE_STEP:
            raise InvalidAnswer(QUESTION_NOT_IN_ATTEMPT)
        path = cases.case_path(locked.questions, saved)
        if path.current is None or path.current["key"] != scene_key:
            raise NotAllowed(SCENE_NOT_REACHED, question_key=scene_key)
        if not grading.response_is_valid(scene, response):
            raise InvalidAnswer(grading.RESPONSE_MALFORMED, question_key=scene_key)
        QuizAnswer.objects.create(attempt=locked, question_key=scene_key, response=response, saved_at=now)
        saved[scene_key] = response
        if cases.case_path(locked.questions, saved).current is None:
            _attempt_grade(locked, now=now, reason=QuizAttempt.FinishReason.SUBMITTED)
    return locked
