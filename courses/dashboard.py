"""The courses' sections of the dashboard "Mijn leren"."""

from courses.models import CourseIndexPage, Enrollment
from courses.selectors import learner_enrollments


def _enrollments(request) -> list[Enrollment]:
    # Both sections read the same rows: fetch them once per request.
    if not hasattr(request, "_dashboard_enrollments"):
        request._dashboard_enrollments = list(learner_enrollments(learner=request.user))
    return request._dashboard_enrollments


def courses_in_progress_section(request, section_class):
    enrollments = [e for e in _enrollments(request) if not e.is_completed]
    catalogue = None if enrollments else CourseIndexPage.objects.live().first()
    return section_class("courses/dashboard/in_progress.html", {"enrollments": enrollments, "catalogue": catalogue})


def completed_courses_section(request, section_class):
    enrollments = [e for e in _enrollments(request) if e.is_completed]
    return section_class("courses/dashboard/completed.html", {"enrollments": enrollments})
