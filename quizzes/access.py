"""Who may use a quiz is not the engine's to decide: it knows learners and attempts, not the courses a quiz is in.

The project names a policy in ``settings.QUIZZES_ACCESS_POLICY`` (courses provides it): a function
``policy(*, user, activity_id) -> bool``. Without one, only editors may use a quiz (to preview it).
"""

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
