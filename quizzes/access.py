"""Who may use a quiz is not the engine's to decide: it knows learners and attempts, not the courses a quiz is in.

The project names a policy in ``settings.QUIZZES_ACCESS_POLICY`` (courses provides it): a function
``policy(*, user, activity_id) -> bool``. Without one, only editors may use a quiz (to preview it).

Likewise ``settings.QUIZZES_CYCLE_START`` names ``cycle_start(*, user, activity_id) -> datetime | None``: from
when a learner's attempts count (their current enrolment cycle began), for attempt limits and results.
Without one, every attempt counts.
"""

from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string

EDIT_PERMISSION = "quizzes.change_quiz"


def quiz_usable(*, user, quiz_id: int) -> bool:
    """Whether ``user`` may open, start, answer or hand in the quiz, or see their attempts at it."""
    if not user.is_authenticated:
        return False
    policy = getattr(settings, "QUIZZES_ACCESS_POLICY", "")
    if policy and import_string(policy)(user=user, activity_id=quiz_id):
        return True
    return user.has_perm(EDIT_PERMISSION)  # an editor previewing it; asked last, as it costs queries


def quiz_counting_since(*, user, quiz_id: int) -> datetime | None:
    """From when the learner's attempts at the quiz count; None when all of them do."""
    cycle_start = getattr(settings, "QUIZZES_CYCLE_START", "")
    if not (cycle_start and user.is_authenticated):
        return None
    return import_string(cycle_start)(user=user, activity_id=quiz_id)
