from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db.models import QuerySet

from h5p.models import H5PActivity, H5PContentState, H5PResult

EDIT_PERMISSION = "h5p.change_h5pactivity"
# Every statement and saved state asks for its activity; a change to one forgets it (h5p.handlers), and an
# entry cached by a read that raced with the change lives this long at most.
ACTIVITY_CACHE_SECONDS = 5 * 60


@dataclass(frozen=True)
class ActivityResult:
    """A learner's best result: ``scaled`` is 0..1, or None for content without a score."""

    activity_id: int
    scaled: float | None
    completed: bool
    attempts: int = 0


def best_results(*, learner: AbstractBaseUser, activity_ids: list[int]) -> dict[int, ActivityResult]:
    """The best result per activity for one learner, in one query; activities without one are absent."""
    if not activity_ids or not learner.is_authenticated:
        return {}
    rows = H5PResult.objects.filter(learner=learner, activity_id__in=activity_ids).values_list(
        "activity_id", "scaled", "completed", "attempts"
    )
    return {row[0]: ActivityResult(*row) for row in rows}


def activity_is_passed(result: ActivityResult | None, threshold: float) -> bool:
    """Passed when the scaled score reaches the threshold (0..1); content without a score when completed."""
    if result is None:
        return False
    if result.scaled is None:
        return result.completed
    return result.scaled >= threshold


def activity_can_preview(*, user) -> bool:
    return user.is_authenticated and user.has_perm(EDIT_PERMISSION)


def activity_get_playable(*, pk: int, user=None) -> H5PActivity | None:
    """A published activity, or any activity for an editor previewing it; None when unreachable."""
    activity = activity_get(pk=pk)
    if activity is None:
        return None
    if activity.is_published or (user is not None and activity_can_preview(user=user)):
        return activity
    return None


def activity_cache_key(pk: int) -> str:
    return f"h5p:activity:v1:{pk}"


def activity_get(*, pk: int) -> H5PActivity | None:
    """The activity, from the cache when it is there."""
    activity = cache.get(activity_cache_key(pk))
    if activity is None:
        activity = H5PActivity.objects.filter(pk=pk).first()
        if activity is not None:
            cache.set(activity_cache_key(pk), activity, ACTIVITY_CACHE_SECONDS)
    return activity


def activities_published() -> QuerySet[H5PActivity]:
    return H5PActivity.objects.filter(is_published=True)


def content_state_get(*, learner, activity_id: int, data_type: str, sub_content_id: str) -> str | None:
    return (
        H5PContentState.objects.filter(
            learner=learner, activity_id=activity_id, data_type=data_type, sub_content_id=sub_content_id
        )
        .values_list("data", flat=True)
        .first()
    )
