"""Item analysis for editors: facility, discrimination and option counts per question, in the Wagtail admin."""

import math
import random
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import services
from quizzes.analysis import quiz_item_analysis
from tests.factories import UserFactory
from tests.quizzes.factories import (
    QuizFactory,
    scenario,
    signal_sorting,
    single_choices,
    true_false,
)

pytestmark = pytest.mark.django_db

ANALYSIS_URL = "wagtailsnippets_quizzes_quiz:analysis"

# Ten learners, five single-choice questions q0–q4 (options a, b, c; b is right). One letter per question,
# "-" leaves it open. Learner 10 also makes a second attempt with everything right, which must not count.
#
#            q0 q1 q2 q3 q4   total
ANSWERS = [
    "bbbab",  # 4
    "bbbcb",  # 4
    "bbbab",  # 4
    "bbbcb",  # 4
    "bbaab",  # 3
    "bbcbc",  # 3
    "babba",  # 3
    "bcabb",  # 3
    "bacbc",  # 2
    "bcc-a",  # 1
]


def _submit(quiz, learner, letters: str, *, rng=None):
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner, rng=rng)
    keys = [question["key"] for question in attempt.questions]
    responses = {
        key: {"option": f"{key}-{letter}"} for key, letter in zip(keys, letters, strict=False) if letter != "-"
    }
    return services.quiz_attempt_submit(attempt=attempt, responses=responses)


@pytest.fixture
def answered_quiz():
    quiz = QuizFactory(questions=single_choices(5))
    learners = [UserFactory() for _ in ANSWERS]
    for learner, letters in zip(learners, ANSWERS, strict=True):
        _submit(quiz, learner, letters)
    _submit(quiz, learners[-1], "bbbbb")
    return quiz


def _by_key(analysis):
    return {question.key: question for question in analysis.questions}


def test_facility_is_the_share_right_in_each_learners_first_attempt(answered_quiz):
    analysis = quiz_item_analysis(quiz=answered_quiz)

    assert (analysis.learners, analysis.attempts) == (10, 11)
    questions = _by_key(analysis)
    assert [questions[f"q{n}"].facility for n in range(5)] == [1.0, 0.6, 0.5, 0.4, 0.6]
    assert all(question.asked == 10 for question in analysis.questions)
    assert questions["q3"].answered == 9  # learner 10 left it open: asked, scored 0


def test_discrimination_is_the_point_biserial_with_the_rest_score(answered_quiz):
    questions = _by_key(quiz_item_analysis(quiz=answered_quiz))

    # By hand, for q3: right for learners 6–9 (p = 0.4, q = 0.6). Their rest scores (total minus q3) are 2, 2, 2, 1,
    # mean 7/4; the others' are 4, 4, 4, 4, 3, 1, mean 20/6. All rest scores: mean 2.7, mean of squares 8.7,
    # variance 8.7 − 2.7² = 1.41. r = (M1 − M0) / s · √(pq).
    q3 = (7 / 4 - 20 / 6) / math.sqrt(1.41) * math.sqrt(0.4 * 0.6)
    # q1: right for learners 1–6, rest 3, 3, 3, 3, 2, 2 (mean 16/6) against 3, 3, 2, 1 (mean 9/4); rest mean 2.5,
    # mean of squares 6.7, variance 0.45.
    q1 = (16 / 6 - 9 / 4) / math.sqrt(0.45) * math.sqrt(0.6 * 0.4)
    assert questions["q3"].discrimination == pytest.approx(q3) == pytest.approx(-0.6532, abs=1e-4)
    assert questions["q1"].discrimination == pytest.approx(q1) == pytest.approx(0.3043, abs=1e-4)
    assert questions["q4"].discrimination == pytest.approx(q1)  # the same pattern of rest scores
    assert questions["q2"].discrimination == pytest.approx(0.3015, abs=1e-4)
    assert questions["q0"].discrimination is None  # everyone right: nothing to correlate


def test_flags_mark_the_question_everyone_gets_and_the_one_strong_learners_miss(answered_quiz):
    questions = _by_key(quiz_item_analysis(quiz=answered_quiz))

    assert [key for key, question in questions.items() if question.too_easy] == ["q0"]
    assert [key for key, question in questions.items() if question.discriminates_negatively] == ["q3"]


def test_options_count_the_first_attempts_choices(answered_quiz):
    q3 = _by_key(quiz_item_analysis(quiz=answered_quiz))["q3"]

    assert [(option.key, option.correct, option.chosen) for option in q3.options] == [
        ("q3-a", False, 3),
        ("q3-b", True, 4),
        ("q3-c", False, 2),
    ]
    assert [option.share for option in q3.options] == [0.3, 0.4, 0.2]
    assert q3.unanswered == 1


def test_partial_credit_counts_as_a_share_of_the_points():
    quiz = QuizFactory(questions=[signal_sorting(signals="ab", count=3), scenario(weights=(100, 50, 0)), true_false()])
    first, second = UserFactory(), UserFactory()
    for learner, marks, action, statement in [
        (first, {"ss-a": "signal", "ss-b": "no_signal", "ss-c": "no_signal"}, "sn-b", "true"),
        (second, {"ss-a": "signal", "ss-b": "signal", "ss-c": "no_signal"}, "sn-a", "false"),
    ]:
        attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
        services.quiz_attempt_submit(
            attempt=attempt, responses={"ss": {"marks": marks}, "sn": {"option": action}, "tf": {"option": statement}}
        )

    questions = _by_key(quiz_item_analysis(quiz=quiz))

    assert questions["ss"].facility == pytest.approx((2 / 3 + 1) / 2)
    assert questions["sn"].facility == pytest.approx(0.75)
    assert questions["tf"].facility == 0.5
    assert [(option.key, option.chosen) for option in questions["ss"].options] == [
        ("ss-a", 2),
        ("ss-b", 1),
        ("ss-c", 0),
    ]
    assert [(option.label, option.chosen) for option in questions["tf"].options] == [("Waar", 1), ("Niet waar", 1)]
    # Rest scores of the sorting question: (3.5 − 2) / 2 = 0.75 and (4 − 3) / 2 = 0.5, the item scores go up:
    # with two learners the correlation is exactly −1.
    assert questions["ss"].discrimination == pytest.approx(-1.0)


