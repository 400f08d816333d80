"""Thin views: find the learner's quiz or attempt, call one service, render or redirect.

Each POST view answers a browser form with a redirect or the page again with the error, and answers
the optional script (``Accept: application/json``) with JSON. Someone else's attempt is a 404, and so is a
quiz (or an attempt at one) that the access policy does not let the learner use: nothing hints that it exists.
"""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from quizzes import grading, selectors, services
from quizzes.access import quiz_counting_since, quiz_usable
from quizzes.case_display import case_view
from quizzes.display import attempt_question_views
from quizzes.forms import question_field, responses_from_post
from quizzes.models import Quiz, QuizAttempt

MAX_PAYLOAD_BYTES = 64 * 1024
PAYLOAD_TOO_LARGE = _("Your answers are too large to save. Please try again with shorter answers.")
ANSWERS_SAVED = _("Your answer has been saved.")
ANSWER_CHECKED = _("Your answer has been checked. See the feedback below.")
SAVE_ALL = "all"


class PayloadTooLarge(services.QuizError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _usable_quiz(request, quiz_id: int) -> Quiz:
    if not quiz_usable(user=request.user, quiz_id=quiz_id):
        raise Http404
    return get_object_or_404(Quiz, pk=quiz_id)


def _learner_attempt(request, attempt_id: int) -> QuizAttempt:
    attempt = get_object_or_404(QuizAttempt.objects.select_related("quiz"), pk=attempt_id, learner=request.user)
    if not quiz_usable(user=request.user, quiz_id=attempt.quiz_id):
        raise Http404
    return attempt


def _payload_too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_PAYLOAD_BYTES
    except ValueError:
        return True


def _standing(request, quiz: Quiz) -> dict:
    """Where the learner stands in their current cycle: attempts, result, attempts left, what holds a start back."""
    graded = selectors.quiz_attempts_graded(
        learner=request.user, quiz=quiz, since=quiz_counting_since(user=request.user, quiz_id=quiz.pk)
    )
    attempts_left = selectors.quiz_attempts_left(quiz=quiz, graded=graded)
    return {
        "graded": graded,
        "result": selectors.quiz_result_from_attempts(quiz=quiz, attempts=graded),
        "attempts_left": attempts_left,
        "blocker": selectors.quiz_start_blocker(quiz=quiz, graded=graded, now=timezone.now()),
        "no_attempts_left": attempts_left == 0,
    }


def _take_page(request, quiz: Quiz, *, status=HTTPStatus.OK, error=None, attempt=None):
    standing = _standing(request, quiz)
    context = {
        **standing,
        "quiz": quiz,
        "attempt": attempt,
        "blocker": None if attempt else standing["blocker"],
        "error": error,
        "next_url": _next_url(request),
    }
    if attempt is not None:
        errors = {error.question_key: error.message} if error is not None and error.question_key else {}
        answers = selectors.attempt_answers(attempt=attempt)
        context["questions"] = attempt_question_views(attempt=attempt, answers=answers, errors=errors)
        context["answered_count"] = len(answers)
    return render(request, "quizzes/take.html", context, status=status)


def _case_page(request, quiz: Quiz, *, attempt=None, status=HTTPStatus.OK, error=None):
    """A case: its start page, or the scene the learner is at with the feedback on the scene before."""
    standing = _standing(request, quiz)
    context = {
        **standing,
        "quiz": quiz,
        "attempt": attempt,
        "case": case_view(attempt=attempt, answers=selectors.attempt_answers(attempt=attempt)) if attempt else None,
        "error": error,
        "next_url": _next_url(request),
    }
    return render(request, "quizzes/case.html", context, status=status)


def _refuse(request, quiz: Quiz, error: services.QuizError, attempt: QuizAttempt | None = None):
    if quiz.is_case and not _wants_json(request):
        return _case_page(
            request,
            quiz,
            attempt=attempt if attempt and not attempt.is_graded else None,
            status=error.status,
            error=error,
        )
    if _wants_json(request):
        return JsonResponse({"error": str(error.message), "question": error.question_key}, status=error.status)
    if attempt is not None and attempt.is_graded:
        attempt = None
    return _take_page(request, quiz, status=error.status, error=error, attempt=attempt)


@require_GET
@login_required
def take(request, quiz_id: int):
    """The quiz: its start page, the learner's open attempt, or their result and history."""
    quiz = _usable_quiz(request, quiz_id)
    attempt = selectors.quiz_attempt_open(learner=request.user, quiz=quiz)
    if attempt is not None and services.quiz_attempt_expire(attempt=attempt):
        messages.warning(request, services.ATTEMPT_TIME_UP)
        url = reverse("quizzes:attempt_result", args=[attempt.pk])
        return redirect(_with_next(url, _next_url(request)))
    if quiz.is_case:
        return _case_page(request, quiz, attempt=attempt)
    return _take_page(request, quiz, attempt=attempt)


@require_POST
@login_required
def start(request, quiz_id: int):
    quiz = _usable_quiz(request, quiz_id)
    try:
        services.quiz_attempt_start(quiz=quiz, learner=request.user)
    except services.QuizError as error:
        return _refuse(request, quiz, error)
    url = reverse("quizzes:take", args=[quiz.pk])
    return redirect(_with_next(url, _next_url(request)) + ("#scene" if quiz.is_case else "#questions"))


@require_POST
@login_required
def attempt_save(request, attempt_id: int):
    """Save one question (``save=<question key>``) or every answered question (``save=all``)."""
    attempt = _learner_attempt(request, attempt_id)
    if _payload_too_large(request):
        return _refuse(request, attempt.quiz, PayloadTooLarge(PAYLOAD_TOO_LARGE), attempt)
    only = request.POST.get("save", SAVE_ALL)
    try:
        responses = responses_from_post(attempt=attempt, data=request.POST, only=None if only == SAVE_ALL else only)
        services.quiz_answers_save(attempt=attempt, responses=responses)
    except services.QuizError as error:
        if isinstance(error, services.AttemptTimeUp) and not _wants_json(request):
            messages.warning(request, error.message)
            return redirect(_with_next(reverse("quizzes:attempt_result", args=[attempt.pk]), _next_url(request)))
        return _refuse(request, attempt.quiz, error, attempt)
    practice = attempt.quiz.feedback_timing == Quiz.FeedbackTiming.AFTER_EACH
    message = ANSWER_CHECKED if practice else ANSWERS_SAVED
    if _wants_json(request):
        return JsonResponse({"saved": list(responses), "message": str(message)})
    messages.success(request, message)
    anchor = f"#question-{_question_number(attempt, only)}" if only != SAVE_ALL else "#questions"
    return redirect(_with_next(reverse("quizzes:take", args=[attempt.quiz_id]), _next_url(request)) + anchor)


def _question_number(attempt: QuizAttempt, key: str) -> int:
    return next(number for number, question in enumerate(attempt.questions, start=1) if question["key"] == key)


@require_POST
@login_required
def attempt_submit(request, attempt_id: int):
    """Hand in: save the answers on the form, grade, show the result. A replay shows the same result."""
    attempt = _learner_attempt(request, attempt_id)
    if _payload_too_large(request):
        return _refuse(request, attempt.quiz, PayloadTooLarge(PAYLOAD_TOO_LARGE), attempt)
    if attempt.quiz.is_case:  # a learner answers a case one scene at a time (case_answer), never in one go
        return _refuse(request, attempt.quiz, services.NotAllowed(services.CASE_SCENE_BY_SCENE), attempt)
    try:
        responses = responses_from_post(attempt=attempt, data=request.POST)
        attempt = services.quiz_attempt_submit(attempt=attempt, responses=responses)
    except services.QuizError as error:
        return _refuse(request, attempt.quiz, error, attempt)
    if attempt.finish_reason == QuizAttempt.FinishReason.TIME_EXPIRED:
        messages.warning(request, services.ATTEMPT_TIME_UP)
    if _wants_json(request):
        return JsonResponse(_result_json(attempt))
    url = reverse("quizzes:attempt_result", args=[attempt.pk])
    return redirect(_with_next(url, _next_url(request)))


@require_POST
@login_required
def case_answer(request, attempt_id: int):
    """Answer the scene the learner is at (``scene=<key>`` and the chosen option), then show the next scene,
    or at the end the timeline. A plain form post and a redirect: no script needed."""
    attempt = _learner_attempt(request, attempt_id)
    if _payload_too_large(request):
        return _refuse(request, attempt.quiz, PayloadTooLarge(PAYLOAD_TOO_LARGE), attempt)
    scene_key = request.POST.get("scene", "")
    try:
        scene = attempt.question(scene_key)
        if scene is None:
            raise services.InvalidAnswer(services.QUESTION_NOT_IN_ATTEMPT)
        try:
            response = grading.response_from_values(scene, request.POST.getlist(question_field(scene_key)), {})
        except grading.InvalidResponse as error:
            raise services.InvalidAnswer(error.message, question_key=scene_key) from error
        attempt = services.case_scene_answer(attempt=attempt, scene_key=scene_key, response=response)
    except services.QuizError as error:
        return _refuse(request, attempt.quiz, error, attempt)
    if attempt.is_graded:
        url = reverse("quizzes:attempt_result", args=[attempt.pk])
        return redirect(_with_next(url, _next_url(request)) + "#case-end")
    url = reverse("quizzes:take", args=[attempt.quiz_id])
    return redirect(_with_next(url, _next_url(request)) + "#scene")


def _result_json(attempt: QuizAttempt) -> dict:
    return {"attempt": attempt.pk, "score_percent": str(attempt.score_percent), "passed": attempt.passed}


@require_GET
@login_required
def attempt_result(request, attempt_id: int):
    attempt = _learner_attempt(request, attempt_id)
    if not attempt.is_graded:
        if services.quiz_attempt_expire(attempt=attempt):
            attempt.refresh_from_db()
        else:
            return redirect(_with_next(reverse("quizzes:take", args=[attempt.quiz_id]), _next_url(request)))
    answers = selectors.attempt_answers(attempt=attempt)
    standing = _standing(request, attempt.quiz)
    if attempt.quiz.is_case:
        context = {
            **standing,
            "quiz": attempt.quiz,
            "attempt": attempt,
            "case": case_view(attempt=attempt, answers=answers),
            "next_url": _next_url(request),
            "take_url": _with_next(reverse("quizzes:take", args=[attempt.quiz_id]), _next_url(request)),
        }
        return render(request, "quizzes/case_result.html", context)
    context = {
        **standing,
        "quiz": attempt.quiz,
        "attempt": attempt,
        "questions": attempt_question_views(
            attempt=attempt, answers=answers, no_attempts_left=standing["no_attempts_left"]
        ),
        "answered_count": len(answers),
        "next_url": _next_url(request),
        "take_url": _with_next(reverse("quizzes:take", args=[attempt.quiz_id]), _next_url(request)),
    }
    return render(request, "quizzes/attempt_result.html", context)
