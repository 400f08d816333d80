"""Asks the activity engines whether a learner passed the activities of a lesson. Two queries, whatever the count."""

from collections.abc import Iterable

from courses.models import LessonActivity
from h5p.selectors import activity_is_passed, best_results
from quizzes.selectors import quiz_passed_ids


def passed_activity_keys(*, learner, activities: Iterable[LessonActivity]) -> set[tuple[str, int]]:
    activities = list(activities)
    quiz_ids = [a.activity_id for a in activities if a.kind == LessonActivity.Kind.QUIZ]
    h5p = {a.activity_id: a.pass_threshold for a in activities if a.kind == LessonActivity.Kind.H5P}
    passed = {
        (LessonActivity.Kind.QUIZ.value, quiz_id) for quiz_id in quiz_passed_ids(learner=learner, quiz_ids=quiz_ids)
    }
    if h5p:
        results = best_results(learner=learner, activity_ids=list(h5p))
        passed |= {
            (LessonActivity.Kind.H5P.value, activity_id)
            for activity_id, result in results.items()
            if activity_is_passed(result, h5p[activity_id] / 100)
        }
    return passed
