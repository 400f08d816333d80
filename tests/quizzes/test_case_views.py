"""A case works as plain forms: each answer is a POST, a redirect and the next scene, with the feedback on top.

The pages are accessible (a fieldset with a legend per question, labelled inputs, focus on the new scene's
heading, described by the feedback) and reveal nothing of a scene before it is answered.
"""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import QuizAttempt
from tests.quizzes.case_factories import CaseFactory, case_step

pytestmark = pytest.mark.django_db

SECRETS = re.compile(r"FEEDBACK|EXPLANATION|SIGNAL|EPILOGUE|s2b|is_correct")


@pytest.fixture
def case(db):
    return CaseFactory()


def _take(case):
    return reverse("quizzes:take", args=[case.pk])


def _start(client, case, learner) -> QuizAttempt:
    response = client.post(reverse("quizzes:start", args=[case.pk]))
    assert response["Location"].endswith("#scene")
    return QuizAttempt.objects.get(learner=learner, quiz=case)


def _answer(client, attempt, scene, option):
    return client.post(reverse("quizzes:case_answer", args=[attempt.pk]), {"scene": scene, f"q__{scene}": option})


def test_the_start_page_offers_to_start_the_case(learner_client, case):
    html = learner_client.get(_take(case)).text

    assert case.title in html
    assert reverse("quizzes:start", args=[case.pk]) in html


def test_a_scene_is_a_fieldset_with_a_legend_labelled_options_and_a_focused_heading(learner_client, learner, case):
    _start(learner_client, case, learner)

    html = learner_client.get(_take(case)).text

    assert '<h2 id="scene" tabindex="-1" autofocus>' in html
    assert "SCENE s1" in html
    assert html.count("<fieldset") == 1 and '<legend class="question__legend">' in html
    for input_id in re.findall(r'<input type="radio"[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html
    main = html[html.index("<main") :]  # not the head, where a random nonce may spell anything
    assert not SECRETS.search(main)  # no feedback, signal, or where each option leads


def test_an_answer_redirects_to_the_next_scene_with_the_feedback_described_on_its_heading(
    learner_client, learner, case
):
    attempt = _start(learner_client, case, learner)

    response = _answer(learner_client, attempt, "s1", "s1-a")
    html = learner_client.get(_take(case)).text

    assert response.status_code == HTTPStatus.FOUND and response["Location"].endswith("#scene")
    assert 'id="case-feedback"' in html and "FEEDBACK s1-a" in html and "SIGNAL s1" in html
    assert "FEEDBACK s1-b" not in html  # only the chosen option's feedback
    assert 'aria-describedby="case-feedback"' in html
    assert "SCENE s2b" in html  # the wrong answer's branch


def test_no_answer_shows_the_scene_again_with_an_error(learner_client, learner, case):
    attempt = _start(learner_client, case, learner)

    response = learner_client.post(reverse("quizzes:case_answer", args=[attempt.pk]), {"scene": "s1"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "SCENE s1" in response.text
    assert 'id="scene-error" role="alert"' in response.text
    assert 'aria-describedby="scene-error"' in response.text


def test_the_last_answer_leads_to_the_timeline_and_the_epilogue(learner_client, learner, case):
    attempt = _start(learner_client, case, learner)
    _answer(learner_client, attempt, "s1", "s1-b")
    _answer(learner_client, attempt, "s2a", "s2a-a")

    response = _answer(learner_client, attempt, "s3", "s3-b")
    html = learner_client.get(response["Location"]).text

    assert response["Location"].endswith("#case-end")
    assert '<h2 id="case-end" tabindex="-1" autofocus aria-describedby="case-feedback">' in html
    signals = re.findall(r"SIGNAL (\w+)", html)
    assert signals == ["s3", "s1", "mentor", "s2a", "s3"]  # the last feedback, then the timeline in story order
    assert "the mentor" in html and "EPILOGUE" in html
    assert "s2b" not in html  # the branch not taken is not on the timeline


def test_the_case_page_after_finishing_links_to_the_timeline_and_offers_a_new_play(learner_client, learner, case):
    attempt = _start(learner_client, case, learner)
    for scene, option in (("s1", "s1-b"), ("s2a", "s2a-b"), ("s3", "s3-b")):
        _answer(learner_client, attempt, scene, option)

    html = learner_client.get(_take(case)).text

    assert reverse("quizzes:attempt_result", args=[attempt.pk]) in html
    assert reverse("quizzes:start", args=[case.pk]) in html


def _counts(client, learner, case) -> tuple[int, int]:
    attempt = _start(client, case, learner)
    client.get(_take(case))  # warm: what the first page of a session caches is not the case's cost
    with CaptureQueriesContext(connection) as answer:
        _answer(client, attempt, "s1", "s1-b")
    with CaptureQueriesContext(connection) as page:
        client.get(_take(case))
    return len(answer), len(page)


def test_answering_and_showing_a_scene_cost_the_same_queries_however_long_the_case(learner_client, learner):
    short = CaseFactory()
    long = CaseFactory(questions=[case_step(f"s{number}", day=number) for number in range(1, 31)])

    assert _counts(learner_client, learner, short) == _counts(learner_client, learner, long)
    assert _counts(learner_client, learner, CaseFactory())[0] <= 10


def test_going_back_and_answering_an_earlier_scene_again_says_so_above_the_current_scene(learner_client, learner, case):
    attempt = _start(learner_client, case, learner)
    _answer(learner_client, attempt, "s1", "s1-b")

    response = _answer(learner_client, attempt, "s1", "s1-a")  # the browser's back button, another choice

    assert response.status_code == HTTPStatus.CONFLICT
    assert 'id="quiz-error"' in response.text and "SCENE s2a" in response.text
    assert 'id="scene-error"' not in response.text


def test_changing_an_answer_of_a_finished_case_says_why_it_was_refused(learner_client, learner, case):
    attempt = _start(learner_client, case, learner)
    for scene, option in (("s1", "s1-b"), ("s2a", "s2a-b"), ("s3", "s3-b")):
        _answer(learner_client, attempt, scene, option)

    response = _answer(learner_client, attempt, "s3", "s3-a")

    assert response.status_code == HTTPStatus.CONFLICT
    assert 'id="quiz-error"' in response.text
