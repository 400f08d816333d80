"""Through a real broker and worker: a learner's certificate does not wait behind an organisation's bulk mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certificates.models import Certificate
from certificates.tasks import certificate_issue_task
from courses.models import Enrollment
from organisations.models import Invitation
from organisations.tasks import invitations_send_task
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory
from tests.integration.conftest import celery_worker_process, wait_until  # noqa: F401
from tests.organisations.factories import OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BATCHES, PER_BATCH = 12, 5


def _invitation_batches(organisation) -> list[list[int]]:
    expires = timezone.now() + timedelta(days=14)
    invitations = Invitation.objects.bulk_create(
        Invitation(organisation=organisation, email=f"persoon{n}@gemeente.example", expires_at=expires)
        for n in range(BATCHES * PER_BATCH)
    )
    ids = [invitation.pk for invitation in invitations]
    return [ids[start : start + PER_BATCH] for start in range(0, len(ids), PER_BATCH)]


def test_a_certificate_is_issued_before_the_rest_of_a_bulk_mailing(celery_worker_process):  # noqa: F811
    enrollment = Enrollment.objects.create(
        learner=UserFactory(),
        course=course_with_lessons(1),
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now(),
        progress_percent=100,
    )  # completed without the signal: its certificate task is the one queued below
    batches = _invitation_batches(OrganisationFactory())

    for batch in batches:  # an import of 60 people: the worker takes the first batch at once
        invitations_send_task.delay(batch)
    certificate_issue_task.delay(enrollment.pk)

    certificate = wait_until(lambda: Certificate.objects.filter(enrollment=enrollment).first(), timeout=60)
    wait_until(lambda: not Invitation.objects.filter(sent_at__isnull=True).exists(), timeout=120)
    sent_before = Invitation.objects.filter(sent_at__lt=certificate.issued_at).count()

    assert sent_before <= 2 * PER_BATCH, f"{sent_before} invitations went before the certificate"
    assert Invitation.objects.filter(sent_at__isnull=False).count() == BATCHES * PER_BATCH  # and the rest went too
