"""Quizzes for tests, with readable keys: question ``sc`` has options ``sc-a``, ``sc-b``, ...

Every option's feedback reads ``FEEDBACK <option key>`` and every explanation ``EXPLANATION <question key>``,
so a test can search a page for them.
"""

import factory

from quizzes.models import Quiz


def _items(key: str, values: list[dict]) -> list[dict]:
    return [
        {"type": "item", "id": f"{key}-{letter}", "value": value}
        for letter, value in zip("abcdefghijklmnopqrstuvwxyz", values, strict=False)
    ]


def _choices(key: str, count: int, correct) -> list[dict]:
    return [
        {"text": f"Option {key}-{letter}", "is_correct": letter in correct, "feedback": f"FEEDBACK {key}-{letter}"}
        for letter in "abcdefghijklmnopqrstuvwxyz"[:count]
    ]


def single_choice(key: str = "sc", *, correct: str = "b", count: int = 3) -> dict:
    value = {
        "prompt": f"Single choice {key}?",
        "options": _items(key, _choices(key, count, {correct})),
        "explanation": f"EXPLANATION {key}",
    }
    return {"type": "single_choice", "id": key, "value": value}


def multiple_response(key: str = "mr", *, correct: str = "ab", count: int = 4, scoring: str = "all_or_nothing"):
    value = {
        "prompt": f"Multiple response {key}?",
        "scoring": scoring,
        "options": _items(key, _choices(key, count, set(correct))),
        "explanation": f"EXPLANATION {key}",
    }
    return {"type": "multiple_response", "id": key, "value": value}


def true_false(key: str = "tf", *, is_true: bool = True) -> dict:
    value = {
        "prompt": f"Statement {key}.",
        "is_true": is_true,
        "feedback_true": f"FEEDBACK {key}-true",
        "feedback_false": f"FEEDBACK {key}-false",
        "explanation": f"EXPLANATION {key}",
    }
    return {"type": "true_false", "id": key, "value": value}


def signal_sorting(key: str = "ss", *, signals: str = "ab", count: int = 3) -> dict:
    statements = [
        {"text": f"Statement {key}-{letter}", "is_signal": letter in signals, "feedback": f"FEEDBACK {key}-{letter}"}
        for letter in "abcdefghijklmnopqrstuvwxyz"[:count]
    ]
    value = {"prompt": f"Signal or not {key}?", "options": _items(key, statements), "explanation": f"EXPLANATION {key}"}
    return {"type": "signal_sorting", "id": key, "value": value}


def scenario(key: str = "sn", *, weights=(100, 50, 0)) -> dict:
    actions = [
        {"text": f"Action {key}-{letter}", "weight": weight, "feedback": f"FEEDBACK {key}-{letter}"}
        for letter, weight in zip("abcdefghijklmnopqrstuvwxyz", weights, strict=False)
    ]
    value = {
        "situation": f"Situation {key}.",
        "image": None,
        "image_alt": "",
        "prompt": "What do you do?",
        "options": _items(key, actions),
        "explanation": f"EXPLANATION {key}",
    }
    return {"type": "scenario", "id": key, "value": value}


def every_type() -> list[dict]:
    return [single_choice(), multiple_response(), true_false(), signal_sorting(), scenario()]


def single_choices(count: int) -> list[dict]:
    return [single_choice(f"q{number}") for number in range(count)]


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    questions = factory.LazyFunction(every_type)
    pass_mark_percent = 70
