import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.tasks import certificates_expiry_notices_task
from courses.models import Enrollment
from courses.progress import enrollment_complete
from tests.certificates.conftest import dutch
from tests.certificates.factories import issued_certificate

pytestmark = pytest.mark.django_db


def _expiring_in(days: int) -> Certificate:
    certificate = issued_certificate(certificate_validity_months=12)
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )
    certificate.refresh_from_db()
    return certificate


def test_learners_are_told_once_before_their_certificate_expires(mailoutbox, settings):
    settings.CERTIFICATE_EXPIRY_NOTICE_DAYS = 30
    soon = _expiring_in(10)
    later = _expiring_in(90)

    certificates_expiry_notices_task.delay().get()
    certificates_expiry_notices_task.delay().get()

    assert [message.to for message in mailoutbox] == [[soon.learner.email]]
    renew_path = reverse("certificates:renew", args=[soon.pk])
    assert renew_path in mailoutbox[0].body
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.expiry_notice_sent_at is not None
    assert later.expiry_notice_sent_at is None


def test_no_notice_for_revoked_or_already_renewed_certificates(mailoutbox):
    revoked = _expiring_in(5)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now(), revoked_reason="error")
    renewed = _expiring_in(5)
    Enrollment.objects.create(learner=renewed.learner, course=renewed.enrollment.course, cycle=2)

    certificates_expiry_notices_task.delay().get()

    assert mailoutbox == []


def test_renewing_starts_a_new_cycle_and_completing_it_issues_a_new_certificate(client):
    old = _expiring_in(-1)  # expired yesterday
    client.force_login(old.learner)
    url = reverse("certificates:renew", args=[old.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    response = client.post(url)

    course = old.enrollment.course
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:resume", args=[course.pk])
    renewed = Enrollment.objects.get(learner=old.learner, course=course, cycle=2)
    assert client.post(url).status_code == 302  # a second click keeps the same cycle
    assert Enrollment.objects.filter(learner=old.learner, course=course).count() == 2

    with TestCase.captureOnCommitCallbacks(execute=True):
        enrollment_complete(enrollment=renewed)
    new = Certificate.objects.get(enrollment=renewed)
    assert new.code != old.code
    assert new.status == Certificate.Status.VALID
    assert dutch("Expired") in client.get(reverse("certificates:verify_code", args=[old.code])).text
    assert dutch("Valid") in client.get(reverse("certificates:verify_code", args=[new.code])).text


def test_only_the_holder_can_renew(client):
    from tests.factories import UserFactory

    certificate = _expiring_in(-1)
    client.force_login(UserFactory())
    assert client.post(reverse("certificates:renew", args=[certificate.pk])).status_code == 404
