"""Pure grading: parse a learner's response to one question and score it.

No Django models and no database here, so every question type and every partial-credit edge case can be
unit-tested with plain dictionaries. A *question* is the frozen snapshot stored on an attempt (see
``quizzes.snapshot``); a *response* is the normalised answer stored on ``QuizAnswer.response``.

Responses, per question type:

- single choice, true/false, scenario, case scene: ``{"option": "<option key>"}``
- multiple response: ``{"options": ["<option key>", ...]}`` (sorted, no duplicates, may not be empty)
- signal sorting: ``{"marks": {"<statement key>": "signal" | "no_signal", ...}}`` (at least one mark)
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

SINGLE_CHOICE = "single_choice"
MULTIPLE_RESPONSE = "multiple_response"
TRUE_FALSE = "true_false"
SIGNAL_SORTING = "signal_sorting"
SCENARIO = "scenario"
QUESTION_TYPES = (SINGLE_CHOICE, MULTIPLE_RESPONSE, TRUE_FALSE, SIGNAL_SORTING, SCENARIO)
# A scene of a case (quizzes.cases): not a question a quiz holds, but answered and graded like a single choice.
CASE_STEP = "case_step"

ALL_OR_NOTHING = "all_or_nothing"
PARTIAL_CREDIT = "partial"

SIGNAL = "signal"
NO_SIGNAL = "no_signal"
MARKS = (SIGNAL, NO_SIGNAL)

RESPONSE_MISSING = _("Choose an answer before saving.")
RESPONSE_MALFORMED = _("This answer could not be read. Please choose again.")
RESPONSE_UNKNOWN_OPTION = _("This answer is not one of the options of this question.")
RESPONSE_ONE_OPTION = _("Choose one answer.")
RESPONSE_BAD_MARK = _("Mark each statement as “signal” or “no signal”.")

_MAX_KEY_LENGTH = 64


class InvalidResponse(ValueError):
    """The learner's input does not fit the question. ``message`` is safe to show to the learner."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Grade:
    points: Fraction
    max_points: int

    @property
    def is_correct(self) -> bool:
        return self.points == self.max_points

    @property
    def is_partly_correct(self) -> bool:
        return 0 < self.points < self.max_points


def _option_keys(question: dict) -> list[str]:
    return [option["key"] for option in question["options"]]


def _clean_key(value) -> str:
    if not isinstance(value, str) or not value or len(value) > _MAX_KEY_LENGTH:
        raise InvalidResponse(RESPONSE_MALFORMED)
    return value


def response_from_values(question: dict, values: list[str], marks: dict[str, str]) -> dict:
    """Build a response from submitted form values.

    ``values`` are the values posted under the question's field name (option keys); ``marks`` maps statement
    keys to the posted mark (signal sorting only). Raises ``InvalidResponse`` when the input does not fit.
    """
    kind = question["type"]
    keys = _option_keys(question)
    if kind == SIGNAL_SORTING:
        if not marks:
            raise InvalidResponse(RESPONSE_MISSING)
        clean = {}
        for key, mark in marks.items():
            if _clean_key(key) not in keys:
                raise InvalidResponse(RESPONSE_UNKNOWN_OPTION)
            if mark not in MARKS:
                raise InvalidResponse(RESPONSE_BAD_MARK)
            clean[key] = mark
        return {"marks": clean}
    if marks:
        raise InvalidResponse(RESPONSE_MALFORMED)
    if not values:
        raise InvalidResponse(RESPONSE_MISSING)
    chosen = [_clean_key(value) for value in values]
    if any(key not in keys for key in chosen):
        raise InvalidResponse(RESPONSE_UNKNOWN_OPTION)
    if kind == MULTIPLE_RESPONSE:
        return {"options": sorted(set(chosen))}
    if len(chosen) != 1:
        raise InvalidResponse(RESPONSE_ONE_OPTION)
    return {"option": chosen[0]}


def response_is_valid(question: dict, response) -> bool:
    """Whether a stored response still fits the question (a guard for grading; stored responses are parsed)."""
    if not isinstance(response, dict):
        return False
    try:
        if question["type"] == SIGNAL_SORTING:
            marks = response.get("marks")
            return isinstance(marks, dict) and response_from_values(question, [], marks) == response
        values = response.get("options") if question["type"] == MULTIPLE_RESPONSE else [response.get("option")]
        return isinstance(values, list) and response_from_values(question, values, {}) == response
    except InvalidResponse:
        return False


def chosen_keys(question: dict, response: dict | None) -> set[str]:
    """The option keys a response picked (for signal sorting: the statements marked as a signal)."""
    if not response:
        return set()
    if question["type"] == SIGNAL_SORTING:
        return {key for key, mark in response.get("marks", {}).items() if mark == SIGNAL}
    if question["type"] == MULTIPLE_RESPONSE:
        return set(response.get("options", []))
    return {response["option"]} if response.get("option") else set()


def max_points(question: dict) -> int:
    """A point per statement for signal sorting, one point for every other question."""
    return len(question["options"]) if question["type"] == SIGNAL_SORTING else 1


def grade(question: dict, response: dict | None) -> Grade:
    """Score one response. A missing or invalid response scores zero."""
    top = max_points(question)
    if response is None or not response_is_valid(question, response):
        return Grade(Fraction(0), top)
    kind = question["type"]
    options = {option["key"]: option for option in question["options"]}
    if kind in (SINGLE_CHOICE, TRUE_FALSE, CASE_STEP):
        return Grade(Fraction(int(options[response["option"]]["correct"])), top)
    if kind == SCENARIO:
        weight = min(max(int(options[response["option"]]["weight"]), 0), 100)
        return Grade(Fraction(weight, 100), top)
    if kind == SIGNAL_SORTING:
        right = sum(1 for key, mark in response["marks"].items() if (mark == SIGNAL) == bool(options[key]["correct"]))
        return Grade(Fraction(right), top)
    return Grade(_multiple_response_points(question, set(response["options"])), top)


def _multiple_response_points(question: dict, chosen: set[str]) -> Fraction:
    correct = {option["key"] for option in question["options"] if option["correct"]}
    if not correct:
        return Fraction(0)  # an editor error the block validation prevents; never divide by zero
    if question.get("scoring") == PARTIAL_CREDIT:
        # Each right pick earns a share, each wrong pick costs one, never below zero: ticking every
        # box must not be a winning strategy.
        hits = len(chosen & correct)
        misses = len(chosen - correct)
        return max(Fraction(hits - misses, len(correct)), Fraction(0))
    return Fraction(int(chosen == correct))


def score_percent(points: Fraction, total: int) -> Fraction:
    """The score as an exact percentage (0–100); an empty quiz scores zero."""
    return Fraction(points * 100, total) if total else Fraction(0)
