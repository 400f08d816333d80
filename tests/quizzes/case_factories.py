"""A small branching case for tests, with readable keys.

    s1 (day 1) ── right (s1-b) ──▶ s2a (day 5) ──▶ s3 (day 9, the end)
       └────────── wrong (s1-a) ──▶ s2b (day 6) ──┘

Every scene's right answer is option ``b``; feedback reads ``FEEDBACK <option key>``, signals ``SIGNAL <scene>``.
Another seat saw ``SIGNAL mentor`` on day 4; the epilogue is headed ``EPILOGUE``.
"""

import factory

from quizzes.models import Quiz


def case_step(key: str, *, day: int, next: str = "", option_next: dict | None = None, correct: str = "b") -> dict:
    option_next = option_next or {}
    options = [
        {
            "type": "item",
            "id": f"{key}-{letter}",
            "value": {
                "text": f"Option {key}-{letter}",
                "is_correct": letter == correct,
                "feedback": f"FEEDBACK {key}-{letter}",
                "next": option_next.get(letter, ""),
            },
        }
        for letter in "abc"
    ]
    value = {
        "name": key,
        "moment": f"Day {day}",
        "day": day,
        "scene": f"SCENE {key}",
        "image": None,
        "image_alt": "",
        "prompt": f"What do you notice in {key}?",
        "options": options,
        "next": next,
        "signal": f"SIGNAL {key}",
        "explanation": f"EXPLANATION {key}",
    }
    return {"type": "case_step", "id": key, "value": value}


def branching_steps() -> list[dict]:
    return [
        case_step("s1", day=1, option_next={"a": "s2b"}),
        case_step("s2a", day=5, next="s3"),
        case_step("s2b", day=6),
        case_step("s3", day=9),
    ]


def ending() -> list[dict]:
    return [
        {
            "type": "other_seat_signal",
            "id": "mentor",
            "value": {"day": 4, "moment": "Day 4", "seat": "the mentor", "signal": "SIGNAL mentor"},
        },
        {"type": "epilogue", "id": "epilogue", "value": {"heading": "EPILOGUE", "text": "What happened next."}},
    ]


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Case {n}")
    kind = Quiz.Kind.CASE
    questions = factory.LazyFunction(branching_steps)
    ending = factory.LazyFunction(ending)
    pass_mark_percent = 0
    feedback_timing = Quiz.FeedbackTiming.AFTER_EACH


def single_choice_for_case() -> dict:
    """A plain quiz question, which does not belong in a case."""
    from tests.quizzes.factories import single_choice

    return single_choice("sc")
