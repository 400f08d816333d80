"""What a learner may see of an attempt's questions, decided in one place.

Templates only get these views, never the snapshot, so nothing the quiz does not allow (which option is
correct, weights, feedback) can reach the HTML by accident:

- *feedback* (the feedback on the options the learner chose, and the points) shows after submitting, or in
  a practice quiz as soon as a question is checked;
- *answers* (which option is correct, weights, the feedback on every option, the explanation) show as the
  quiz's "show correct answers" setting allows: after submitting, after passing (on the passed attempt),
  after the last attempt (once the learner has none left), or never. Outside practice, a question the learner
  left unanswered reveals nothing, whatever the setting: handing in empty must not be a way to read the key.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from quizzes import grading
from quizzes.forms import question_field, statement_field
from quizzes.models import Quiz, QuizAnswer, QuizAttempt
from quizzes.snapshot import TRUE_KEY

TRUE_LABEL = _("True")
FALSE_LABEL = _("False")


@dataclass
class OptionView:
    key: str
    label: str
    field_name: str
    input_id: str
    selected: bool = False
    yours: bool = False
    mark: str | None = None
    is_correct: bool | None = None
    weight: int | None = None
    feedback: str | None = None


@dataclass
class QuestionView:
    key: str
    number: int
    type: str
    prompt: str
    field_name: str
    options: list[OptionView] = field(default_factory=list)
    situation: str = ""
    image: object = None
    image_alt: str = ""
    answered: bool = False
    locked: bool = False
    show_feedback: bool = False
    reveal: bool = False
    explanation: str | None = None
    points: Decimal | None = None
    max_points: int = 1
    outcome: str | None = None
    error: str | None = None

    @property
    def dom_id(self) -> str:
        return f"question-{self.number}"

    @property
    def is_multiple(self) -> bool:
        return self.type == grading.MULTIPLE_RESPONSE

    @property
    def is_sorting(self) -> bool:
        return self.type == grading.SIGNAL_SORTING

    @property
    def is_scenario(self) -> bool:
        return self.type == grading.SCENARIO


CORRECT = "correct"
PARTLY_CORRECT = "partly"
WRONG = "wrong"


def _reveal_answers(attempt: QuizAttempt, *, checked: bool, answered: bool, no_attempts_left: bool) -> bool:
    quiz = attempt.quiz
    setting = quiz.show_answers
    if setting == Quiz.ShowAnswers.NEVER:
        return False
    if not attempt.is_graded:
        return checked and setting == Quiz.ShowAnswers.AFTER_SUBMIT
    if not (answered or quiz.is_practice):
        return False
    if setting == Quiz.ShowAnswers.AFTER_PASS:
        return attempt.passed
    if setting == Quiz.ShowAnswers.AFTER_LAST_ATTEMPT:
        return no_attempts_left
    return setting == Quiz.ShowAnswers.AFTER_SUBMIT


def _outcome(result: grading.Grade | None, answered: bool) -> str | None:
    if result is None or not answered:
        return None
    if result.is_correct:
        return CORRECT
    return PARTLY_CORRECT if result.is_partly_correct else WRONG


def _option_views(question: dict, response: dict | None, number: int, *, feedback: bool, reveal: bool):
    chosen = grading.chosen_keys(question, response)
    marks = (response or {}).get("marks", {}) if question["type"] == grading.SIGNAL_SORTING else {}
    views = []
    for index, option in enumerate(question["options"], start=1):
        key = option["key"]
        is_sorting = question["type"] == grading.SIGNAL_SORTING
        label = option["text"] or (TRUE_LABEL if key == TRUE_KEY else FALSE_LABEL)
        answered_this = key in marks if is_sorting else key in chosen
        views.append(
            OptionView(
                key=key,
                label=label,
                field_name=statement_field(question["key"], key) if is_sorting else question_field(question["key"]),
                input_id=f"q{number}-o{index}",
                selected=key in chosen,
                yours=feedback and answered_this,
                mark=marks.get(key),
                is_correct=bool(option["correct"]) if reveal else None,
                weight=option["weight"] if reveal and question["type"] == grading.SCENARIO else None,
                feedback=option["feedback"] if reveal or (feedback and answered_this) else None,
            )
        )
    return views


def attempt_question_views(
    *,
    attempt: QuizAttempt,
    answers: dict[str, QuizAnswer],
    errors: dict[str, str] | None = None,
    no_attempts_left: bool = False,
) -> list[QuestionView]:
    """The attempt's questions in its order, with exactly what the learner may see now.

    ``no_attempts_left`` says the learner has used every attempt of their current cycle (for "after the last
    attempt"); the caller knows the cycle, this module does not.
    """
    errors = errors or {}
    practice = attempt.quiz.feedback_timing == Quiz.FeedbackTiming.AFTER_EACH
    image_ids = [question.get("image_id") for question in attempt.questions if question.get("image_id")]
    images = get_image_model().objects.in_bulk(image_ids) if image_ids else {}
    views = []
    for number, question in enumerate(attempt.questions, start=1):
        answer = answers.get(question["key"])
        response = answer.response if answer else None
        checked = practice and answer is not None
        feedback = attempt.is_graded or checked
        reveal = _reveal_answers(
            attempt, checked=checked, answered=answer is not None, no_attempts_left=no_attempts_left
        )
        result = grading.grade(question, response) if feedback else None
        views.append(
            QuestionView(
                key=question["key"],
                number=number,
                type=question["type"],
                prompt=question["prompt"],
                field_name=question_field(question["key"]),
                options=_option_views(question, response, number, feedback=feedback, reveal=reveal),
                situation=question.get("situation", ""),
                image=images.get(question.get("image_id")),
                image_alt=question.get("image_alt", ""),
                answered=answer is not None,
                locked=attempt.is_graded or checked,
                show_feedback=feedback,
                reveal=reveal,
                explanation=question["explanation"] if reveal else None,
                points=Decimal(result.points.numerator) / Decimal(result.points.denominator) if result else None,
                max_points=grading.max_points(question),
                outcome=_outcome(result, answer is not None),
                error=errors.get(question["key"]),
            )
        )
    return views
