"""A certificate's PDF or e-mail that fails never fails the learner: it is recorded and caught up later."""

from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificates_email_unsent
from courses.models import Enrollment
from tests.certificates.factories import completed_enrollment, issued_certificate
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RENDER = "certificates.services.certificate_pdf"


def _finish_course(client, django_capture_on_commit_callbacks):
    """The learner enrols in a one-lesson course and presses "Klaar", with tasks in-process."""
    learner = UserFactory()
    client.force_login(learner)
    course = course_with_lessons(1)
    lesson = course.get_children().live().specific().first()
    client.post(reverse("courses:enroll", args=[course.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))
    return response, Enrollment.objects.get(learner=learner, course=course)


def test_a_pdf_that_cannot_be_rendered_does_not_fail_the_learners_klaar(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with mock.patch(RENDER, side_effect=RuntimeError("renderer crashed")):
        response, enrollment = _finish_course(client, django_capture_on_commit_callbacks)

    assert response.status_code == HTTPStatus.FOUND
    assert enrollment.is_completed
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.emailed_at is None and not certificate.pdf
    assert certificate.email_attempts == 1 and certificate.email_next_attempt_at > timezone.now()
    assert mailoutbox == []


def test_the_catch_up_sends_the_certificate_once_the_renderer_works_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with mock.patch(RENDER, side_effect=RuntimeError("renderer crashed")):
        _response, enrollment = _finish_course(client, django_capture_on_commit_callbacks)

    assert certificates_email_unsent() == []  # not due yet: the backoff holds it back
    later = timezone.now() + timedelta(hours=2)
    sent = certificates_email_unsent(now=later)
    certificates_email_unsent(now=later + timedelta(hours=2))

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert sent == [certificate.pk]
    assert certificate.emailed_at is not None and certificate.pdf
    assert len(mailoutbox) == 1


def test_a_mail_server_that_is_down_is_retried_with_growing_pauses_until_it_is_back(mail_server, mailoutbox):
    mail_server.down()
    enrollment = completed_enrollment()
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.emailed_at is None and certificate.email_attempts == 1

    now = timezone.now()
    pauses = []
    for hours in (1, 2, 3):
        certificates_email_unsent(now=now + timedelta(hours=hours))
        certificate.refresh_from_db()
        pauses.append(certificate.email_next_attempt_at - timezone.now())
    assert certificate.email_attempts == 4
    assert pauses[0] < pauses[1] < pauses[2] <= timedelta(hours=1)

    mail_server.up()
    certificates_email_unsent(now=now + timedelta(hours=5))
    certificates_email_unsent(now=now + timedelta(hours=6))
    certificate.refresh_from_db()
    assert certificate.emailed_at is not None
    assert len(mailoutbox) == 1


def test_a_download_while_the_renderer_fails_is_a_503_not_a_500(client):
    certificate = issued_certificate()
    client.force_login(certificate.learner)

    with mock.patch(RENDER, side_effect=RuntimeError("renderer crashed")):
        response = client.get(reverse("certificates:download", args=[certificate.pk]))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]
    assert "Even geduld" in response.text


def test_an_issue_task_that_fails_in_process_does_not_fail_the_klaar(client, django_capture_on_commit_callbacks):
    with mock.patch("certificates.services.certificate_issue", side_effect=RuntimeError("bug")):
        response, enrollment = _finish_course(client, django_capture_on_commit_callbacks)

    assert response.status_code == HTTPStatus.FOUND
    assert enrollment.is_completed and not Certificate.objects.filter(enrollment=enrollment).exists()
