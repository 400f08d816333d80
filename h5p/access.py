"""Who may play an H5P activity is not the engine's to decide: it knows packages and results, not courses.

The project names a policy in ``settings.H5P_ACCESS_POLICY`` (courses provides it): a function
``policy(*, user, activity_id) -> bool``, asked only for published activities. Without one, only editors may
play an activity (to preview it). ``settings.H5P_ACCESS_POLICY_CACHE_KEYS`` may name a function with the same
arguments that lists the cache keys the policy reads first, so that the engine reads them with its own.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def activity_policy_allows(*, user, activity_id: int) -> bool:
    if not user.is_authenticated:
        return False
    policy = getattr(settings, "H5P_ACCESS_POLICY", "")
    return bool(policy) and import_string(policy)(user=user, activity_id=activity_id)


def activity_policy_cache_keys(*, user, activity_id: int) -> list[str]:
    keys = getattr(settings, "H5P_ACCESS_POLICY_CACHE_KEYS", "")
    if not (keys and user.is_authenticated):
        return []
    return import_string(keys)(user=user, activity_id=activity_id)
