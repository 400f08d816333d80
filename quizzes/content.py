"""Quizzes written as data (a parsed YAML mapping) into ``Quiz`` snippets.

The caller reads the file and names it in errors; this module knows only the quiz's shape::

    title: ...
    intro: ...                      # optional
    settings: {pass_mark_percent: 70, feedback_timing: after_each, ...}   # optional, Quiz fields
    min_questions: 10               # optional checks on the quiz itself
    min_scenarios: 6
    questions:
      - key: passport               # stable name of the question within the quiz
        type: single_choice         # a block of quizzes.blocks.QuestionsBlock
        value: {prompt: ..., options: [...], explanation: ...}

A case (``kind: case``, see ``quizzes.cases``) has scenes for questions and, optionally, its ending::

    kind: case
    title: ...
    settings: {pass_mark_percent: 0, feedback_timing: after_each}
    questions:
      - key: week-1                 # also the scene's name, which options' ``next`` refer to
        type: case_step
        value: {moment: Week 1, day: 3, scene: ..., prompt: ..., signal: ..., explanation: ...,
                options: [{text: ..., is_correct: true, feedback: ..., next: week-2b}, ...]}
    timeline:                       # the signals other people saw, shown on the final timeline
      - {day: 10, moment: Week 2, seat: De mentor op school, signal: ...}
    epilogue: {heading: ..., text: ...}

Question and option ids are derived from ``id_prefix`` and the question's key, so loading the same file again
keeps them, and learners' saved answers stay valid. Quizzes have no slug: the title is the stable key.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from wagtail import blocks

from quizzes.blocks import CaseEndingBlock, QuestionsBlock
from quizzes.models import Quiz

# The namespace the course loader used before quizzes parsed their own files: keeping it keeps every id.
_NAMESPACE = uuid.UUID("0f6c2a8e-3d5b-4c1e-9a7f-2b8d4e6f1a30")
_TOP_KEYS = {
    "title",
    "kind",
    "intro",
    "settings",
    "min_questions",
    "min_scenarios",
    "questions",
    "timeline",
    "epilogue",
}
# The quiz's settings are its other editable fields, so a setting added to the model can be written at once.
_NOT_SETTINGS = {"id", "title", "kind", "intro", "questions", "ending"}
_SETTINGS = {column.name for column in Quiz._meta.concrete_fields if column.editable} - _NOT_SETTINGS
_OPTION_FEEDBACK = {"single_choice", "multiple_response", "signal_sorting", "scenario", "case_step"}
_TIMELINE_KEYS = {"day", "moment", "seat", "signal"}
_EPILOGUE_KEYS = {"heading", "text"}


class QuizContentError(ValueError):
    """A quiz mapping that cannot be loaded; the message is one line without the file name."""


@dataclass(frozen=True)
class QuizContent:
    """A checked quiz, ready to be written: ``fields`` are Quiz fields, ``questions`` raw stream data."""

    title: str
    fields: dict
    questions: list
    ending: list = field(default_factory=list)


@dataclass(frozen=True)
class QuizLoaded:
    quiz: Quiz
    created: bool
    changed: list[str] = field(default_factory=list)  # fields that differed from the file; empty: unchanged


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _question(id_prefix: str, number: int, question) -> dict:
    where = f"question {number}"
    if not isinstance(question, Mapping) or not {"type", "key", "value"} <= set(question):
        raise QuizContentError(f"{where}: needs type, key and value")
    kind, key, value = question["type"], str(question["key"]), question["value"]
    where = f"{where} ({key})"
    if kind not in QuestionsBlock.base_blocks:
        raise QuizContentError(f"{where}: unknown question type {kind!r}")
    if not isinstance(value, Mapping):
        raise QuizContentError(f"{where}: value must be a mapping")
    value = dict(value)
    if kind in _OPTION_FEEDBACK:
        options = value.get("options") or []
        if len(options) < 2:
            raise QuizContentError(f"{where}: needs at least two options")
        for index, option in enumerate(options, start=1):
            if not isinstance(option, Mapping) or not str(option.get("feedback") or "").strip():
                raise QuizContentError(f"{where}: option {index} has no feedback")
        value["options"] = [
            {"type": "item", "id": _id(id_prefix, key, str(index)), "value": option}
            for index, option in enumerate(options)
        ]
    if kind == "true_false" and not (
        str(value.get("feedback_true") or "").strip() and str(value.get("feedback_false") or "").strip()
    ):
        raise QuizContentError(f"{where}: true/false needs feedback_true and feedback_false")
    if not str(value.get("explanation") or "").strip():
        raise QuizContentError(f"{where}: missing explanation")
    if kind == "scenario":
        value.setdefault("image", None)
        value.setdefault("image_alt", "")
        value.setdefault("prompt", "Wat doe je?")
    if kind == "case_step":
        value.setdefault("name", key)
        value.setdefault("image", None)
        value.setdefault("image_alt", "")
        value.setdefault("next", "")
        for option in value["options"]:
            option["value"] = {"next": "", **option["value"]}
    return {"type": kind, "id": _id(id_prefix, key), "value": value}


def _ending(id_prefix: str, data: Mapping) -> list:
    """A case's ``timeline`` (other seats' signals) and ``epilogue`` as raw stream data of ``Quiz.ending``."""
    timeline = data.get("timeline") or []
    epilogue = data.get("epilogue")
    if (timeline or epilogue) and data.get("kind") != Quiz.Kind.CASE:
        raise QuizContentError("timeline and epilogue belong to a case (kind: case)")
    ending = []
    for number, item in enumerate(timeline, start=1):
        if not isinstance(item, Mapping) or set(item) != _TIMELINE_KEYS:
            raise QuizContentError(f"timeline entry {number}: needs exactly {', '.join(sorted(_TIMELINE_KEYS))}")
        ending.append({"type": "other_seat_signal", "id": _id(id_prefix, "timeline", str(number)), "value": dict(item)})
    if epilogue is not None:
        if not isinstance(epilogue, Mapping) or set(epilogue) != _EPILOGUE_KEYS:
            raise QuizContentError("epilogue: needs exactly heading and text")
        ending.append({"type": "epilogue", "id": _id(id_prefix, "epilogue"), "value": dict(epilogue)})
    return ending


def _check_shape(data: Mapping) -> None:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise QuizContentError(f"unknown field(s): {', '.join(unknown)}")
    missing = [key for key in ("title", "questions") if data.get(key) in (None, "", [])]
    if missing:
        raise QuizContentError(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(data.get("settings") or {}) - _SETTINGS)
    if unknown:
        raise QuizContentError(f"unknown quiz setting(s): {', '.join(unknown)}")
    keys = [str(question.get("key")) for question in data["questions"] if isinstance(question, Mapping)]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise QuizContentError(f"duplicate question key(s): {', '.join(duplicates)}")


def _check_blocks(questions: list) -> None:
    """Run the blocks' own checks (as Wagtail does on save), naming the question and field of the first problem."""
    block = QuestionsBlock()
    try:
        block.clean(block.to_python(questions))
    except blocks.StreamBlockValidationError as error:
        for index, child_error in sorted(error.block_errors.items()):
            for name, field_error in sorted(getattr(child_error, "block_errors", {}).items()):
                key = questions[index]["id"]
                raise QuizContentError(
                    f"question {index + 1} ({key}) {name}: {' '.join(field_error.messages)}"
                ) from error
        raise QuizContentError(" ".join(error.messages)) from error


