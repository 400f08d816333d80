"""Freeze a quiz's questions onto an attempt.

An attempt keeps its own copy of the questions it drew, in the order it drew them, with its options in the
order it showed them, so that an editor changing the quiz later cannot change what a learner is answering or
how it is graded, and a reload or another device shows the same attempt.
"""

import random

from quizzes import grading

TRUE_KEY = "true"
FALSE_KEY = "false"


def _option(item) -> dict:
    """What every right-or-wrong option keeps: its key, text, whether it is right and its feedback."""
    return {
        "key": item.id,
        "text": item.value["text"],
        "correct": bool(item.value["is_correct"]),
        "weight": 100 if item.value["is_correct"] else 0,
        "feedback": item.value["feedback"],
    }


def _choice_options(items) -> list[dict]:
    return [{**_option(item), "keep_in_place": bool(item.value.get("keep_in_place"))} for item in items.bound_blocks]


def _statement_options(items) -> list[dict]:
    return [
        {
            "key": item.id,
            "text": item.value["text"],
            "correct": bool(item.value["is_signal"]),
            "weight": 0,
            "feedback": item.value["feedback"],
            "keep_in_place": bool(item.value.get("keep_in_place")),
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
            "keep_in_place": bool(item.value.get("keep_in_place")),
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


def _case_options(items) -> list[dict]:
    return [{**_option(item), "next": str(item.value.get("next") or "").strip()} for item in items.bound_blocks]


def _case_step(question: dict, value) -> dict:
    return {
        **question,
        "options": _case_options(value["options"]),
        "name": str(value["name"]).strip(),
        "moment": value["moment"],
        "day": int(value["day"]),
        "scene": value["scene"],
        "image_id": value["image"].pk if value["image"] else None,
        "image_alt": value["image_alt"],
        "next": str(value.get("next") or "").strip(),
        "signal": value["signal"],
    }


def ending_snapshot(ending) -> list[dict]:
    """A case's ending (its StreamField value) as plain dicts, frozen onto an attempt with the scenes."""
    return [{"type": child.block_type, **dict(child.value)} for child in ending]


def question_snapshot(child) -> dict:
    """One StreamField child (a question block) as a plain dict."""
    kind = child.block_type
    value = child.value
    question = {
        "key": child.id,
        "type": kind,
        "prompt": value["prompt"],
        "explanation": value["explanation"],
        "category": str(value.get("category") or "").strip(),
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
    if kind == grading.CASE_STEP:
        question = _case_step(question, value)
    return question


def questions_draw(
    questions: list[dict], *, draw: int = 0, shuffle_questions: bool = False, shuffle_options: bool = False, rng=None
) -> list[dict]:
    """Pick ``draw`` questions (0 = all) and shuffle what the quiz asks to; the result is the attempt's order.

    When questions name categories, the draw takes one question of each category first, so every attempt
    tests every learning objective, and spreads the rest evenly over the categories (questions without one
    count as a category of their own there). Drawn questions keep the pool's order unless shuffled.
    True/false keeps "true" before "false": shuffling two fixed labels only confuses.
    """
    rng = rng or random.SystemRandom()
    chosen = list(questions)
    if draw and draw < len(chosen):
        picked = _draw_indexes(chosen, draw, rng)
        chosen = [question for index, question in enumerate(chosen) if index in picked]
    if shuffle_questions:
        rng.shuffle(chosen)
    if shuffle_options:
        chosen = [_with_shuffled_options(question, rng) for question in chosen]
    return chosen


def _draw_indexes(questions: list[dict], draw: int, rng) -> set[int]:
    groups: dict[str, list[int]] = {}
    for index, question in enumerate(questions):
        groups.setdefault(question.get("category") or "", []).append(index)
    if set(groups) == {""}:
        return set(rng.sample(range(len(questions)), draw))
    left = {name: list(indexes) for name, indexes in groups.items()}
    for indexes in left.values():
        rng.shuffle(indexes)
    counts = dict.fromkeys(left, 0)
    picked = set()
    # One of each named category first (sorted, so a seeded draw is repeatable), within the draw.
    for name in sorted(name for name in left if name)[:draw]:
        picked.add(left[name].pop())
        counts[name] += 1
    while len(picked) < draw:
        open_groups = [name for name in sorted(left) if left[name]]
        fewest = min(counts[name] for name in open_groups)
        name = rng.choice([name for name in open_groups if counts[name] == fewest])
        picked.add(left[name].pop())
        counts[name] += 1
    return picked


def _with_shuffled_options(question: dict, rng) -> dict:
    """Shuffle the options around those kept in place (an option like "neither" stays where the editor put it)."""
    if question["type"] == grading.TRUE_FALSE:
        return question
    options = list(question["options"])
    free = [index for index, option in enumerate(options) if not option.get("keep_in_place")]
    moved = [options[index] for index in free]
    rng.shuffle(moved)
    for index, option in zip(free, moved, strict=True):
        options[index] = option
    return {**question, "options": options}
