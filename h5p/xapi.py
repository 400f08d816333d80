"""Reading an xAPI statement sent by the player: what we accept, and what counts as a result.

Verbs are matched by IRI, never by display text. The actor is never read from the statement: the
server replaces it with the logged-in learner's opaque id.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_FAILED = "http://adlnet.gov/expapi/verbs/failed"
# Content without a score says it was seen: an accordion "consumed" it, others "experienced" it; with
# ``result.completion`` such a statement completes the activity.
VERB_CONSUMED = "http://activitystrea.ms/schema/1.0/consume"
VERB_EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
# Statements with other verbs (attempted, interacted, progressed…) are acknowledged but not stored.
RECORDED_VERBS = frozenset({VERB_ANSWERED, VERB_COMPLETED, VERB_PASSED, VERB_FAILED, VERB_CONSUMED, VERB_EXPERIENCED})
COMPLETING_VERBS = frozenset({VERB_COMPLETED, VERB_PASSED})
SUB_CONTENT_EXTENSION = "http://h5p.org/x-api/h5p-subContentId"

STATEMENT_NOT_OBJECT = _("The statement must be a JSON object.")
STATEMENT_NO_VERB = _("The statement has no verb IRI.")
STATEMENT_OTHER_ACTIVITY = _("The statement is about another activity.")
STATEMENT_BAD_SCORE = _("The score must satisfy 0 ≤ raw ≤ max and max > 0.")


class StatementRejected(ValueError):
    pass


@dataclass(frozen=True)
class ParsedStatement:
    verb: str
    is_child: bool
    raw_score: float | None
    max_score: float | None
    completed: bool
    has_result: bool

    @property
    def is_recorded(self) -> bool:
        return self.verb in RECORDED_VERBS

    @property
    def scaled(self) -> float | None:
        if self.raw_score is None:
            return None
        return self.raw_score / self.max_score

    @property
    def counts_as_attempt(self) -> bool:
        """Only a top-level statement with a result becomes the activity's attempt."""
        return self.is_recorded and not self.is_child and self.has_result


def statement_parse(statement, *, object_iri: str) -> ParsedStatement:
    """Validate a statement for the activity whose IRI is ``object_iri``; raise ``StatementRejected``."""
    if not isinstance(statement, dict):
        raise StatementRejected(STATEMENT_NOT_OBJECT)
    verb = _get(statement, "verb", "id")
    if not isinstance(verb, str) or not verb:
        raise StatementRejected(STATEMENT_NO_VERB)
    object_id = _get(statement, "object", "id")
    base, _sep, query = object_id.partition("?") if isinstance(object_id, str) else ("", "", "")
    if base != object_iri:
        raise StatementRejected(STATEMENT_OTHER_ACTIVITY)
    is_child = bool(
        _get(statement, "context", "contextActivities", "parent")
        or "subContentId=" in query
        or _get(statement, "object", "definition", "extensions", SUB_CONTENT_EXTENSION)
    )
    result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
    raw_score, max_score = _score(result.get("score"))
    completed = result.get("completion") is True or verb in COMPLETING_VERBS
    has_result = bool(result) or verb in COMPLETING_VERBS
    return ParsedStatement(verb, is_child, raw_score, max_score, completed, has_result)


def _score(score) -> tuple[float | None, float | None]:
    if score is None:
        return None, None
    if not isinstance(score, dict) or "raw" not in score or "max" not in score:
        raise StatementRejected(STATEMENT_BAD_SCORE)
    raw, maximum = score["raw"], score["max"]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (raw, maximum))
    if not numbers or not (maximum > 0 and 0 <= raw <= maximum):
        raise StatementRejected(STATEMENT_BAD_SCORE)
    return float(raw), float(maximum)


def _get(document, *keys):
    for key in keys:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def actor_for(learner, *, home_page: str) -> dict:
    """The only actor we store: an opaque account, never a name or an e-mail address."""
    return {"objectType": "Agent", "account": {"homePage": home_page, "name": str(learner.public_id)}}
