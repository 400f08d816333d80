"""Reading answers from a posted form.

The take page is one plain HTML form that works without JavaScript. Field names carry the question key:
``q__<question>`` holds the chosen option key(s); ``q__<question>__<statement>`` holds the mark of one
statement of a signal-sorting question. The optional script posts the same fields.
"""

from django.http import QueryDict

from quizzes import grading
from quizzes.models import QuizAttempt
from quizzes.services import QUESTION_NOT_IN_ATTEMPT, InvalidAnswer

FIELD_PREFIX = "q__"
SEPARATOR = "__"


def question_field(question_key: str) -> str:
    return f"{FIELD_PREFIX}{question_key}"


def statement_field(question_key: str, statement_key: str) -> str:
    return f"{FIELD_PREFIX}{question_key}{SEPARATOR}{statement_key}"


def responses_from_post(*, attempt: QuizAttempt, data: QueryDict, only: str | None = None) -> dict[str, dict]:
    """Parse the answers in ``data``. With ``only``, just that question's answer, which must be present.

    Raises ``InvalidAnswer`` for a question not in the attempt, a missing answer to ``only``, or an
    answer that does not fit its question (an option of another question, a bad mark, two choices).
    """
    questions = {question["key"]: question for question in attempt.questions}
    values: dict[str, list[str]] = {}
    marks: dict[str, dict[str, str]] = {}
    for name in data:
        if not name.startswith(FIELD_PREFIX):
            continue
        question_key, separator, statement_key = name[len(FIELD_PREFIX) :].partition(SEPARATOR)
        if question_key not in questions:
            raise InvalidAnswer(QUESTION_NOT_IN_ATTEMPT)
        posted = data.getlist(name)
        if separator:
            if len(posted) != 1:
                raise InvalidAnswer(grading.RESPONSE_MALFORMED, question_key=question_key)
            marks.setdefault(question_key, {})[statement_key] = posted[0]
        else:
            values[question_key] = posted
    if only is not None:
        if only not in questions:
            raise InvalidAnswer(QUESTION_NOT_IN_ATTEMPT)
        keys = [only]
    else:
        keys = [key for key in questions if key in values or key in marks]
    responses = {}
    for key in keys:
        try:
            responses[key] = grading.response_from_values(questions[key], values.get(key, []), marks.get(key, {}))
        except grading.InvalidResponse as error:
            raise InvalidAnswer(error.message, question_key=key) from error
    return responses
