from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import connections, router
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, Max, Q, QuerySet

from h5p.access import activity_policy_allows, activity_policy_cache_keys
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
    # Asked on every lesson page with an activity: plain SQL, because compiling this aggregate in the ORM cost
    # more CPU than the page's other queries together.
    database = router.db_for_read(H5PStatement)
    connection = connections[database]
    activity_ids = [int(pk) for pk in activity_ids]
    sql = statement_totals_sql(len(activity_ids), since="%s")
    params = statement_totals_params(learner_id=learner.pk, activity_ids=activity_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, connection.ops.adapt_datetimefield_value(since)])
        return best_results_from_rows(cursor.fetchall())


def statement_totals_sql(activity_count: int, *, since: str) -> str:
    """SQL for (activity id, best scaled score, completions, statements) of one learner's top-level statements at
    ``activity_count`` activities sent from ``since`` on (an SQL expression). Its parameters:
    ``statement_totals_params``, then those of ``since``. Other queries include it whole
    (``courses.selectors.learner_in_course``)."""
    ids = ", ".join(["%s"] * activity_count)
    return (
        "SELECT activity_id, MAX(scaled), SUM(CASE WHEN completed THEN 1 ELSE 0 END), COUNT(*) "
        f"FROM h5p_h5pstatement WHERE learner_id = %s AND activity_id IN ({ids}) AND is_child = %s "
        f"AND created_at >= {since} GROUP BY activity_id"
    )


def statement_totals_params(*, learner_id: int, activity_ids: list[int]) -> list:
    return [learner_id, *activity_ids, False]


def best_results_from_rows(rows) -> dict[int, ActivityResult]:
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
    if hasattr(cache, "prefetch"):  # the activity and what the policy reads, in one round trip
        keys = [activity_cache_key(pk), *activity_policy_cache_keys(user=user, activity_id=pk)]
        cache.prefetch([cache.make_key_for(key) for key in keys])
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


# One activity's results, one row per learner: the report for editors and teachers.
RESULT_ORDERINGS = {
    "attempts": (F("attempts").asc(), "learner_id"),
    "-attempts": (F("attempts").desc(), "learner_id"),
    "score": (F("best_scaled").asc(nulls_first=True), "learner_id"),
    "-score": (F("best_scaled").desc(nulls_last=True), "learner_id"),
    "completed": (F("has_completed").asc(), "learner_id"),
    "-completed": (F("has_completed").desc(), "learner_id"),
    "last_active": (F("last_active").asc(), "learner_id"),
    "-last_active": (F("last_active").desc(), "learner_id"),
}
RESULT_ORDERING_DEFAULT = "-last_active"


@dataclass(frozen=True)
class ResultsSummary:
    started: int
    completed: int
    average_scaled: float | None
    median_attempts: float | None


def activity_results(
    *, activity_id: int, learner_ids=None, since: datetime | None = None, ordering: str = RESULT_ORDERING_DEFAULT
) -> QuerySet:
    """One row per learner with at least one attempt: a dict of ``learner_id``, ``attempts``, ``best_scaled``
    (0..1, or None for content without a score), ``has_completed`` and ``last_active``. One query.

    Without ``since`` the stored best results (the learner's history); with it, the top-level statements sent
    from then on, counted as ``best_results`` counts them. ``learner_ids`` (ids or a subquery) narrows it to
    some learners; ``ordering`` is a key of ``RESULT_ORDERINGS``.
    """
    if since is None:
        rows = H5PResult.objects.filter(activity_id=activity_id)
        if learner_ids is not None:
            rows = rows.filter(learner_id__in=learner_ids)
        rows = rows.annotate(best_scaled=F("scaled"), has_completed=F("completed"), last_active=F("updated_at"))
    else:
        rows = H5PStatement.objects.filter(activity_id=activity_id, is_child=False, created_at__gte=since)
        if learner_ids is not None:
            rows = rows.filter(learner_id__in=learner_ids)
        rows = (
            rows.values("learner_id")
            .annotate(
                attempts=Count("pk"),
                best_scaled=Max("scaled"),
                completions=Count("pk", filter=Q(completed=True)),
                last_active=Max("created_at"),
            )
            .annotate(has_completed=ExpressionWrapper(Q(completions__gt=0), output_field=BooleanField()))
        )
    order = RESULT_ORDERINGS.get(ordering, RESULT_ORDERINGS[RESULT_ORDERING_DEFAULT])
    return rows.values("learner_id", "attempts", "best_scaled", "has_completed", "last_active").order_by(*order)


def activity_results_summary(rows: QuerySet) -> ResultsSummary:
    """Learners who started and completed, the average best score and the median attempts of
    ``activity_results`` rows. Two queries, whatever the number of learners."""
    rows = rows.order_by()
    totals = rows.aggregate(
        started=Count("learner_id"),
        completed=Count("learner_id", filter=Q(has_completed=True)),
        average=Avg("best_scaled"),
    )
    started = totals["started"]
    if not started:
        return ResultsSummary(started=0, completed=0, average_scaled=None, median_attempts=None)
    middle = (started - 1) // 2
    attempts = list(rows.order_by("attempts").values_list("attempts", flat=True)[middle : started // 2 + 1])
    return ResultsSummary(
        started=started,
        completed=totals["completed"],
        average_scaled=totals["average"],
        median_attempts=sum(attempts) / len(attempts),
    )


def learner_names(*, learner_ids: list[int]) -> dict[int, str]:
    """Each learner's name, or e-mail address, for a report. One query."""
    users = get_user_model().objects.filter(pk__in=learner_ids).only("first_name", "last_name", "email").order_by()
    return {user.pk: str(user.display_name) for user in users}
