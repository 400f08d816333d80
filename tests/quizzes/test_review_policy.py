"""What a result page reveals, read as a learner who wants the key without learning: it reveals only what the
quiz's "show correct answers" setting allows, and an unanswered question reveals nothing at all."""

import re

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.display import attempt_question_views
from quizzes.selectors import attempt_answers
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

# Anything that would tell which option is right: the key's marks, weights, feedback and explanations.
KEY = re.compile(
    r"FEEDBACK|EXPLANATION|option--correct|Juist antwoord|Niet juist|Beste actie|Deels goed \(|Geen goede actie"
)
EVERY_ANSWER_WRONG = {
    "sc": {"option": "sc-a"},
    "mr": {"options": ["mr-c"]},
    "tf": {"option": "false"},
    "ss": {"marks": {"ss-a": "no_signal", "ss-b": "no_signal", "ss-c": "signal"}},
    "sn": {"option": "sn-c"},
}


def _hand_in(quiz, learner, responses=None):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    return services.quiz_attempt_submit(attempt=attempt, responses=responses or {})


def _result(client, attempt) -> str:
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).text
    return html[html.index('class="quiz-form quiz-form--review"') :]  # the questions, not the banner


@pytest.mark.parametrize("show_answers", ["after_submit", "after_pass", "after_last_attempt", "never"])
def test_an_empty_hand_in_reveals_no_key_whatever_the_setting(learner_client, learner, show_answers):
    quiz = QuizFactory(show_answers=show_answers, attempts_allowed=1)  # the only attempt: also the last one

    html = _result(learner_client, _hand_in(quiz, learner))

    assert not KEY.search(html), KEY.search(html)
    assert html.count("Niet beantwoord.") == 5


def test_a_partial_hand_in_reveals_the_answered_question_only(learner_client, learner):
    quiz = QuizFactory(show_answers="after_submit")

    html = _result(learner_client, _hand_in(quiz, learner, {"sc": {"option": "sc-a"}}))

    assert "FEEDBACK sc-a" in html and "FEEDBACK sc-b" in html and "EXPLANATION sc" in html
    assert not re.search(r"FEEDBACK (mr|tf|ss|sn)|EXPLANATION (mr|tf|ss|sn)", html)
    assert html.count("option--correct") == 1


@pytest.mark.parametrize("show_answers", ["after_pass", "after_last_attempt", "never"])
def test_a_failed_attempt_shows_only_the_feedback_on_the_learners_own_choices(learner_client, learner, show_answers):
    quiz = QuizFactory(show_answers=show_answers, attempts_allowed=3)

    html = _result(learner_client, _hand_in(quiz, learner, EVERY_ANSWER_WRONG))

    for own in ("sc-a", "mr-c", "tf-false", "ss-a", "ss-b", "ss-c", "sn-c"):
        assert f"FEEDBACK {own}" in html  # each chosen option explains itself...
    for key in ("sc-b", "mr-a", "mr-b", "tf-true", "sn-a", "sn-b"):
        assert f"FEEDBACK {key}" not in html  # ...but the right ones stay hidden
    assert not re.search(r"EXPLANATION|option--correct|Juist antwoord|Beste actie", html)
    assert html.count("Jouw antwoord") == 7


def test_after_the_last_attempt_reveals_the_key_only_when_no_attempt_is_left(learner_client, learner):
    quiz = QuizFactory(show_answers="after_last_attempt", attempts_allowed=2)
    first = _hand_in(quiz, learner, EVERY_ANSWER_WRONG)

    before = _result(learner_client, first)
    _hand_in(quiz, learner, EVERY_ANSWER_WRONG)
    after = _result(learner_client, first)

    assert "option--correct" not in before and "EXPLANATION" not in before
    assert "option--correct" in after and "EXPLANATION sc" in after and "Juist antwoord: signaal" in after
    assert "FEEDBACK sc-b" in after and "Beste actie" in after


def test_after_the_last_attempt_never_reveals_with_unlimited_attempts(learner_client, learner):
    quiz = QuizFactory(show_answers="after_last_attempt")

    html = _result(learner_client, _hand_in(quiz, learner, EVERY_ANSWER_WRONG))

    assert "option--correct" not in html and "EXPLANATION" not in html
    assert (
        "De juiste antwoorden zie je als je al je pogingen hebt gebruikt."
        in learner_client.get(reverse("quizzes:attempt_result", args=[quiz.attempts.get().pk])).text
    )


def test_after_pass_reveals_on_the_passed_attempt(learner_client, learner):
    quiz = QuizFactory(show_answers="after_pass", pass_mark_percent=10)

    html = _result(learner_client, _hand_in(quiz, learner, {"sc": {"option": "sc-b"}, "sn": {"option": "sn-c"}}))

    assert "option--correct" in html and "EXPLANATION sc" in html and "FEEDBACK sn-a" in html
    assert "EXPLANATION mr" not in html  # an unanswered question stays closed, even after passing


def test_the_result_marks_your_answer_and_the_outcome_per_question(learner_client, learner):
    quiz = QuizFactory(show_answers="after_submit")

    html = _result(learner_client, _hand_in(quiz, learner, {"sc": {"option": "sc-a"}, "sn": {"option": "sn-b"}}))

    assert re.search(r'option--yours">\s*<input[^>]*value="sc-a"', html)
    assert "Niet goed." in html and "Deels goed." in html
    assert "Deels goed (50% van de punten)" in html


def test_a_practice_quiz_keeps_immediate_feedback_and_shows_the_key_once_checked(learner_client, learner):
    quiz = QuizFactory(feedback_timing="after_each")
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-a"}})

    views = attempt_question_views(attempt=attempt, answers=attempt_answers(attempt=attempt))

    assert views[0].reveal and views[0].explanation == "EXPLANATION sc"
    assert not any(view.reveal or view.show_feedback for view in views[1:])


def test_the_take_page_of_an_exam_shows_no_key_after_saving(learner_client, learner):
    quiz = QuizFactory(show_answers="after_submit")
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_answers_save(attempt=attempt, responses=EVERY_ANSWER_WRONG)

    html = learner_client.get(reverse("quizzes:take", args=[quiz.pk])).text

    assert not KEY.search(html) and "Jouw antwoord" not in html
