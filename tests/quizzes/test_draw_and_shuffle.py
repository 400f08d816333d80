"""Shuffled options (with options kept in place) and question pools drawn per category, frozen on the attempt."""

import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from quizzes import services
from quizzes.models import DRAW_FEWER_THAN_CATEGORIES, DRAW_MORE_THAN_POOL, POOL_TOO_SMALL, PRACTICE_WITHOUT_LIMITS
from quizzes.snapshot import questions_draw
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice, single_choices

pytestmark = pytest.mark.django_db


def _keys(options) -> list[str]:
    return [option["key"] for option in options]


def _kept(question: dict, letter: str) -> dict:
    for item in question["value"]["options"]:
        if item["id"].endswith(f"-{letter}"):
            item["value"]["keep_in_place"] = True
    return question


def _in(category: str, question: dict) -> dict:
    question["value"]["category"] = category
    return question


def _pool(per_category: dict[str, int]) -> list[dict]:
    return [
        _in(category, single_choice(f"{category}{number}"))
        for category, count in per_category.items()
        for number in range(count)
    ]


def test_options_are_shuffled_per_attempt_and_stored_with_it(learner):
    quiz = QuizFactory(questions=[single_choice("sc", count=6)], shuffle_options=True)

    orders = {
        tuple(_keys(services.quiz_attempt_start(quiz=quiz, learner=UserFactory()).questions[0]["options"]))
        for _ in range(12)
    }
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    again = services.quiz_attempt_start(quiz=quiz, learner=learner)  # a reload, or another device

    assert len(orders) > 1
    assert _keys(again.questions[0]["options"]) == _keys(attempt.questions[0]["options"])


def test_an_option_kept_in_place_stays_while_the_others_shuffle(learner):
    quiz = QuizFactory(questions=[_kept(single_choice("sc", count=5), "e")], shuffle_options=True)

    orders = [
        _keys(services.quiz_attempt_start(quiz=quiz, learner=UserFactory()).questions[0]["options"]) for _ in range(15)
    ]

    assert all(order[-1] == "sc-e" for order in orders)
    assert len({tuple(order) for order in orders}) > 1
    assert all(sorted(order) == ["sc-a", "sc-b", "sc-c", "sc-d", "sc-e"] for order in orders)


def test_keep_in_place_holds_in_the_middle_and_for_statements_and_actions():
    questions = [
        {**{"key": "sc", "type": "single_choice"}, "options": [{"key": k, "keep_in_place": k == "c"} for k in "abcde"]},
        {"key": "ss", "type": "signal_sorting", "options": [{"key": k, "keep_in_place": k == "a"} for k in "abcde"]},
        {"key": "sn", "type": "scenario", "options": [{"key": k, "keep_in_place": k == "e"} for k in "abcde"]},
    ]
    for seed in range(20):
        sc, ss, sn = questions_draw(questions, shuffle_options=True, rng=random.Random(seed))
        assert _keys(sc["options"])[2] == "c" and _keys(ss["options"])[0] == "a" and _keys(sn["options"])[4] == "e"


def test_signal_sorting_shuffles_its_statements():
    question = {"key": "ss", "type": "signal_sorting", "options": [{"key": k} for k in "abcdef"]}

    orders = {tuple(_keys(questions_draw([question], shuffle_options=True)[0]["options"])) for _ in range(10)}

    assert len(orders) > 1


def test_true_false_keeps_true_before_false():
    question = {"key": "tf", "type": "true_false", "options": [{"key": "true"}, {"key": "false"}]}

    assert all(
        _keys(questions_draw([question], shuffle_options=True, rng=random.Random(seed))[0]["options"])
        == ["true", "false"]
        for seed in range(10)
    )


def test_every_attempt_draws_one_question_of_each_category_and_attempts_differ(learner):
    quiz = QuizFactory(questions=_pool({"herkennen": 5, "melden": 3, "wetgeving": 2}), draw_count=6)

    draws = [services.quiz_attempt_start(quiz=quiz, learner=UserFactory()).questions for _ in range(20)]

    for questions in draws:
        assert len(questions) == 6
        assert {question["category"] for question in questions} == {"herkennen", "melden", "wetgeving"}
        spread = Counter(question["category"] for question in questions)
        assert max(spread.values()) - min(spread.values()) <= 1  # the rest is spread over the categories
    assert len({tuple(question["key"] for question in questions) for questions in draws}) > 1


def test_questions_without_a_category_fill_the_rest_of_the_draw():
    pool = [
        {"key": "a", "type": "single_choice", "category": "x", "options": []},
        *({"key": f"u{n}", "type": "single_choice", "category": "", "options": []} for n in range(6)),
    ]

    for seed in range(20):
        drawn = questions_draw(pool, draw=3, rng=random.Random(seed))
        assert "a" in [question["key"] for question in drawn] and len(drawn) == 3


def test_a_small_category_runs_out_and_the_others_fill_the_draw():
    pool = [
        {"key": "x", "type": "single_choice", "category": "x", "options": []},
        *({"key": f"y{n}", "type": "single_choice", "category": "y", "options": []} for n in range(8)),
    ]

    drawn = questions_draw(pool, draw=5, rng=random.Random(1))

    assert [question["key"] for question in drawn].count("x") == 1 and len(drawn) == 5


def test_the_drawn_set_is_frozen_when_the_quiz_changes(learner):
    quiz = QuizFactory(questions=_pool({"a": 3, "b": 3}), draw_count=4, shuffle_options=True)
    attempt = services.quiz_attempt_start(quiz=quiz, learner=learner)
    before = attempt.questions

    quiz.questions = single_choices(9)
    quiz.draw_count = 3
    quiz.save()

    attempt.refresh_from_db()
    assert attempt.questions == before
    assert services.quiz_attempt_start(quiz=quiz, learner=learner).questions == before


@pytest.mark.parametrize(
    ("questions", "fields", "field", "message"),
    [
        (single_choices(4), {"draw_count": 5}, "draw_count", DRAW_MORE_THAN_POOL),
        (single_choices(6), {"draw_count": 5}, "draw_count", POOL_TOO_SMALL),
        (_pool({"a": 3, "b": 3, "c": 3}), {"draw_count": 2}, "draw_count", DRAW_FEWER_THAN_CATEGORIES),
        (single_choices(3), {"feedback_timing": "after_each", "attempts_allowed": 2}, "attempts_allowed", None),
        (single_choices(3), {"feedback_timing": "after_each", "wait_minutes": 5}, "wait_minutes", None),
    ],
)
def test_the_quiz_refuses_draw_and_attempt_settings_that_do_not_fit(questions, fields, field, message):
    quiz = QuizFactory.build(questions=questions, **fields)

    with pytest.raises(ValidationError) as caught:
        quiz.full_clean(exclude=["created_at", "updated_at"])

    assert list(caught.value.message_dict) == [field]
    expected = str(message or PRACTICE_WITHOUT_LIMITS).split("%")[0]
    assert caught.value.message_dict[field][0].startswith(expected)


@pytest.mark.parametrize(
    ("questions", "fields"),
    [
        (single_choices(6), {"draw_count": 4}),
        (_pool({"a": 2, "b": 2, "c": 2}), {"draw_count": 3}),
        (single_choices(3), {"feedback_timing": "after_each", "draw_count": 3}),  # practice: any pool will do
        (single_choices(3), {"attempts_allowed": 2, "wait_minutes": 60, "wait_after_failures": 2}),
    ],
)
def test_the_quiz_accepts_draw_and_attempt_settings_that_fit(questions, fields):
    QuizFactory.build(questions=questions, **fields).full_clean(exclude=["created_at", "updated_at"])
