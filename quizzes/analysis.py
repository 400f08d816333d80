"""Item analysis for editors: how hard each question of a quiz is, whether it tells learners who know the
material from those who do not, and which options they choose. A selector: reads only.

The method (classical test theory), and why:

- **One attempt per learner, the first graded one.** Later attempts follow the feedback of the first and are
  made mostly by learners who failed; counting them would make questions look easier and count weak learners
  several times. The statistics below assume one independent response per person.
- **Item score**: the share of the question's points earned, so 0 or 1 for a right/wrong question and a part
  for signal sorting, a scenario's weighted actions or partial-credit multiple response. A question the
  attempt drew but the learner left open scores 0, as in grading.
- **Facility**: the mean item score; for a right/wrong question, the share of learners who got it right.
- **Discrimination**: the corrected point-biserial, Pearson's correlation between the item score and the
  *rest score* (the attempt's share of points on its other questions). Without the item itself in the total
  a question cannot correlate with itself, which inflates the value in short quizzes; as a share, attempts
  that drew different questions from a pool compare. Unlike the upper/lower 27 % index it uses every learner,
  needs no ranking (and so no arbitrary cut through tied scores), handles partial credit, and comes down to
  sums the database adds up in one pass.

Three queries whatever the number of attempts (one more when attempts hold questions since removed from the
quiz, for their labels): the attempt counts, the sums per question, and the option counts per question.
Both aggregates unnest the attempt's frozen question list in SQL, which PostgreSQL and SQLite spell
differently (``_DIALECTS``).
"""

import json
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from quizzes import grading
from quizzes.models import Quiz, QuizAnswer, QuizAttempt
from quizzes.snapshot import TRUE_KEY, question_snapshot

# A question nearly everyone gets right measures little; a negative discrimination means the learners who
# did well on the rest of the quiz got this one wrong more often than those who did badly: usually a wrong
# key or a misleading wording.
EASY_FACILITY = 0.9

TRUE_LABEL = _("True")
FALSE_LABEL = _("False")
REMOVED_OPTION = _("(option no longer in the quiz)")


@dataclass(frozen=True)
class OptionStat:
    key: str
    label: str
    correct: bool
    chosen: int
    share: float | None  # of the learners who were asked the question


@dataclass(frozen=True)
class QuestionStat:
    key: str
    type: str
    prompt: str
    situation: str
    in_quiz: bool  # False: only earlier attempts asked it
    asked: int  # learners whose first attempt drew the question
    answered: int
    facility: float | None
    discrimination: float | None
    options: list[OptionStat] = field(default_factory=list)

    @property
    def too_easy(self) -> bool:
        return self.facility is not None and self.facility > EASY_FACILITY

    @property
    def discriminates_negatively(self) -> bool:
        return self.discrimination is not None and self.discrimination < 0

    @property
    def facility_percent(self) -> float | None:
        return None if self.facility is None else self.facility * 100

    @property
    def unanswered(self) -> int:
        return self.asked - self.answered


@dataclass(frozen=True)
class QuizAnalysis:
    learners: int  # learners with a graded attempt: each counts with their first one
    attempts: int  # all graded attempts
    questions: list[QuestionStat]

    @property
    def is_empty(self) -> bool:
        return self.learners == 0


# How each database unnests the JSON list of questions frozen on an attempt.
_DIALECTS = {
    "postgresql": {
        "unnest": "CROSS JOIN LATERAL jsonb_array_elements(fa.questions) AS q(value)",
        "key": "q.value ->> 'key'",
        "type": "q.value ->> 'type'",
        "options": "jsonb_array_length(q.value -> 'options')",
    },
    "sqlite": {
        "unnest": "CROSS JOIN json_each(fa.questions) AS q",
        "key": "json_extract(q.value, '$.key')",
        "type": "json_extract(q.value, '$.type')",
        "options": "json_array_length(q.value, '$.options')",
    },
}