def test_a_pool_counts_each_question_over_the_attempts_that_drew_it():
    quiz = QuizFactory(questions=single_choices(4), draw_count=2)
    attempts = [_submit(quiz, UserFactory(), "bb", rng=random.Random(seed)) for seed in range(12)]

    questions = _by_key(quiz_item_analysis(quiz=quiz))

    for key, question in questions.items():
        drew = sum(1 for attempt in attempts if attempt.question(key))
        assert question.asked == drew
        assert question.facility == (1.0 if drew else None)
    assert sum(question.asked for question in questions.values()) == 24


def test_a_question_removed_from_the_quiz_keeps_its_row_and_labels(answered_quiz):
    answered_quiz.questions = single_choices(4)  # q4 goes
    answered_quiz.save()

    q4 = _by_key(quiz_item_analysis(quiz=answered_quiz))["q4"]

    assert (q4.in_quiz, q4.prompt, q4.asked, q4.facility) == (False, "Single choice q4?", 10, 0.6)
    assert [option.label for option in q4.options] == ["Option q4-a", "Option q4-b", "Option q4-c"]


def test_a_quiz_nobody_handed_in_has_an_empty_analysis(quiz, learner):
    services.quiz_attempt_start(quiz=quiz, learner=learner)  # open, not graded: does not count

    analysis = quiz_item_analysis(quiz=quiz)

    assert analysis.is_empty and analysis.questions == []


@pytest.mark.parametrize("learners", [10, 200])
def test_the_analysis_takes_three_queries_whatever_the_number_of_attempts(learners, django_assert_max_num_queries):
    quiz = QuizFactory(questions=[*single_choices(3), signal_sorting(), scenario()])
    rng = random.Random(learners)
    for _ in range(learners):
        _submit(quiz, UserFactory(), "".join(rng.choice("abc-") for _ in range(3)))

    with django_assert_max_num_queries(3):
        analysis = quiz_item_analysis(quiz=quiz)

    assert analysis.learners == learners
    assert sum(question.asked for question in analysis.questions) == 5 * learners


# ------------------------------------------------------------------------------------------------
# The admin page
# ------------------------------------------------------------------------------------------------
@pytest.fixture
def editor():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="quizzes", codename__in=["change_quiz", "add_quiz"]),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_sees_a_table_of_questions_with_flags_and_one_of_options_per_question(editor_client, answered_quiz):
    response = editor_client.get(reverse(ANALYSIS_URL, args=[answered_quiz.pk]))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Toetsanalyse" in html
    assert html.count("<caption>") == 1 + 5  # the questions, and the options of each
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "Single choice q3?" in html and "Option q3-a" in html
    assert html.count("Bijna iedereen goed") == 1 and html.count("Negatief onderscheidend vermogen") == 1
    assert "-0,65" in html and "60,0 %" in html  # q3's discrimination, q1's facility


def test_the_quiz_list_and_edit_page_link_to_the_analysis(editor_client, answered_quiz):
    url = reverse(ANALYSIS_URL, args=[answered_quiz.pk])

    listing = editor_client.get(reverse("wagtailsnippets_quizzes_quiz:list"))
    edit = editor_client.get(reverse("wagtailsnippets_quizzes_quiz:edit", args=[answered_quiz.pk]))

    assert url in listing.content.decode()
    assert url in edit.content.decode()


def test_an_empty_quiz_says_so_in_a_friendly_line(editor_client, quiz):
    response = editor_client.get(reverse(ANALYSIS_URL, args=[quiz.pk]))

    assert response.status_code == HTTPStatus.OK
    assert "Nog geen deelnemer heeft deze toets ingeleverd." in response.content.decode()
    assert "<caption>" not in response.content.decode()


def test_a_user_who_may_not_change_quizzes_is_turned_away(client, answered_quiz):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)

    response = client.get(reverse(ANALYSIS_URL, args=[answered_quiz.pk]))
    listing = client.get(reverse("wagtailsnippets_quizzes_quiz:list"))

    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert "Single choice q3?" not in response.content.decode()
    assert reverse(ANALYSIS_URL, args=[answered_quiz.pk]) not in listing.content.decode()


def test_a_learner_is_sent_to_the_login(learner_client, answered_quiz):
    response = learner_client.get(reverse(ANALYSIS_URL, args=[answered_quiz.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("wagtailadmin_login") in response["Location"]


def test_the_page_costs_the_same_queries_for_10_and_200_learners(editor_client):
    counts = []
    for learners in (10, 200):
        quiz = QuizFactory(questions=single_choices(3))
        for _ in range(learners):
            _submit(quiz, UserFactory(), "bab")
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(reverse(ANALYSIS_URL, args=[quiz.pk]))
        assert response.status_code == HTTPStatus.OK
        counts.append(len(captured))

    assert counts[0] == counts[1]
