import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import QuizAttempt
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

SECRETS = re.compile(r"FEEDBACK|EXPLANATION|option--correct|Juist antwoord|Correct answer|weight|Weging|is_correct")


def _take(quiz, **query):
    url = reverse("quizzes:take", args=[quiz.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_quiz_needs_a_logged_in_learner(client, quiz):
    response = client.get(_take(quiz))

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]


def test_the_start_page_shows_the_facts_and_a_start_button(learner_client, quiz):
    response = learner_client.get(_take(quiz))

    assert response.status_code == HTTPStatus.OK
    assert quiz.title in response.text
    assert reverse("quizzes:start", args=[quiz.pk]) in response.text


def test_the_take_page_does_not_reveal_answers_weights_or_feedback(learner_client, quiz):
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))

    html = learner_client.get(_take(quiz)).text

    assert 'name="q__sc"' in html and 'name="q__ss__ss-a"' in html  # the questions are there...
    assert not SECRETS.search(html)  # ...but nothing that tells which answer is right


def test_each_question_is_a_fieldset_with_a_legend_and_labelled_inputs(learner_client, quiz):
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))

    html = learner_client.get(_take(quiz)).text

    assert html.count('<fieldset class="question') == 5
    assert html.count('<legend class="question__legend">') == 5
    for input_id in re.findall(r'<input type="(?:radio|checkbox)"[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html


def test_answers_are_saved_without_javascript_and_shown_after_a_refresh(learner_client, learner, quiz):
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get(learner=learner)

    response = learner_client.post(
        reverse("quizzes:attempt_save", args=[attempt.pk]), {"save": "sc", "q__sc": "sc-a", "q__tf": "false"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("#question-1")
    assert list(attempt.answers.values_list("question_key", flat=True)) == ["sc"]  # only the question saved
    html = learner_client.get(_take(quiz)).text
    assert re.search(r'value="sc-a" id="q1-o\d" checked', html)


def test_the_script_saves_one_question_and_gets_json(learner_client, learner, quiz):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    response = learner_client.post(
        reverse("quizzes:attempt_save", args=[attempt.pk]),
        {"save": "ss", "q__ss__ss-a": "signal", "q__ss__ss-b": "no_signal"},
        headers={"accept": "application/json"},
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json()["saved"] == ["ss"]
    assert attempt.answers.get().response == {"marks": {"ss-a": "signal", "ss-b": "no_signal"}}


def test_handing_in_shows_score_pass_or_fail_and_the_allowed_feedback(learner_client, learner, quiz):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    response = learner_client.post(
        reverse("quizzes:attempt_submit", args=[attempt.pk]), {"q__sc": "sc-b", "q__tf": "false"}, follow=True
    )

    html = response.text
    assert response.redirect_chain[-1][0] == reverse("quizzes:attempt_result", args=[attempt.pk])
    assert "14,28%" in html or "14.28%" in html  # 1 of 7 points
    assert "FEEDBACK sc-b" in html and "EXPLANATION sc" in html and "option--correct" in html


def test_after_pass_keeps_the_correct_answers_hidden_from_a_failed_attempt(learner_client, learner):
    quiz = QuizFactory(show_answers="after_pass")
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-a"}})

    html = learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).text

    assert "FEEDBACK sc-a" in html  # feedback on the learner's own choice
    assert "FEEDBACK sc-b" not in html and "EXPLANATION" not in html and "option--correct" not in html


def test_never_shows_no_correct_answers_even_after_passing(learner_client, learner):
    quiz = QuizFactory(show_answers="never", pass_mark_percent=10)
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    services.quiz_attempt_submit(attempt=attempt, responses={"sc": {"option": "sc-b"}})

    html = learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).text

    assert "option--correct" not in html and "EXPLANATION" not in html and "FEEDBACK sc-a" not in html


def test_practice_mode_shows_feedback_for_a_checked_question_only(learner_client, learner):
    quiz = QuizFactory(feedback_timing="after_each")
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    learner_client.post(reverse("quizzes:attempt_save", args=[attempt.pk]), {"save": "sc", "q__sc": "sc-a"})

    html = learner_client.get(_take(quiz)).text

    assert "FEEDBACK sc-a" in html and "EXPLANATION sc" in html
    assert "FEEDBACK mr-" not in html and "EXPLANATION mr" not in html and "FEEDBACK tf-" not in html


def test_earlier_attempts_are_listed_with_links_to_their_results(learner_client, learner, quiz):
    first = services.quiz_attempt_submit(attempt=services.quiz_attempt_start(quiz=quiz, learner=learner))

    html = learner_client.get(_take(quiz)).text

    assert reverse("quizzes:attempt_result", args=[first.pk]) in html


@pytest.mark.parametrize(
    ("next_url", "kept"), [("/leren/les-1/", True), ("https://evil.example/", False), ("//evil.example/x", False)]
)
def test_next_returns_to_a_local_lesson_only(learner_client, learner, quiz, next_url, kept):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)

    response = learner_client.post(
        reverse("quizzes:attempt_submit", args=[attempt.pk]), {"next": next_url}, follow=True
    )

    assert (f'href="{next_url}"' in response.text) is kept


def test_quiz_summary_include_shows_the_right_button(quiz, learner):
    from django.template.loader import render_to_string
    from django.utils import translation

    from quizzes.selectors import quiz_result

    translation.activate("en")
    before = render_to_string("quizzes/includes/quiz_summary.html", {"quiz": quiz, "result": None, "take_url": "/t"})
    services.quiz_attempt_submit(attempt=services.quiz_attempt_start(quiz=quiz, learner=learner))
    failed = render_to_string(
        "quizzes/includes/quiz_summary.html",
        {"quiz": quiz, "result": quiz_result(learner=learner, quiz=quiz), "take_url": "/t"},
    )

    translation.deactivate()
    assert "Start the quiz" in before and "5 questions" in before and "70%" in before
    assert "Try again" in failed and "0%" in failed


def test_the_editor_preview_shows_every_question_with_its_answers(quiz):
    response = quiz.make_preview_request()

    html = response.render().content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "EXPLANATION sn" in html and "FEEDBACK ss-c" in html and "option--correct" in html


def test_opening_the_quiz_after_the_time_limit_closes_and_grades_the_attempt(learner_client, learner):
    from datetime import timedelta

    from django.utils import timezone

    quiz = QuizFactory(time_limit_minutes=5)
    past = timezone.now() - timedelta(minutes=10)
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, now=past)
    services.quiz_answers_save(attempt=attempt, responses={"sc": {"option": "sc-b"}}, now=past)

    response = learner_client.get(_take(quiz))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("quizzes:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.finish_reason == QuizAttempt.FinishReason.TIME_EXPIRED and attempt.score_points == 1
