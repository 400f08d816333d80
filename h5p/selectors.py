from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from h5p.models import H5PActivity, H5PContentState, H5PResult

EDIT_PERMISSION = "h5p.change_h5pactivity"


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
    activity = H5PActivity.objects.filter(pk=pk).first()
    if activity is None:
        return None
    if activity.is_published or (user is not None and activity_can_preview(user=user)):
        return activity
    return None


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
