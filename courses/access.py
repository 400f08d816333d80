"""The access policy that courses gives both activity engines (``QUIZZES_ACCESS_POLICY``, ``H5P_ACCESS_POLICY``).

A learner may use an activity while it sits in a live lesson of a live course they are enrolled in. The
engines ask on every request (a page, an answer, an xAPI statement, a saved state), so the answer is cached:
where an activity is placed, under the tree version (publishing, unpublishing or moving a page changes it), and
a learner's "yes" under the same version. A "no" is never cached: it is asked again next time.
"""

from datetime import datetime

from django.core.cache import cache
from django.db.models import Max
from wagtail.models import Page

from courses.models import CoursePage, Enrollment, LessonActivity
from pagecache.routing import ROUTE_SECONDS, tree_version


def quiz_usable(*, user, activity_id: int) -> bool:
    return activity_usable(user=user, kind=LessonActivity.Kind.QUIZ, activity_id=activity_id)


def h5p_usable(*, user, activity_id: int) -> bool:
    return activity_usable(user=user, kind=LessonActivity.Kind.H5P, activity_id=activity_id)


def quiz_cycle_start(*, user, activity_id: int) -> datetime | None:
    """When the learner's current enrolment cycle began, in the newest course that has the quiz; None if never.

    The quizzes engine counts attempts (and their limit) from then on.
    """
    course_ids = activity_course_ids(kind=LessonActivity.Kind.QUIZ, activity_id=activity_id, version=tree_version())
    if not (user.is_authenticated and course_ids):
        return None
    enrollments = Enrollment.objects.filter(learner=user, course_id__in=course_ids)
    return enrollments.aggregate(started=Max("created_at"))["started"]


def h5p_usable_cache_keys(*, user, activity_id: int) -> list[str]:
    """What ``h5p_usable`` reads from the cache first: the engine reads it with its own keys, in one round trip."""
    return [_granted_key(user=user, kind=LessonActivity.Kind.H5P, activity_id=activity_id, version=tree_version())]


def _granted_key(*, user, kind: str, activity_id: int, version: int) -> str:
    return f"courses:access:v1:{user.pk}:{kind}:{activity_id}:{version}"


def activity_usable(*, user, kind: str, activity_id: int) -> bool:
    """Whether ``user`` is enrolled in a live course that has the activity in one of its live lessons."""
    if not user.is_authenticated:
        return False
    version = tree_version()
    granted_key = _granted_key(user=user, kind=kind, activity_id=activity_id, version=version)
    if cache.get(granted_key):
        return True
    course_ids = activity_course_ids(kind=kind, activity_id=activity_id, version=version)
    if not (course_ids and Enrollment.objects.filter(learner=user, course_id__in=course_ids).exists()):
        return False
    cache.set(granted_key, True, ROUTE_SECONDS)
    return True


def activity_course_ids(*, kind: str, activity_id: int, version: int) -> list[int]:
    """The live courses with the activity in a live lesson; cached under the tree version ``version``."""

    def placements() -> list[int]:
        lesson_paths = LessonActivity.objects.filter(kind=kind, activity_id=activity_id, lesson__live=True).values_list(
            "lesson__path", flat=True
        )
        course_paths = {path[: -Page.steplen] for path in lesson_paths}
        return list(CoursePage.objects.live().filter(path__in=course_paths).values_list("pk", flat=True))

    return cache.get_or_set(f"courses:placements:v1:{kind}:{activity_id}:{version}", placements, ROUTE_SECONDS)