# Each learner's first graded attempt at the quiz (the unique (learner, quiz, number) index serves both).
_FIRST_ATTEMPTS = """
WITH first_attempt AS (
    SELECT a.id, a.questions, a.score_points, a.max_points
    FROM {attempt} a
    JOIN (
        SELECT learner_id, MIN(number) AS number
        FROM {attempt}
        WHERE quiz_id = %s AND status = %s
        GROUP BY learner_id
    ) earliest ON earliest.learner_id = a.learner_id AND earliest.number = a.number
    WHERE a.quiz_id = %s
)"""

# Per question: how many learners it was asked, the sums for the facility and for the correlation between
# item score x and rest score y (rows without a rest, in a one-question attempt, are left out of the latter),
# and one attempt that asked it (for the labels of a question no longer in the quiz).
_SUMS = """,
presented AS (
    SELECT fa.id AS attempt_id, fa.score_points, fa.max_points, {key} AS question_key,
        CASE WHEN {type} = %s THEN {options} ELSE 1 END AS item_max
    FROM first_attempt fa {unnest}
),
scored AS (
    SELECT p.question_key, p.attempt_id,
        COALESCE(ans.points, 0) * 1.0 / p.item_max AS x,
        CASE WHEN p.max_points > p.item_max
            THEN (p.score_points - COALESCE(ans.points, 0)) * 1.0 / (p.max_points - p.item_max)
        END AS y
    FROM presented p
    LEFT JOIN {answer} ans ON ans.attempt_id = p.attempt_id AND ans.question_key = p.question_key
)
SELECT question_key, COUNT(*), SUM(x), COUNT(y),
    SUM(CASE WHEN y IS NOT NULL THEN x END), SUM(CASE WHEN y IS NOT NULL THEN x * x END),
    SUM(y), SUM(y * y), SUM(x * y), MAX(attempt_id)
FROM scored
GROUP BY question_key
"""

# Identical responses grouped: a few rows per question (one per option, or per combination), never per learner.
_RESPONSES = """
SELECT ans.question_key, ans.response, COUNT(*)
FROM first_attempt fa
JOIN {answer} ans ON ans.attempt_id = fa.id
GROUP BY ans.question_key, ans.response
"""


@dataclass(frozen=True)
class _Sums:
    asked: int
    sum_x: float
    pairs: int
    sx: float
    sxx: float
    sy: float
    syy: float
    sxy: float
    sample_attempt_id: int

    @property
    def facility(self) -> float | None:
        return self.sum_x / self.asked if self.asked else None

    @property
    def discrimination(self) -> float | None:
        """Pearson's r from the sums; None when either score does not vary (everyone scored the same)."""
        n = self.pairs
        spread_x = n * self.sxx - self.sx * self.sx
        spread_y = n * self.syy - self.sy * self.sy
        # Float sums of identical values can leave a tiny non-zero spread; treat it as none.
        if n < 2 or spread_x <= 1e-9 * max(n, 1) or spread_y <= 1e-9 * max(n, 1):
            return None
        return (n * self.sxy - self.sx * self.sy) / math.sqrt(spread_x * spread_y)


def _float(value) -> float:
    return float(value) if value is not None else 0.0


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sql(template: str) -> str:
    try:
        dialect = _DIALECTS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Item analysis supports PostgreSQL and SQLite, not {connection.vendor}.") from None
    tables = {
        "attempt": connection.ops.quote_name(QuizAttempt._meta.db_table),
        "answer": connection.ops.quote_name(QuizAnswer._meta.db_table),
    }
    return template.format(**tables, **dialect)


def _question_sums(quiz: Quiz) -> dict[str, _Sums]:
    params = [quiz.pk, QuizAttempt.Status.GRADED, quiz.pk, grading.SIGNAL_SORTING]
    rows = _run(_sql(_FIRST_ATTEMPTS + _SUMS), params)
    return {
        key: _Sums(int(asked), _float(sum_x), int(pairs), *(_float(value) for value in sums), sample)
        for key, asked, sum_x, pairs, *sums, sample in rows
    }


