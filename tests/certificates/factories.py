"""Completed enrollments and certificates issued the real way: through the courses and certificates services."""

from unittest import mock

from django.test import TestCase

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import Enrollment
from courses.progress import enrollment_complete
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory


def completed_enrollment(*, learner=None, course=None, **course_fields) -> Enrollment:
    """An enrollment completed through `enrollment_complete`, so `course_completed` fires after commit."""
    learner = learner or UserFactory()
    course = course or course_with_lessons(1, **course_fields)
    enrollment = Enrollment.objects.create(learner=learner, course=course)
    with TestCase.captureOnCommitCallbacks(execute=True):
        enrollment_complete(enrollment=enrollment)
    enrollment.refresh_from_db()
    return enrollment


def issued_certificate(*, email: bool = False, **kwargs) -> Certificate:
    """A certificate issued through the signal for a fresh completed enrollment.

    The e-mail (and so the PDF rendering) is left out unless asked for: most tests are about something else,
    and a PDF costs a few hundred milliseconds. Downloads then render it on demand, as in production.
    """
    if email:
        enrollment = completed_enrollment(**kwargs)
    else:
        with mock.patch("certificates.tasks.certificate_email_task.delay"):
            enrollment = completed_enrollment(**kwargs)
    return Certificate.objects.filter(enrollment=enrollment).first() or certificate_issue(enrollment=enrollment)
