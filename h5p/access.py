"""Who may play an H5P activity is not the engine's to decide: it knows packages and results, not courses.

The project names a policy in ``settings.H5P_ACCESS_POLICY`` (courses provides it): a function
``policy(*, user, activity_id) -> bool``, asked only for published activities. Without one, only editors may
play an activity (to preview it).
"""

from django.conf import settings
from django.utils.module_loading import import_string


def activity_policy_allows(*, user, activity_id: int) -> bool:
    if not user.is_authenticated:
        return False
    policy = getattr(settings, "H5P_ACCESS_POLICY", "")
    return bool(policy) and import_string(policy)(user=user, activity_id=activity_id)
