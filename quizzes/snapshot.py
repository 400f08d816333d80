"""Freeze a quiz's questions onto an attempt.

An attempt keeps its own copy of the questions it drew, in the order it drew them, so that an editor
changing the quiz later cannot change what a learner is answering or how it is graded.
"""

import random

from quizzes import grading

TRUE_KEY = "true"
FALSE_KEY = "false"


def _choice_options(items) -> list[dict]:
    return [
        {
            "key": item.id,
            "text": item.value["text"],
            "correct": bool(item.value["is_correct"]),
            "weight": 100 if item.value["is_correct"] else 0,
            "feedback": item.value["feedback"],
        }
        for item in items.bound_blocks
    ]


def _statement_options(items) -> list[dict]:
    return [
        {
            "key": item.id,
            "text": item.value["text"],
            "correct": bool(item.value["is_signal"]),
            "weight": 0,
            "feedback": item.value["feedback"],
        }
        for item in items.bound_blocks
    ]


def _scenario_options(items) -> list[dict]:
    return [
        {
            "key": item.id,
            "text": item.value["text"],
            "correct": item.value["weight"] == 100,
            "weight": item.value["weight"],
            "feedback": item.value["feedback"],
        }
        for item in items.bound_blocks
    ]


def _true_false_options(value) -> list[dict]:
    # The labels ("True"/"False") are translated when shown, so the snapshot keeps only the keys.
    return [
        {"key": TRUE_KEY, "text": "", "correct": value["is_true"], "weight": 0, "feedback": value["feedback_true"]},
        {
            "key": FALSE_KEY,
            "text": "",
            "correct": not value["is_true"],
            "weight": 0,
            "feedback": value["feedback_false"],
        },
    ]


def question_snapshot(child) -> dict:
    """One StreamField child (a question block) as a plain dict."""
    kind = child.block_type
    value = child.value
    question = {
        "key": child.id,
        "type": kind,
        "prompt": value["prompt"],
        "explanation": value["explanation"],
    }
    if kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_RESPONSE):
        question["options"] = _choice_options(value["options"])
    if kind == grading.MULTIPLE_RESPONSE:
        question["scoring"] = value["scoring"]
    if kind == grading.TRUE_FALSE:
        question["options"] = _true_false_options(value)
    if kind == grading.SIGNAL_SORTING:
        question["options"] = _statement_options(value["options"])
    if kind == grading.SCENARIO:
        question["options"] = _scenario_options(value["options"])
        question["situation"] = value["situation"]
        question["image_id"] = value["image"].pk if value["image"] else None
        question["image_alt"] = value["image_alt"]
    return question


def questions_draw(
    questions: list[dict], *, draw: int = 0, shuffle_questions: bool = False, shuffle_options: bool = False, rng=None
) -> list[dict]:
    """Pick ``draw`` questions (0 = all) and shuffle what the quiz asks to; the result is the attempt's order.

    True/false keeps "true" before "false": shuffling two fixed labels only confuses.
    """
    rng = rng or random.SystemRandom()
    chosen = list(questions)
    if draw and draw < len(chosen):
        picked = set(rng.sample(range(len(chosen)), draw))
        chosen = [question for index, question in enumerate(chosen) if index in picked]
    if shuffle_questions:
        rng.shuffle(chosen)
    if shuffle_options:
        chosen = [_with_shuffled_options(question, rng) for question in chosen]
    return chosen


def _with_shuffled_options(question: dict, rng) -> dict:
    if question["type"] == grading.TRUE_FALSE:
        return question
    options = list(question["options"])
    rng.shuffle(options)
    return {**question, "options": options}
