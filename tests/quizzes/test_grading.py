"""Grading per question type, without a database."""

from fractions import Fraction

import pytest

from quizzes import grading
from quizzes.models import Quiz
from quizzes.snapshot import question_snapshot
from tests.quizzes import factories


def snap(raw: dict) -> dict:
    return question_snapshot(Quiz(questions=[raw]).questions[0])


def points(raw: dict, response) -> Fraction:
    return grading.grade(snap(raw), response).points


@pytest.mark.parametrize(("option", "expected"), [("sc-b", 1), ("sc-a", 0), ("sc-c", 0)])
def test_single_choice_scores_one_point_for_the_correct_option_only(option, expected):
    assert points(factories.single_choice(correct="b"), {"option": option}) == expected


@pytest.mark.parametrize(
    ("option", "is_true", "expected"), [("true", True, 1), ("false", True, 0), ("false", False, 1)]
)
def test_true_false_scores_the_right_side(option, is_true, expected):
    assert points(factories.true_false(is_true=is_true), {"option": option}) == expected


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [(["mr-a", "mr-b"], 1), (["mr-a"], 0), (["mr-a", "mr-b", "mr-c"], 0), (["mr-c", "mr-d"], 0)],
)
def test_multiple_response_all_or_nothing_needs_exactly_the_correct_set(chosen, expected):
    assert points(factories.multiple_response(correct="ab"), {"options": chosen}) == expected


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["mr-a", "mr-b", "mr-c"], Fraction(1)),  # every correct option
        (["mr-a"], Fraction(1, 3)),  # one of three
        (["mr-a", "mr-b"], Fraction(2, 3)),
        (["mr-a", "mr-d"], Fraction(0)),  # a wrong pick cancels a right one
        (["mr-a", "mr-b", "mr-d"], Fraction(1, 3)),
        (["mr-a", "mr-b", "mr-c", "mr-d"], Fraction(2, 3)),  # ticking every box is not full marks
        (["mr-d"], Fraction(0)),  # never below zero
    ],
)
def test_multiple_response_partial_credit_earns_shares_and_loses_one_per_wrong_pick(chosen, expected):
    question = factories.multiple_response(correct="abc", count=4, scoring="partial")
    assert points(question, {"options": chosen}) == expected


def test_signal_sorting_gives_a_point_per_statement_marked_right():
    question = factories.signal_sorting(signals="ab", count=3)  # a, b signals; c not
    all_right = {"marks": {"ss-a": "signal", "ss-b": "signal", "ss-c": "no_signal"}}
    one_wrong = {"marks": {"ss-a": "signal", "ss-b": "no_signal", "ss-c": "no_signal"}}
    partly_marked = {"marks": {"ss-c": "no_signal"}}

    assert grading.grade(snap(question), all_right) == grading.Grade(Fraction(3), 3)
    assert points(question, one_wrong) == 2
    assert points(question, partly_marked) == 1


@pytest.mark.parametrize(("option", "expected"), [("sn-a", Fraction(1)), ("sn-b", Fraction(1, 2)), ("sn-c", 0)])
def test_scenario_scores_the_weight_of_the_chosen_action(option, expected):
    assert points(factories.scenario(weights=(100, 50, 0)), {"option": option}) == expected


@pytest.mark.parametrize("raw", factories.every_type(), ids=lambda raw: raw["type"])
def test_no_answer_or_a_tampered_stored_answer_scores_zero(raw):
    question = snap(raw)
    assert grading.grade(question, None).points == 0
    assert grading.grade(question, {"option": "other-question-a"}).points == 0
    assert grading.grade(question, {"options": "sc-a"}).points == 0
    assert grading.grade(question, "nonsense").points == 0


def test_max_points_are_one_per_question_and_one_per_statement_for_sorting():
    assert grading.max_points(snap(factories.single_choice())) == 1
    assert grading.max_points(snap(factories.signal_sorting(count=4))) == 4


@pytest.mark.parametrize(
    ("raw", "values", "marks", "message"),
    [
        (factories.single_choice(), [], {}, grading.RESPONSE_MISSING),
        (factories.single_choice(), ["mr-a"], {}, grading.RESPONSE_UNKNOWN_OPTION),
        (factories.single_choice(), ["sc-a", "sc-b"], {}, grading.RESPONSE_ONE_OPTION),
        (factories.single_choice(), ["x" * 65], {}, grading.RESPONSE_MALFORMED),
        (factories.true_false(), ["maybe"], {}, grading.RESPONSE_UNKNOWN_OPTION),
        (factories.multiple_response(), ["mr-a", "sc-a"], {}, grading.RESPONSE_UNKNOWN_OPTION),
        (factories.signal_sorting(), [], {}, grading.RESPONSE_MISSING),
        (factories.signal_sorting(), [], {"ss-a": "perhaps"}, grading.RESPONSE_BAD_MARK),
        (factories.signal_sorting(), [], {"sc-a": "signal"}, grading.RESPONSE_UNKNOWN_OPTION),
        (factories.scenario(), [], {"sn-a": "signal"}, grading.RESPONSE_MALFORMED),
    ],
)
def test_responses_that_do_not_fit_the_question_are_refused(raw, values, marks, message):
    with pytest.raises(grading.InvalidResponse) as caught:
        grading.response_from_values(snap(raw), values, marks)
    assert caught.value.message == message


def test_multiple_response_answers_are_stored_sorted_without_duplicates():
    response = grading.response_from_values(snap(factories.multiple_response()), ["mr-b", "mr-a", "mr-b"], {})
    assert response == {"options": ["mr-a", "mr-b"]}


def test_score_percent_is_exact_so_a_pass_mark_boundary_is_not_lost_to_rounding():
    assert grading.score_percent(Fraction(7), 10) == 70
    assert grading.score_percent(Fraction(0), 0) == 0
