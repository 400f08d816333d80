"""Attempt limits per enrolment cycle, a waiting time after failed attempts, and what the learner sees of both."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import selectors, services
from quizzes.models import QuizAttempt
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db

# The cycle start the test policy answers, per quiz id (the real one is courses' enrolment date).
CYCLE_STARTS: dict = {}


def cycle_start(*, user, activity_id: int):
    return CYCLE_STARTS.get(activity_id)


@pytest.fixture(autouse=True)
def _cycles(settings):
    settings.QUIZZES_CYCLE_START = "tests.quizzes.test_attempt_policy.cycle_start"
    CYCLE_STARTS.clear()
    yield
    CYCLE_STARTS.clear()


def _exam(**fields):
    return QuizFactory(questions=[single_choice("sc", correct="b")], pass_mark_percent=100, **fields)


def _attempt(quiz, learner, *, answer="sc-a", now=None):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=now)
    return services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": answer}}, now=now)


def test_attempts_count_per_enrolment_cycle(learner):
    quiz = _exam(attempts_allowed=2)
    start = timezone.now()
    _attempt(quiz, learner, now=start - timedelta(days=2))
    _attempt(quiz, learner, now=start - timedelta(days=2))
    with pytest.raises(services.NotAllowed):
        services.quiz_attempt_start(quiz=quiz, learner=learner)

    CYCLE_STARTS[quiz.pk] = start - timedelta(days=1)  # the learner enrolled again
    third = _attempt(quiz, learner, now=start)

    assert third.number == 3  # numbers go on; the count starts anew
    assert (
        selectors.quiz_attempts_left(
            quiz=quiz, graded=selectors.quiz_attempts_graded(learner=learner, quiz=quiz, since=CYCLE_STARTS[quiz.pk])
        )
        == 1
    )


def test_the_take_page_counts_only_this_cycle(learner_client, learner):
    quiz = _exam(attempts_allowed=2)
    old = _attempt(quiz, learner, now=timezone.now() - timedelta(days=2))
    CYCLE_STARTS[quiz.pk] = timezone.now() - timedelta(days=1)

    html = learner_client.get(reverse("quizzes:take", args=[quiz.pk])).text

    assert "<dd>2</dd>" in html  # attempts left
    assert reverse("quizzes:attempt_result", args=[old.pk]) not in html
    assert reverse("quizzes:start", args=[quiz.pk]) in html


def test_the_wait_starts_only_after_k_failed_attempts_in_a_row(learner):
    quiz = _exam(wait_minutes=60, wait_after_failures=2)
    now = timezone.now()
    _attempt(quiz, learner, now=now)
    second = _attempt(quiz, learner, now=now + timedelta(minutes=1))  # no wait after one failure

    with pytest.raises(services.NotAllowed) as caught:
        services.quiz_attempt_start(quiz=quiz, learner=learner, now=now + timedelta(minutes=30))

    assert "%" not in caught.value.message and caught.value.message  # the time is filled in
    assert QuizAttempt.objects.count() == 2
    later = now + timedelta(minutes=1, hours=1)
    third = _attempt(quiz, learner, now=later)
    assert third.number == second.number + 1
    with pytest.raises(services.NotAllowed):  # every failure after the streak waits again
        services.quiz_attempt_start(quiz=quiz, learner=learner, now=later + timedelta(minutes=5))


def test_a_pass_breaks_the_streak_of_failures(learner):
    quiz = _exam(wait_minutes=60, wait_after_failures=2)
    now = timezone.now()
    _attempt(quiz, learner, now=now)
    _attempt(quiz, learner, answer="sc-b", now=now)
    _attempt(quiz, learner, now=now)

    assert services.quiz_attempt_start(quiz=quiz, learner=learner, now=now).number == 4


def test_wait_after_failures_zero_waits_after_every_attempt(learner):
    quiz = _exam(wait_minutes=10)
    now = timezone.now()
    _attempt(quiz, learner, answer="sc-b", now=now)

    with pytest.raises(services.NotAllowed):
        services.quiz_attempt_start(quiz=quiz, learner=learner, now=now + timedelta(minutes=9))


def test_a_practice_quiz_stays_unlimited_even_with_old_limits_in_the_database(learner):
    quiz = _exam(feedback_timing="after_each")
    QuizFactory._meta.model.objects.filter(pk=quiz.pk).update(attempts_allowed=1, wait_minutes=60)
    quiz.refresh_from_db()

    for _ in range(3):
        _attempt(quiz, learner)

    assert QuizAttempt.objects.filter(quiz=quiz).count() == 3
    assert selectors.quiz_attempts_left(quiz=quiz, graded=[]) is None


def test_the_start_page_says_when_the_next_attempt_may_start(learner_client, learner):
    quiz = _exam(wait_minutes=90, wait_after_failures=1, attempts_allowed=3)
    _attempt(quiz, learner)

    html = learner_client.get(reverse("quizzes:take", args=[quiz.pk])).text

    assert "Je kunt vanaf" in html and "<dd>2</dd>" in html
    assert 'action="{}"'.format(reverse("quizzes:start", args=[quiz.pk])) not in html
    assert "90 minuten na een niet-gehaalde poging" in html


def test_a_start_before_the_wait_is_refused_and_stores_nothing(learner_client, learner):
    quiz = _exam(wait_minutes=90)
    _attempt(quiz, learner)

    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]))

    assert response.status_code == HTTPStatus.CONFLICT
    assert "Je kunt vanaf" in response.text
    assert QuizAttempt.objects.count() == 1


def test_the_result_page_offers_a_retry_now_with_the_attempts_left(learner_client, learner):
    quiz = _exam(attempts_allowed=3)
    attempt = _attempt(quiz, learner)

    html = learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk]) + "?next=/les/").text

    top = html[: html.index("Jouw antwoorden")]
    assert "Nog niet gehaald" in top and "Nu opnieuw proberen" in top and "Je hebt nog 2 pogingen." in top
    assert reverse("quizzes:start", args=[quiz.pk]) in top


def test_the_result_page_gives_the_time_of_the_next_attempt(learner_client, learner):
    quiz = _exam(attempts_allowed=3, wait_minutes=60)
    attempt = _attempt(quiz, learner)

    html = learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).text

    top = html[: html.index("Jouw antwoorden")]
    assert "Je kunt het opnieuw proberen vanaf" in top and "Nu opnieuw proberen" not in top


def test_the_result_page_says_when_no_attempts_are_left(learner_client, learner):
    quiz = _exam(attempts_allowed=1)
    attempt = _attempt(quiz, learner)

    html = learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).text

    top = html[: html.index("Jouw antwoorden")]
    assert str(selectors.ATTEMPT_LIMIT_REACHED) in top and "Nu opnieuw proberen" not in top


def test_the_result_page_of_a_pass_leads_on_to_the_lesson_and_the_certificate(learner_client, learner):
    quiz = _exam(attempts_allowed=3)
    attempt = _attempt(quiz, learner, answer="sc-b")

    html = learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk]) + "?next=/leren/les-1/").text

    top = html[: html.index("Jouw antwoorden")]
    assert "Gehaald" in top and "certificaat" in top
    assert '<a class="button" href="/leren/les-1/">Verder met de les</a>' in top


@pytest.mark.parametrize("word", ["cesuur", "Cesuur", "gewicht", "Gewicht", "weging"])
def test_the_learner_pages_use_plain_words(learner_client, learner, word):
    quiz = QuizFactory(attempts_allowed=3)  # every question type, scenario weights included
    attempt = services.quiz_attempt_submit(
        attempt=services.quiz_attempt_start(quiz=quiz, learner=learner),
        responses={"sc": {"option": "sc-b"}, "sn": {"option": "sn-b"}},
    )

    pages = [
        learner_client.get(reverse("quizzes:take", args=[quiz.pk])).text,
        learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).text,
    ]

    assert all(word not in page for page in pages)