def _check_counts(data: Mapping, questions: list) -> None:
    min_questions = int(data.get("min_questions") or 0)
    if len(questions) < min_questions:
        raise QuizContentError(f"quiz has {len(questions)} questions, needs at least {min_questions}")
    scenarios = sum(1 for question in questions if question["type"] == "scenario")
    min_scenarios = int(data.get("min_scenarios") or 0)
    if scenarios < min_scenarios:
        raise QuizContentError(f"quiz has {scenarios} scenario questions, needs at least {min_scenarios}")


def quiz_content_parse(data: Mapping, *, id_prefix: str) -> QuizContent:
    """Check a quiz mapping completely, before anything is written.

    Raises ``QuizContentError`` for a problem of shape, and Django's ``ValidationError`` for one that the
    quiz's own validation finds (the same checks as saving it in Wagtail).
    """
    _check_shape(data)
    questions = [_question(id_prefix, number, question) for number, question in enumerate(data["questions"], 1)]
    _check_counts(data, questions)
    fields = {
        "title": data["title"],
        "kind": data.get("kind") or Quiz.Kind.QUIZ,
        "intro": data.get("intro") or "",
        **(data.get("settings") or {}),
    }
    ending = _ending(id_prefix, data)
    if fields["kind"] == Quiz.Kind.CASE:
        _check_blocks(questions)
    probe = Quiz(**fields)
    probe.questions = questions
    probe.ending = ending
    probe.full_clean(exclude=["created_at", "updated_at"])
    return QuizContent(title=data["title"], fields=fields, questions=questions, ending=ending)


def _stream_normal(raw, block) -> list:
    return block.get_prep_value(block.to_python(raw) if isinstance(raw, list) else raw)


def _questions_normal(raw) -> list:
    return _stream_normal(raw, QuestionsBlock())


def quiz_content_load(*, content: QuizContent) -> QuizLoaded:
    """Create the quiz, or update the one with this title where it differs from ``content``; else touch nothing."""
    quiz = Quiz.objects.filter(title=content.title).order_by("pk").first()
    if quiz is None:
        quiz = Quiz(**content.fields)
        quiz.questions = content.questions
        quiz.ending = content.ending
        quiz.save()
        return QuizLoaded(quiz=quiz, created=True)
    changed = [name for name, value in content.fields.items() if getattr(quiz, name) != value]
    if _questions_normal(quiz.questions) != _questions_normal(content.questions):
        changed.append("questions")
    if _stream_normal(quiz.ending, CaseEndingBlock()) != _stream_normal(content.ending, CaseEndingBlock()):
        changed.append("ending")
    if changed:
        for name, value in content.fields.items():
            setattr(quiz, name, value)
        quiz.questions = content.questions
        quiz.ending = content.ending
        quiz.save()
    return QuizLoaded(quiz=quiz, created=False, changed=changed)
