from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from h5p.access import activity_policy_allows
from h5p.models import H5PActivity, H5PContentState, H5PResult, H5PStatement

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


def best_results(
    *, learner: AbstractBaseUser, activity_ids: list[int], since: datetime | None = None
) -> dict[int, ActivityResult]:
    """The best result per activity for one learner, in one query; activities without one are absent.

    With ``since``, only statements sent from then on count (a course's current enrolment cycle); without it,
    the best result ever (the learner's history).
    """
    if not activity_ids or not learner.is_authenticated:
        return {}
    if since is None:
        rows = H5PResult.objects.filter(learner=learner, activity_id__in=activity_ids).values_list(
            "activity_id", "scaled", "completed", "attempts"
        )
        return {row[0]: ActivityResult(*row) for row in rows}
    rows = (
        H5PStatement.objects.filter(
            learner=learner, activity_id__in=activity_ids, is_child=False, created_at__gte=since
        )
        .values("activity_id")
        .annotate(best=Max("scaled"), completions=Count("pk", filter=Q(completed=True)), attempts=Count("pk"))
        .values_list("activity_id", "best", "completions", "attempts")
    )
    return {pk: ActivityResult(pk, best, completions > 0, attempts) for pk, best, completions, attempts in rows}


def activity_is_passed(result: ActivityResult | None, threshold: float) -> bool:
    """Passed when the scaled score reaches the threshold (0..1).

    A threshold asks for a score: a bare "completed" does not pass it. Only with a threshold of 0 (content
    without a score, such as an accordion) does completing it pass.
    """
    if result is None:
        return False
    if result.scaled is None:
        return threshold == 0 and result.completed
    return result.scaled >= threshold


def activity_can_preview(*, user) -> bool:
    return user.is_authenticated and user.has_perm(EDIT_PERMISSION)


def activity_get_usable(*, pk: int, user) -> H5PActivity | None:
    """The activity if ``user`` may play it: published and allowed by the access policy, or for an editor
    previewing it. None when unreachable, so that callers answer 404 and reveal nothing."""
    activity = activity_get(pk=pk)
    if activity is None:
        return None
    if activity.is_published and activity_policy_allows(user=user, activity_id=pk):
        return activity
    return activity if activity_can_preview(user=user) else None


def activity_get_published(*, pk: int) -> H5PActivity | None:
    activity = activity_get(pk=pk)
    return activity if activity is not None and activity.is_published else None


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
