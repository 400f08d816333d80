import datetime
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from certificates.models import Certificate
from certificates.services import CERTIFICATE_NOT_COMPLETED, certificate_issue
from certificates.tasks import certificate_email_task, certificate_issue_task, certificates_issue_missing_task
from courses.models import Enrollment
from courses.progress import enrollment_complete
from courses.services import enrollment_renew
from tests.certificates.factories import completed_enrollment
from tests.courses.factories import EnrollmentFactory, course_with_lessons
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_a_frozen_certificate_and_emails_it(mailoutbox):
    learner = UserFactory(first_name="Eva", last_name="de Vries")
    enrollment = completed_enrollment(learner=learner, title="Herken de signalen", certificate_validity_months=24)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.learner == learner
    assert certificate.learner_name == "Eva de Vries"
    assert certificate.course_title == "Herken de signalen"
    assert certificate.course_version == enrollment.course.live_revision_id
    assert certificate.completed_at == enrollment.completed_at
    assert certificate.expires_on == timezone.localdate(enrollment.completed_at) + relativedelta(months=24)
    assert certificate.score_percent is None  # the course has no quiz
    assert certificate.status == Certificate.Status.VALID
    assert certificate.emailed_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]
    assert certificate.display_code in mailoutbox[0].body
    [(filename, content, mime)] = mailoutbox[0].attachments
    assert mime == "application/pdf" and content.startswith(b"%PDF") and filename.endswith(".pdf")


@pytest.mark.parametrize(
    ("completed", "months", "expires"),
    [("2025-03-10", 12, "2026-03-10"), ("2025-08-31", 6, "2026-02-28"), ("2024-02-29", 12, "2025-02-28")],
)
def test_expiry_is_the_completion_date_plus_the_courses_validity(completed, months, expires):
    enrollment = EnrollmentFactory(course=course_with_lessons(1, certificate_validity_months=months))
    at = timezone.make_aware(datetime.datetime.fromisoformat(completed).replace(hour=12))
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.COMPLETED, completed_at=at)
    certificate = certificate_issue(enrollment=enrollment)
    assert certificate.expires_on == datetime.date.fromisoformat(expires)


def test_a_course_without_validity_gives_a_certificate_without_expiry():
    assert completed_enrollment().certificate.expires_on is None


def test_later_changes_to_the_name_and_the_course_do_not_change_the_certificate():
    enrollment = completed_enrollment()
    certificate = enrollment.certificate
    name, title = certificate.learner_name, certificate.course_title
    enrollment.learner.first_name = "Someone"
    enrollment.learner.save()
    enrollment.course.title = "A new title"
    enrollment.course.save_revision().publish()
    certificate.refresh_from_db()
    assert (certificate.learner_name, certificate.course_title) == (name, title)


def test_the_issue_task_run_twice_gives_one_certificate_and_one_email(mailoutbox):
    enrollment = completed_enrollment()
    assert len(mailoutbox) == 1

    first = certificate_issue_task.delay(enrollment.pk).get()
    second = certificate_issue_task.delay(enrollment.pk).get()
    certificate_email_task.delay(first).get()

    assert first == second == enrollment.certificate.pk
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert len(mailoutbox) == 1


def test_the_email_is_not_sent_twice_when_the_task_is_redelivered(mailoutbox):
    enrollment = completed_enrollment()
    certificate = enrollment.certificate
    Certificate.objects.filter(pk=certificate.pk).update(emailed_at=None)
    mailoutbox.clear()

    assert certificate_email_task.delay(certificate.pk).get() is True
    assert certificate_email_task.delay(certificate.pk).get() is False
    assert len(mailoutbox) == 1


def test_a_failed_send_is_not_marked_as_sent_so_the_retry_sends_it(mailoutbox):
    enrollment = completed_enrollment()
    certificate = enrollment.certificate
    Certificate.objects.filter(pk=certificate.pk).update(emailed_at=None)
    mailoutbox.clear()
    certificate.refresh_from_db()

    from certificates.services import certificate_email_send

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP away")):
        assert certificate_email_send(certificate=certificate) is False  # recorded, not raised
    certificate.refresh_from_db()
    assert certificate.emailed_at is None
    assert certificate.email_attempts == 1
    assert certificate_email_send(certificate=certificate) is True
    assert len(mailoutbox) == 1


def test_an_uncompleted_enrollment_gets_no_certificate():
    enrollment = EnrollmentFactory()
    with pytest.raises(ValidationError) as caught:
        certificate_issue(enrollment=enrollment)
    assert caught.value.messages == [str(CERTIFICATE_NOT_COMPLETED)]
    assert not Certificate.objects.exists()


def test_the_certificate_is_in_the_language_the_learner_finished_in():
    with translation.override("en"):
        enrollment = completed_enrollment()
    assert enrollment.certificate.language == "en"
    with translation.override("nl"):
        assert completed_enrollment().certificate.language == "nl"


def test_a_completion_while_the_broker_is_down_is_issued_by_the_catch_up_task(
    mailoutbox, django_capture_on_commit_callbacks
):
    learner = UserFactory()
    with mock.patch("certificates.tasks.certificate_issue_task.delay", side_effect=BrokerError("connection refused")):
        enrollment = completed_enrollment(learner=learner)  # the learner's request does not fail
    assert enrollment.is_completed
    assert not Certificate.objects.filter(enrollment=enrollment).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_issue_missing_task.delay().get() == 1
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert len(mailoutbox) == 1
    assert certificates_issue_missing_task.delay().get() == 0  # nothing left to catch up


def test_each_completed_cycle_gets_its_own_certificate():
    enrollment = completed_enrollment(certificate_validity_months=12)
    renewed = enrollment_renew(learner=enrollment.learner, course=enrollment.course)
    assert renewed.cycle == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        enrollment_complete(enrollment=renewed)
    codes = set(Certificate.objects.filter(learner=enrollment.learner).values_list("code", flat=True))
    assert len(codes) == 2
    assert Enrollment.objects.get(pk=renewed.pk).certificate.code != enrollment.certificate.code