def _response_counts(quiz: Quiz) -> dict[str, list[tuple[dict, int]]]:
    counts: dict[str, list[tuple[dict, int]]] = {}
    for key, response, count in _run(_sql(_FIRST_ATTEMPTS + _RESPONSES), [quiz.pk, QuizAttempt.Status.GRADED, quiz.pk]):
        # PostgreSQL hands jsonb to Django as text, like SQLite.
        parsed = json.loads(response) if isinstance(response, str) else response
        counts.setdefault(key, []).append((parsed, int(count)))
    return counts


def _questions_asked(quiz: Quiz, sums: dict[str, _Sums]) -> list[tuple[dict, bool]]:
    """The questions to report, as snapshots: the quiz's own in its order, then any that only attempts hold."""
    current = [question_snapshot(child) for child in quiz.questions]
    known = {question["key"] for question in current}
    removed = {key: stat.sample_attempt_id for key, stat in sums.items() if key not in known}
    former = []
    if removed:
        snapshots = QuizAttempt.objects.filter(pk__in=set(removed.values())).values_list("questions", flat=True)
        by_key = {question["key"]: question for questions in snapshots for question in questions}
        former = sorted((by_key[key] for key in removed if key in by_key), key=lambda question: question["prompt"])
    return [(question, True) for question in current] + [(question, False) for question in former]


def _option_label(question: dict, option: dict) -> str:
    if question["type"] == grading.TRUE_FALSE:
        return str(TRUE_LABEL if option["key"] == TRUE_KEY else FALSE_LABEL)
    return option["text"]


def _option_stats(question: dict, responses: list[tuple[dict, int]], asked: int) -> tuple[list[OptionStat], int]:
    """How often each option was chosen (for signal sorting: marked as a signal), and how many answered."""
    chosen: dict[str, int] = {}
    answered = 0
    for response, count in responses:
        answered += count
        for key in grading.chosen_keys(question, response):
            chosen[key] = chosen.get(key, 0) + count
    options = question["options"]
    known = {option["key"] for option in options}
    stats = [
        OptionStat(
            key=option["key"],
            label=_option_label(question, option),
            correct=bool(option["correct"]),
            chosen=chosen.get(option["key"], 0),
            share=chosen.get(option["key"], 0) / asked if asked else None,
        )
        for option in options
    ]
    stats += [
        OptionStat(key=key, label=str(REMOVED_OPTION), correct=False, chosen=count, share=count / asked)
        for key, count in sorted(chosen.items())
        if key not in known and asked
    ]
    return stats, answered


def quiz_item_analysis(*, quiz: Quiz) -> QuizAnalysis:
    """Facility, discrimination and option counts per question of ``quiz``, over each learner's first attempt."""
    totals = QuizAttempt.objects.filter(quiz=quiz, status=QuizAttempt.Status.GRADED).aggregate(
        attempts=Count("pk"), learners=Count("learner_id", distinct=True)
    )
    if not totals["learners"]:
        return QuizAnalysis(learners=0, attempts=0, questions=[])
    sums = _question_sums(quiz)
    responses = _response_counts(quiz)
    stats = []
    for question, in_quiz in _questions_asked(quiz, sums):
        key = question["key"]
        sum_row = sums.get(key)
        asked = sum_row.asked if sum_row else 0
        options, answered = _option_stats(question, responses.get(key, []), asked)
        stats.append(
            QuestionStat(
                key=key,
                type=question["type"],
                prompt=question["prompt"],
                situation=question.get("situation", ""),
                in_quiz=in_quiz,
                asked=asked,
                answered=answered,
                facility=sum_row.facility if sum_row else None,
                discrimination=sum_row.discrimination if sum_row else None,
                options=options,
            )
        )
    return QuizAnalysis(learners=totals["learners"], attempts=totals["attempts"], questions=stats)
