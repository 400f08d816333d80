"""Simultaneous requests on one enrolment or one completion: one does the work, the others see its result.
PostgreSQL only: it needs row locks and real concurrent connections."""

import pytest
from django.db import connection

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import Enrollment
from courses.progress import enrollment_complete
from courses.services import enrollment_create
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory
from tests.race import race

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_ten_simultaneous_enrolments_make_one(mailoutbox):
    learner, course = UserFactory(), course_with_lessons(1)

    enrollments = race(*[lambda: enrollment_create(learner=learner, course=course)] * 10)

    assert len({enrollment.pk for enrollment in enrollments}) == 1
    assert Enrollment.objects.filter(learner=learner, course=course).count() == 1


def test_ten_simultaneous_completions_issue_one_certificate_and_one_email(mailoutbox):
    learner, course = UserFactory(), course_with_lessons(1)
    enrollment = Enrollment.objects.create(learner=learner, course=course)

    def complete():
        enrollment_complete(enrollment=Enrollment(pk=enrollment.pk))
        return certificate_issue(enrollment=Enrollment(pk=enrollment.pk)).pk

    certificates = race(*[complete] * 10)

    assert len(set(certificates)) == 1
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert len(mailoutbox) == 1
